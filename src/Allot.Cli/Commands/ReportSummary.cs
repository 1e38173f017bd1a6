namespace Allot.Cli.Commands;

/// <summary>What <c>allot report</c> prints (one JSON line).</summary>
/// <param name="Status"><c>ok</c> when every check passed, otherwise <c>failed</c>.</param>
/// <param name="Report">The HTML report written.</param>
/// <param name="Sections">Sections in the report.</param>
public sealed record ReportSummary(string Status, string Report, int Sections);
