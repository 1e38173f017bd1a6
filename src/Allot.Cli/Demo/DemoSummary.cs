using Allot.Data.Json;

namespace Allot.Cli.Demo;

/// <summary>What <c>allot demo --json</c> prints (one line).</summary>
/// <param name="Status"><see cref="RunStatus.Failed"/> when a check failed, <see cref="RunStatus.Warnings"/> when every check passed but a section carries warnings, else <see cref="RunStatus.Ok"/>.</param>
/// <param name="OutputDir">The demo folder.</param>
/// <param name="Report">The HTML run report.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Systems">One entry per report section.</param>
public sealed record DemoSummary(string Status, string OutputDir, string Report, double Seconds, IReadOnlyList<DemoSystemSummary> Systems)
{
    /// <summary>The summary of <paramref name="r"/>.</summary>
    public static DemoSummary From(DemoResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(
            !r.AllPassed ? RunStatus.Failed : r.Sections.Any(s => s.HasWarnings) ? RunStatus.Warnings : RunStatus.Ok,
            r.OutputDir,
            r.ReportPath,
            Math.Round(r.Seconds, 3),
            [.. r.Sections.Select(s => new DemoSystemSummary(
                s.Title,
                s.AllPassed,
                s.Warnings,
                s.Numbers.GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => s.Count(g.Key) is { } count ? (object)count : g.Last().Value, StringComparer.Ordinal),
                [.. s.Checks.Select(c => new DemoCheck(c.Name, c.Passed, c.Detail))]))]);
    }
}

/// <summary>One system's part of the demo summary.</summary>
/// <param name="Title">The report section's title.</param>
/// <param name="Passed">Every check of the section passed.</param>
/// <param name="Warnings">What a person must review although the checks passed.</param>
/// <param name="Numbers">The section's key figures by label: counts as numbers, compound or formatted values as text.</param>
/// <param name="Checks">The section's checks in order.</param>
public sealed record DemoSystemSummary(string Title, bool Passed, IReadOnlyList<string> Warnings, IReadOnlyDictionary<string, object> Numbers, IReadOnlyList<DemoCheck> Checks);

/// <summary>One check of a demo section.</summary>
/// <param name="Name">What was checked.</param>
/// <param name="Passed">Whether it held.</param>
/// <param name="Detail">Evidence or the failure.</param>
public sealed record DemoCheck(string Name, bool Passed, string Detail);
