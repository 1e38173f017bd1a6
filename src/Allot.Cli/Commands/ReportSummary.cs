namespace Allot.Cli.Commands;

/// <summary>What <c>allot report</c> prints (one JSON line).</summary>
/// <param name="Status"><c>failed</c> when a check failed, <c>warnings</c> when every check passed but a section carries
/// warnings (e.g. a retail period that completed with warnings), else <c>ok</c>.</param>
/// <param name="Report">The HTML report written.</param>
/// <param name="Sections">Sections in the report.</param>
public sealed record ReportSummary(string Status, string Report, int Sections);
