using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Allot.Retail.Configuration;
using Allot.Retail.Fixtures;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;

namespace Allot.Bench.Retail;

/// <summary>
/// <c>macro retail [--stores 2000] [--rows 20000] [--stores-per-group 50] [--repeat 3] [--python /usr/bin/python3]
/// [--allot PATH] [--threads 2]</c>: generates the fixture (<c>allot retail fixtures … --seed 42</c>), then, interleaved
/// in each repetition so that all of them see the same machine load, runs as child processes under
/// <c>/usr/bin/time</c> (wall, user + system CPU, peak RSS):
/// <list type="bullet">
/// <item>the Allot CLI, <c>allot retail allocate</c> end to end with the default seed method (process start-up, JIT,
/// every output, publication and manifest included), and once more with <c>--method joint</c>;</item>
/// <item>DuckDB (<see cref="DuckDbPickListReference"/>): the same four input CSVs read, joined, and a pick list of the
/// same columns written;</item>
/// <item>the pandas reference (bench/reference/retail/step32_reference.py) on the same inputs.</item>
/// </list>
/// Prints medians, the ratios the issue asks for, and how many (row, store) quantities agree with pandas.
/// <c>bench/reference/retail/run-retail-bench.sh</c> installs pandas and runs this.
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
        var threads = opts.GetValueOrDefault("--threads", "2");
        var allot = opts.GetValueOrDefault("--allot", Path.Combine(FindRepo(), "src", "Allot.Cli", "bin", "Release", "net10.0", "allot"));
        if (!File.Exists(allot))
        {
            throw new InvalidOperationException($"{allot} not found: build it first (dotnet build src/Allot.Cli -c Release) or pass --allot PATH");
        }

        var work = Path.Combine(Path.GetTempPath(), "allot-retail-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sw = Stopwatch.StartNew();
            var input = Path.Combine(work, "in");
            FixtureGenerator.Write(input, new FixtureSpec { Stores = stores, Rows = rows, StoresPerGroup = perGroup, Seed = 42 });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fixture: stores={stores} rows={rows} stores_per_group={perGroup} seed=42 generated in {sw.Elapsed.TotalSeconds:F2}s"));
            Console.WriteLine($"load average at start: {LoadAverage()}");

            var self = Environment.ProcessPath!;
            var host = Path.GetFileNameWithoutExtension(self) == "dotnet";
            string[] selfArgs = host ? [typeof(RetailEndToEndScenario).Assembly.Location] : [];
            var seed = new List<Timed>();
            var joint = new List<Timed>();
            var duck = new List<Timed>();
            var pandas = new List<Timed>();
            JsonNode? duckJson = null, pandasJson = null;
            for (var r = 0; r < repeat; r++)
            {
                string[] allocate = ["retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--input-dir", input, "--threads", threads, "-q"];
                seed.Add(Time(allot, [.. allocate, "--output-dir", Path.Combine(work, $"seed-{r}")], okExit: [0, 6]));
                var duckCsv = Path.Combine(work, "duckdb.csv");
                var d = Time(self, [.. selfArgs, "macro", "retail-duckdb-child", input, duckCsv]);
                duck.Add(d);
                duckJson = d.Json;
                var p = Time(python, [Path.Combine(FindRepo(), "bench", "reference", "retail", "step32_reference.py"), input, "202509A", Path.Combine(work, "ref.csv")]);
                pandas.Add(p);
                pandasJson = p.Json;
                joint.Add(Time(allot, [.. allocate, "--method", "joint", "--output-dir", Path.Combine(work, $"joint-{r}")], okExit: [0, 6]));
                Console.WriteLine($"repetition {r + 1}: {seed[^1]} | duckdb {duck[^1]} | pandas {pandas[^1]} | joint {joint[^1]}; load {LoadAverage()}");
                foreach (var dir in new[] { $"seed-{r}", $"joint-{r}" }.Where(_ => r > 0))
                {
                    Directory.Delete(Path.Combine(work, dir), recursive: true);
                }
            }

            var pick = Path.Combine(work, "seed-0", PickListWriter.FileName("202509A"));
            Console.WriteLine($"load average at end: {LoadAverage()}");
            Console.WriteLine($"allot seed (--threads {threads}): {Median(seed)}; pick list {new FileInfo(pick).Length / 1e6:F1} MB, {File.ReadLines(pick).LongCount() - 1} lines, sha256 {Allot.Data.Publishing.DeterminismReceipt.FileSha256Hex(pick)}");
            Console.WriteLine($"allot joint (--threads {threads}): {Median(joint)}");
            Console.WriteLine($"duckdb {duckJson!["duckdb"]}: {Median(duck)}; pick list {duckJson["bytes"]!.GetValue<long>() / 1e6:F1} MB, {duckJson["lines"]} lines");
            Console.WriteLine($"pandas {pandasJson!["pandas"]}: {Median(pandas)}; store rows {pandasJson["store_rows"]}, lines {pandasJson["lines"]}, units {pandasJson["units"]}");
            var s = Median(seed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratios: allot/duckdb wall {s.Wall / Median(duck).Wall:F2} (target ≤ 1), allot/duckdb CPU {s.Cpu / Median(duck).Cpu:F2}; pandas/allot CPU {Median(pandas).Cpu / s.Cpu:F1}× (target ≥ 15), pandas/allot wall {Median(pandas).Wall / s.Wall:F1}×; joint/seed CPU {Median(joint).Cpu / s.Cpu:F2}× (target ≤ 10), joint/seed wall {Median(joint).Wall / s.Wall:F2}×"));
            Console.WriteLine($"agreement with pandas: {Agreement(pick, Path.Combine(work, "ref.csv"))}");
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

    /// <summary>One child process measured by <c>/usr/bin/time</c>: wall, user + system CPU, peak RSS; its last stdout line when it is JSON.</summary>
    private sealed record Timed(double Wall, double Cpu, double RssMb, JsonNode? Json)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Wall:F2}s wall, {Cpu:F2}s CPU, {RssMb:F0} MB");
    }

    private static Timed Median(List<Timed> runs)
    {
        static double Mid(IEnumerable<double> v)
        {
            var a = v.Order().ToArray();
            return a[a.Length / 2];
        }

        return new Timed(Mid(runs.Select(r => r.Wall)), Mid(runs.Select(r => r.Cpu)), runs.Max(r => r.RssMb), null);
    }

    private static Timed Time(string exe, string[] args, int[]? okExit = null)
    {
        var report = Path.GetTempFileName();
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in (string[])["-f", "%e %U %S %M", "-o", report, exe, .. args])
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            if (!(okExit ?? [0]).Contains(p.ExitCode))
            {
                throw new InvalidOperationException($"{exe} failed ({p.ExitCode}): {stderr.Result}");
            }

            var f = File.ReadLines(report).Last(l => l.Length > 0 && char.IsDigit(l[0])).Split(' ').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            var last = stdout.Result.Trim().Split('\n')[^1];
            return new Timed(f[0], f[1] + f[2], f[3] / 1024.0, last.StartsWith('{') ? JsonNode.Parse(last) : null);
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary><c>macro retail-child INPUT_DIR OUT_DIR THREADS</c>: one in-process allocate with the phase split (read, allocate, write); prints JSON.</summary>
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
