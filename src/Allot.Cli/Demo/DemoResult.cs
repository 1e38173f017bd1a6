using Allot.Reporting;

namespace Allot.Cli.Demo;

/// <summary>What <c>allot demo</c> produced.</summary>
/// <param name="OutputDir">The demo's folder.</param>
/// <param name="ReportPath">The HTML run report.</param>
/// <param name="Sections">Per system: key numbers and checks.</param>
/// <param name="Seconds">Wall time of the whole demo.</param>
public sealed record DemoResult(string OutputDir, string ReportPath, IReadOnlyList<ReportSection> Sections, double Seconds)
{
    /// <summary>True when every check of every system passed.</summary>
    public bool AllPassed => Sections.All(s => s.AllPassed);
}
