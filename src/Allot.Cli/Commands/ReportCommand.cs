using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Allot.Core.Errors;
using Allot.Data.Json;
using Allot.Data.Publishing;
using Allot.Reporting;
using Allot.Retail.Configuration;
using Allot.Retail.Reports;
using Allot.Segment1A;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Reporting;
using Allot.Segment1B;
using Allot.Segment1B.Reporting;

namespace Allot.Cli.Commands;

/// <summary><c>allot report</c>: one self-contained HTML run report for any finished runs of the three systems.</summary>
public static class ReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "The HTML file to write.", Required = true };
        var retailDir = new Option<string?>("--retail-output-dir") { Description = "Retail Step 32 output folder (the --output-dir of allot retail allocate)." };
        var retailPeriods = new Option<string[]>("--retail-period") { Description = "Period(s) to report from that folder, e.g. 202509A (repeatable; default: every period allocated into it).", AllowMultipleArgumentsPerToken = true };
        var s4Root = new Option<string?>("--segment1b-data-root") { Description = "Segment 1B data root (with --seed, --manifest-fingerprint, --parameter-hash)." };
        var seed = new Option<string?>("--seed") { Description = "Segment 1B seed token." };
        var fingerprint = new Option<string?>("--manifest-fingerprint") { Description = "Segment 1B manifest_fingerprint token." };
        var parameterHash = new Option<string?>("--parameter-hash") { Description = "Segment 1B parameter_hash token." };
        var s7Report = new Option<string?>("--segment1a-run-report") { Description = "The S7 run report JSON (its lineage and paths locate the cache)." };
        var s7Root = new Option<string?>("--segment1a-data-root") { Description = "Segment 1A data root of that run (for the validator)." };
        var noValidate = new Option<bool>("--no-validate") { Description = "Do not re-run the validators (faster on large runs; the report then shows only the run's own checks)." };
        var cmd = new Command(
            "report",
            "Write one self-contained HTML run report (key numbers, checks, pictures) for finished runs of any of the three systems.\n\n"
            + "Example:\n  allot report --output report.html --retail-output-dir output --retail-period 202509A --retail-period 202509B");
        foreach (var o in new Option[] { output, retailDir, retailPeriods, s4Root, seed, fingerprint, parameterHash, s7Report, s7Root, noValidate, JsonOption.Create() })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(p => CommandRunner.Run(
            () =>
            {
                var validate = !p.GetValue(noValidate);
                var path = Path.GetFullPath(p.GetValue(output)!);
                var periods = p.GetValue(retailDir) is { } folder
                    ? (p.GetValue(retailPeriods) is { Length: > 0 } named ? named.Select(RetailPeriod).DistinctBy(t => t.Token).ToList() : RetailReportSection.AllocatedPeriods(folder))
                    : [];
                RequireNotARunFile(path, p.GetValue(retailDir), [p.GetValue(s4Root), p.GetValue(s7Root)], p.GetValue(s7Report));
                var report = new HtmlReport("Allot — run report", string.Create(CultureInfo.InvariantCulture, $"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
                foreach (var period in periods)
                {
                    report.Sections.Add(RetailReportSection.Build(p.GetValue(retailDir)!, period, validate));
                }

                if (p.GetValue(s4Root) is { } root)
                {
                    var id = new Segment1BIdentity(Require(p.GetValue(seed), "--seed"), Require(p.GetValue(fingerprint), "--manifest-fingerprint"), Require(p.GetValue(parameterHash), "--parameter-hash"));
                    report.Sections.Add(Segment1BReportSection.Build(new Segment1BLayout(root, id), validate));
                }

                if (p.GetValue(s7Report) is { } s7)
                {
                    var r = S7RunReport.Read(s7);
                    var lineage = new S7Lineage(r.Seed, r.ParameterHash, r.ManifestFingerprint);
                    var dataRoot = p.GetValue(s7Root) ?? Require(null, "--segment1a-data-root");
                    report.Sections.Add(Segment1AReportSection.Build(s7, new S7InputOptions(dataRoot, lineage, r.NbFinalRunId), validate));
                }

                if (report.Sections.Count == 0)
                {
                    throw new AllotException(new AllotError("E_USAGE", ErrorClass.Usage, "nothing to report: give --retail-output-dir, --segment1b-data-root, or --segment1a-run-report."));
                }

                // Whole or not at all: a report cut short by a full disk must not replace the previous one.
                PartitionPublisher.WriteFileAtomically(path, Encoding.UTF8.GetBytes(report.Render()));
                var all = report.Sections.All(s => s.AllPassed);

                // As the demo says it: a period that completed with warnings is not "ok" (the page already said so).
                var status = !all ? RunStatus.Failed : report.Sections.Any(s => s.HasWarnings) ? RunStatus.Warnings : RunStatus.Ok;
                p.InvocationConfiguration.Output.WriteLine(AllotJson.ToLine(new ReportSummary(status, path, report.Sections.Count)));
                return all ? 0 : (int)ErrorClass.Validation;
            },
            p.InvocationConfiguration.Error));
        return cmd;
    }

    /// <summary>
    /// Refuses an output path that is one of the files being reported on. Found by hand: <c>-o</c> naming the period's
    /// pick list replaced it with the HTML report and exited 0. Refused: a retail run's file (any period, the
    /// manifest), anything in a data root's managed trees, and the S7 run report.
    /// </summary>
    private static void RequireNotARunFile(string path, string? retailDir, string?[] dataRoots, string? s7Report)
    {
        var inputs = new List<(string Option, string Path)>();
        if (retailDir is not null)
        {
            inputs.AddRange(RetailDatasets.OutputFilesIn(retailDir).Select(f => ("a file of --retail-output-dir", f)));
        }

        foreach (var root in dataRoots.OfType<string>())
        {
            inputs.AddRange(new[] { "data", "reports", "logs" }.Select(tree => ($"the data root's {tree}/ folder", Path.Combine(root, tree))));
        }

        if (s7Report is not null)
        {
            inputs.Add(("--segment1a-run-report", s7Report));
        }

        PublishTransaction.RequireDistinct(inputs, [("--output", path)]);
    }

    /// <summary>A <c>--retail-period</c> value (<c>202509A</c>): a short or malformed one is a usage error naming this option.</summary>
    private static TargetPeriod RetailPeriod(string value) =>
        value.Length == 7 && value[..6].All(char.IsAsciiDigit) && value[6] is 'A' or 'B'
            ? TargetPeriod.Parse(value[..6], value[6..])
            : throw new AllotException(new AllotError("E_USAGE", ErrorClass.Usage, $"--retail-period '{value}' must be a month and a half, yyyymm then A or B, e.g. 202509A."));

    private static string Require(string? value, string option) =>
        value ?? throw new AllotException(new AllotError("E_USAGE", ErrorClass.Usage, $"{option} is required for this section."));
}
