using System.CommandLine;
using System.Globalization;
using Allot.Cli.Demo;
using Allot.Cli.Progress;
using Allot.Core.Errors;
using Allot.Data.Json;
using Allot.Data.Publishing;

namespace Allot.Cli.Commands;

/// <summary><c>allot demo</c>: the three systems end to end on generated sample data, then their validators and one HTML report.</summary>
public static class DemoCommand
{
    /// <summary>Marker file that identifies a folder as a demo folder the demo may clear and reuse.</summary>
    public const string Marker = ".allot-demo";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for everything the demo writes (created; a previous demo folder is cleared).", DefaultValueFactory = _ => "allot-demo" };
        var scale = new Option<int>("--scale") { Description = "Multiply the size of every generated input (1 takes seconds; 50 is a large run).", DefaultValueFactory = _ => 1 };
        var workers = new Option<int>("--workers") { Description = "Worker threads for S4, S7 and retail (outputs are identical for any value).", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress lines on stderr." };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable JSON summary on stdout instead of text." };
        var cmd = new Command(
            "demo",
            "Run all three systems end to end on generated sample data — retail Step 32 (periods A and B), Segment 1B S0→S4, Segment 1A S7 — validate every output and write one HTML run report.\n\n"
            + "Example:\n  allot demo --output allot-demo");
        foreach (var o in new Option[] { output, scale, workers, quiet, json })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(p => CommandRunner.Run(
            () =>
            {
                var dir = Path.GetFullPath(p.GetValue(output)!);
                if (p.GetValue(scale) < 1 || p.GetValue(workers) < 1)
                {
                    throw new AllotException(new AllotError("E_USAGE", ErrorClass.Usage, "--scale and --workers must be ≥ 1."));
                }

                RequireSpace(dir, p.GetValue(scale));
                PrepareFolder(dir);
                var asJson = p.GetValue(json);
                var progress = StepProgress.ForConsole(p.GetValue(quiet) || asJson, DemoRunner.Steps);
                var result = DemoRunner.Run(new DemoOptions(dir, p.GetValue(scale), p.GetValue(workers)), progress);
                var stdout = p.InvocationConfiguration.Output;
                if (asJson)
                {
                    stdout.WriteLine(AllotJson.ToLine(DemoSummary.From(result)));
                }
                else
                {
                    WriteText(stdout, result);
                }

                return result.AllPassed ? 0 : (int)ErrorClass.Validation;
            },
            p.InvocationConfiguration.Error));
        return cmd;
    }

    /// <summary>
    /// What one unit of <c>--scale</c> writes, with a margin: 20.3 MB at scale 1 and 20.2 MB per unit at scale 4
    /// (measured with <c>du -sb</c>); the demo's inputs and outputs grow linearly with the scale.
    /// </summary>
    internal const long BytesPerScaleUnit = 24L << 20;

    /// <summary>
    /// Refuses a scale whose outputs cannot fit on the folder's file system before anything is written: found by hand,
    /// <c>--scale 100000</c> (about 2 TB) filled the disk and failed with "No space left on device" half-way.
    /// </summary>
    internal static void RequireSpace(string dir, int scale)
    {
        var existing = dir;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        long free;
        try
        {
            free = new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return; // the file system does not say: let the writes find out
        }

        // A previous demo folder is cleared first, so its bytes are free again by then.
        var reclaimed = File.Exists(Path.Combine(dir, Marker))
            ? new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0;
        var need = BytesPerScaleUnit * scale;
        if (need > free + reclaimed)
        {
            throw new AllotException(new AllotError(
                "E_DEMO_TOO_LARGE",
                ErrorClass.Usage,
                $"--scale {scale} writes about {Size(need)} ({Size(BytesPerScaleUnit)} per unit of scale) and the folder's file system has {Size(free + reclaimed)} free; choose a smaller --scale (at most {(free + reclaimed) / BytesPerScaleUnit} here).",
                File: dir));
        }
    }

    private static string Size(long bytes) => bytes >= 1L << 40
        ? FormattableString.Invariant($"{bytes / (double)(1L << 40):0.0} TB")
        : bytes >= 1L << 30 ? FormattableString.Invariant($"{bytes / (double)(1L << 30):0.0} GB") : FormattableString.Invariant($"{bytes >> 20} MB");

    /// <summary>Creates the folder, or clears a previous demo folder; refuses a non-empty folder that is not one.</summary>
    internal static void PrepareFolder(string dir)
    {
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
        {
            if (!File.Exists(Path.Combine(dir, Marker)))
            {
                throw new AllotException(new AllotError("E_DEMO_FOLDER_NOT_EMPTY", ErrorClass.Usage, "the folder exists, is not empty and is not a previous demo folder; choose another --output.", File: dir));
            }

            Directory.Delete(dir, recursive: true);
        }

        Folders.Create(dir);
        File.WriteAllText(Path.Combine(dir, Marker), "This folder was written by `allot demo` and is cleared by the next demo run.\n");
    }

    private static void WriteText(TextWriter w, DemoResult r)
    {
        var checks = r.Sections.SelectMany(s => s.Checks).ToList();
        var passed = checks.Count(c => c.Passed);
        // "all checks passed" only when nothing needs review: warnings (e.g. units a store could not take) say so.
        var warned = r.Sections.Count(s => s.HasWarnings);
        var verdict = !r.AllPassed ? "SOME CHECKS FAILED" : warned > 0 ? $"COMPLETED WITH WARNINGS in {warned} section(s); checks passed" : "all checks passed";
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Allot demo — {verdict} ({passed} of {checks.Count}) in {r.Seconds:0.0} s"));
        foreach (var s in r.Sections)
        {
            w.WriteLine($"  {(!s.AllPassed ? "✘" : s.HasWarnings ? "⚠" : "✔")} {s.Title}");
            foreach (var warning in s.Warnings)
            {
                w.WriteLine($"      WARNING {warning}");
            }

            foreach (var (k, v) in s.Numbers.Take(4))
            {
                w.WriteLine($"      {k}: {v}");
            }

            foreach (var c in s.Checks.Where(c => !c.Passed))
            {
                w.WriteLine($"      FAILED {c.Name}: {c.Detail}");
            }
        }

        w.WriteLine($"Outputs: {r.OutputDir}");
        w.WriteLine($"Report:  {r.ReportPath}");
    }
}
