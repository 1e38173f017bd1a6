using System.Diagnostics;
using System.Text;
using Allot.Cli.Progress;
using Allot.Data.Publishing;
using Allot.Reporting;
using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;
using Allot.Retail.Reports;
using Allot.Segment1A;
using Allot.Segment1A.Fixtures;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Reporting;
using Allot.Segment1B;
using Allot.Segment1B.Fixtures;
using Allot.Segment1B.Reporting;
using RetailFixtures = Allot.Retail.Fixtures;

namespace Allot.Cli.Demo;

/// <summary>
/// The main job: generates sample inputs for the three systems inside one folder, runs retail Step 32 for
/// periods A and B, Segment 1B S0→S4 and Segment 1A S7, validates each output with its validator, and writes one
/// self-contained HTML run report. Composition only: every allocation is done by the systems' own runners.
/// </summary>
public static class DemoRunner
{
    /// <summary>Number of progress steps the demo reports.</summary>
    public const int Steps = 8;

    /// <summary>Fixture identity of the demo's Segment 1A root (seed and fingerprint feed the RNG).</summary>
    public const string S7Fingerprint = "5a1f0e7d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f";

    /// <summary>Runs the demo.</summary>
    public static DemoResult Run(DemoOptions options, StepProgress progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Scale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "scale must be ≥ 1");
        }

        var sw = Stopwatch.StartNew();
        var root = Path.GetFullPath(options.OutputDir);
        Folders.Create(root);
        var sections = new List<ReportSection>();
        var s = options.Scale;

        // Retail Step 32, periods A and B.
        var retailIn = Path.Combine(root, "retail", "input");
        var retailOut = Path.Combine(root, "retail", "output");
        progress.Step("retail: generate inputs for 202509 A and B", () => RetailFixtures.FixtureGenerator.Write(retailIn, new RetailFixtures.FixtureSpec { Stores = 120 * s, Rows = 60 * s, StoresPerGroup = 30 }), f => (f.Count, "files"));
        foreach (var half in new[] { "A", "B" })
        {
            var period = TargetPeriod.Parse("202509", half);
            progress.Step(
                $"retail: allocate {period.Token}",
                () => Step32Runner.Allocate(new AllocateRequest(period, new InputPaths { InputDir = retailIn }, retailOut, new AllocationParameters(), new RunOptions { Threads = options.Workers })),
                r => (r.Totals.StoreRowsConsidered, "store rows"));
            sections.Add(RetailReportSection.Build(retailOut, period, validate: true));
        }

        // Segment 1B: fixtures, S0 + S4, validate (inside the section).
        var s4Root = Path.Combine(root, "segment1b");
        var identity = progress.Step("segment1b: generate data root", () => FixtureGenerator.Generate(s4Root, new FixtureOptions(Merchants: 400 * s, Countries: 40, TilesPerCountry: 2000, Seed: 7)));
        var layout = new Segment1BLayout(s4Root, identity);
        progress.Step("segment1b: S0 gate + S4 plan", () => S4Runner.Run(layout, options.Workers, skipS0: false), r => (r.Report.RowsEmitted, "plan rows"));
        sections.Add(progress.Step("segment1b: validate-s4 + report", () => Segment1BReportSection.Build(layout, validate: true)));

        // Segment 1A: fixtures, S7, validate (inside the section).
        var s7Root = Path.Combine(root, "segment1a");
        var lineage = S7Lineage.Parse("9248923", "demoparams", S7Fingerprint);
        progress.Step("segment1a: generate data root", () => S7FixtureGenerator.Write(new S7FixtureOptions(s7Root, lineage, Merchants: 3000 * s)), n => (n, "rows"));
        var inputs = new S7InputOptions(s7Root, lineage);
        progress.Step("segment1a: S7 run + validate-s7 + report", () =>
        {
            var result = S7Runner.Run(new S7RunOptions(inputs, options.Workers));
            sections.Add(Segment1AReportSection.Build(result.ReportPath, inputs, validate: true));
            return result;
        }, r => (r.Merchants, "merchants"));

        var report = new HtmlReport("Allot demo — run report", $"All three systems on generated sample data (scale {s}), each output checked by its validator. Folder: {root}");
        report.Sections.AddRange(sections);
        var reportPath = Path.Combine(root, "report.html");
        File.WriteAllText(reportPath, report.Render(), new UTF8Encoding(false));
        return new DemoResult(root, reportPath, sections, sw.Elapsed.TotalSeconds);
    }
}
