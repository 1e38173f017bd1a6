using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Allot.Retail.Configuration;
using Allot.Retail.Fixtures;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;

namespace Allot.Bench.Retail;

/// <summary>
/// <c>macro retail [--stores 2000] [--rows 20000] [--stores-per-group 50] [--repeat 3] [--python /usr/bin/python3]</c>:
/// generates a fixture, runs <c>allot retail allocate</c> end to end (read, allocate, write every output, publish)
/// for period A with 1 and 2 threads, then the pandas reference (bench/reference/retail/step32_reference.py) on
/// the same inputs in the same run; prints medians, peak RSS, the ratio and how many pick-list quantities agree.
/// Allot's peak RSS is measured in a child process (this program re-invoked with <c>macro retail-child</c>).
/// </summary>
public static class RetailEndToEndScenario
{
    public static int Run(string[] args)
    {
        var opts = Options(args);
        var stores = int.Parse(opts.GetValueOrDefault("--stores", "2000"), CultureInfo.InvariantCulture);
        var rows = int.Parse(opts.GetValueOrDefault("--rows", "20000"), CultureInfo.InvariantCulture);
        var perGroup = int.Parse(opts.GetValueOrDefault("--stores-per-group", "50"), CultureInfo.InvariantCulture);
        var repeat = int.Parse(opts.GetValueOrDefault("--repeat", "3"), CultureInfo.InvariantCulture);
        var python = opts.GetValueOrDefault("--python", "/usr/bin/python3");
        var work = Path.Combine(Path.GetTempPath(), "allot-retail-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sw = Stopwatch.StartNew();
            FixtureGenerator.Write(Path.Combine(work, "in"), new FixtureSpec { Stores = stores, Rows = rows, StoresPerGroup = perGroup, Seed = 42 });
            Console.WriteLine($"load average at start: {LoadAverage()}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fixture: stores={stores} rows={rows} stores_per_group={perGroup} generated in {sw.Elapsed.TotalSeconds:F2}s"));

            var self = Environment.ProcessPath!;
            var host = Path.GetFileNameWithoutExtension(self) == "dotnet";
            var selfArgs = host ? new[] { typeof(RetailEndToEndScenario).Assembly.Location } : [];
            foreach (var threads in new[] { 1, 2 })
            {
                var times = new List<double>();
                var rss = 0.0;
                var cpu = new List<double>();
                string? line = null;
                for (var r = 0; r < repeat; r++)
                {
                    var outDir = Path.Combine(work, $"out-t{threads}-{r}");
                    var child = RunJson(self, [.. selfArgs, "macro", "retail-child", Path.Combine(work, "in"), outDir, threads.ToString(CultureInfo.InvariantCulture)]);
                    times.Add(child["seconds"]!.GetValue<double>());
                    rss = Math.Max(rss, child["peak_rss_mb"]!.GetValue<double>());
                    cpu.Add(child["cpu_seconds"]!.GetValue<double>());
                    line = string.Create(CultureInfo.InvariantCulture, $"read {child["read_seconds"]!.GetValue<double>():F2}s + allocate {child["allocate_seconds"]!.GetValue<double>():F2}s + write {child["write_seconds"]!.GetValue<double>():F2}s; {child["summary"]!.GetValue<string>()}");
                }

                times.Sort();
                cpu.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allot threads={threads}: median {times[times.Count / 2]:F2}s wall, {cpu[cpu.Count / 2]:F2}s CPU (wall runs {string.Join(", ", times.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}), peak RSS {rss:F0} MB; {line}"));
            }

            var refTimes = new List<double>();
            var refCpu = new List<double>();
            Console.WriteLine($"load average before reference: {LoadAverage()}");
            JsonNode? reference = null;
            for (var r = 0; r < repeat; r++)
            {
                reference = RunJson(python, [Path.Combine(FindRepo(), "bench", "reference", "retail", "step32_reference.py"), Path.Combine(work, "in"), "202509A", Path.Combine(work, "ref.csv")]);
                refTimes.Add(reference["seconds"]!.GetValue<double>());
                refCpu.Add(reference["cpu_seconds"]!.GetValue<double>());
            }

            refTimes.Sort();
            refCpu.Sort();
            var agree = Agreement(Path.Combine(work, "out-t2-0", PickListWriter.FileName("202509A")), Path.Combine(work, "ref.csv"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pandas {reference!["pandas"]}: median {refTimes[refTimes.Count / 2]:F2}s wall, {refCpu[refCpu.Count / 2]:F2}s CPU (wall runs {string.Join(", ", refTimes.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}), peak RSS {reference["peak_rss_mb"]!.GetValue<double>():F0} MB, store rows {reference["store_rows"]}, lines {reference["lines"]}, units {reference["units"]}"));
            Console.WriteLine($"agreement: {agree}");
            return 0;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>The timed child: one end-to-end allocate; prints JSON with seconds and peak RSS.</summary>
    public static int Child(string[] args)
    {
        var sw = Stopwatch.StartNew();
        var period = TargetPeriod.Parse("202509", "A");
        var inputs = RetailInputs.Load(period, new InputPaths { InputDir = args[0] });
        var read = sw.Elapsed.TotalSeconds;
        var plan = Allot.Retail.Allocation.StoreAllocator.Run(inputs, AllocationParameters.Resolve(_ => null, new Dictionary<string, string>()), new RunOptions { Threads = int.Parse(args[2], CultureInfo.InvariantCulture) });
        var allocated = sw.Elapsed.TotalSeconds;
        var summary = Step32Runner.Publish(plan, args[1], DateTimeOffset.UtcNow);
        var seconds = sw.Elapsed.TotalSeconds;
        var t = summary.Totals;
        var node = new JsonObject
        {
            ["seconds"] = seconds,
            ["read_seconds"] = read,
            ["allocate_seconds"] = allocated - read,
            ["write_seconds"] = seconds - allocated,
            ["peak_rss_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0),
            ["cpu_seconds"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
            ["summary"] = string.Create(CultureInfo.InvariantCulture, $"store rows {t.StoreRowsConsidered}, lines {t.StoreRowsAllocated}, units {t.UnitsAllocated}, residual rows {t.ResidualRows}, relaxed units {t.RelaxedUnits}"),
        };
        Console.WriteLine(node.ToJsonString());
        return 0;
    }

    private static string Agreement(string allotCsv, string refCsv)
    {
        static Dictionary<(string, string), string> Load(string path)
        {
            using var csv = CsvSource.Open(path);
            int store = csv.Require("store_code"), src = csv.Require("source_row"), qty = csv.Require("Delta_Qty_Store");
            var map = new Dictionary<(string, string), string>();
            while (csv.Read())
            {
                map[(csv.Get(src), csv.Get(store))] = csv.Get(qty);
            }

            return map;
        }

        var a = Load(allotCsv);
        var b = Load(refCsv);
        var same = a.Count(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
        var union = a.Keys.Union(b.Keys).Count();
        return string.Create(CultureInfo.InvariantCulture, $"{same} of {union} (row, store) quantities identical ({100.0 * same / Math.Max(1, union):F3}%)");
    }

    private static JsonNode RunJson(string exe, string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} failed ({p.ExitCode}): {stderr.Result}");
        }

        return JsonNode.Parse(stdout.Result.Trim().Split('\n')[^1])!;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i]] = args[i + 1];
        }

        return map;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string FindRepo()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Allot.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("repository root (Allot.slnx) not found");
    }
}
