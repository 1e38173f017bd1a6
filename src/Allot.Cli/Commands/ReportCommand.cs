using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Allot.Core.Errors;
using Allot.Data.Json;
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
        var retailPeriods = new Option<string[]>("--retail-period") { Description = "Period(s) to report from that folder, e.g. 202509A (repeatable).", AllowMultipleArgumentsPerToken = true };
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

                // The page must never overwrite what it reports on (a mistyped --output replaced a pick list, silently).
                var read = new List<(string Option, string Path)>();
                if (p.GetValue(retailDir) is { } readDir)
                {
                    read.AddRange(RetailReportSection.FilesRead(readDir, (p.GetValue(retailPeriods) ?? []).Select(RetailPeriod)).Select(f => ("--retail-output-dir", f)));
                }

                read.AddRange(new[] { ("--segment1b-data-root", p.GetValue(s4Root)), ("--segment1a-run-report", p.GetValue(s7Report)), ("--segment1a-data-root", p.GetValue(s7Root)) }
                    .Where(x => x.Item2 is not null)
                    .Select(x => (x.Item1, x.Item2!)));
                Allot.Data.Publishing.PublishTransaction.RequireDistinct(read, [("--output", p.GetValue(output)!)]);
                var report = new HtmlReport("Allot — run report", string.Create(CultureInfo.InvariantCulture, $"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
                if (p.GetValue(retailDir) is { } dir)
                {
                    foreach (var period in p.GetValue(retailPeriods) ?? [])
                    {
                        report.Sections.Add(RetailReportSection.Build(dir, RetailPeriod(period), validate));
                    }
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
                    throw new AllotException(new AllotError("E_USAGE", ErrorClass.Usage, "nothing to report: give --retail-output-dir with --retail-period, --segment1b-data-root, or --segment1a-run-report."));
                }

                var path = Path.GetFullPath(p.GetValue(output)!);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, report.Render(), new UTF8Encoding(false));
                var all = report.Sections.All(s => s.AllPassed);

                // As the demo says it: a period that completed with warnings is not "ok" (the page already said so).
                var status = !all ? RunStatus.Failed : report.Sections.Any(s => s.HasWarnings) ? RunStatus.Warnings : RunStatus.Ok;
                p.InvocationConfiguration.Output.WriteLine(AllotJson.ToLine(new ReportSummary(status, path, report.Sections.Count)));
                return all ? 0 : (int)ErrorClass.Validation;
            },
            p.InvocationConfiguration.Error));
        return cmd;
    }

    /// <summary>A <c>--retail-period</c> value (<c>202509A</c>): a short or malformed one is a usage error naming this option.</summary>
    private static TargetPeriod RetailPeriod(string value) =>
        value.Length == 7 && value[..6].All(char.IsAsciiDigit) && value[6] is 'A' or 'B'
            ? TargetPeriod.Parse(value[..6], value[6..])
            : throw new AllotException(new AllotError("E_USAGE", ErrorClass.Usage, $"--retail-period '{value}' must be a month and a half, yyyymm then A or B, e.g. 202509A."));

    private static string Require(string? value, string option) =>
        value ?? throw new AllotException(new AllotError("E_USAGE", ErrorClass.Usage, $"{option} is required for this section."));
}
