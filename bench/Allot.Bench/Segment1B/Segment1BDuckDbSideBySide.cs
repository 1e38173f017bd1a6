using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace Allot.Bench.Segment1B;

/// <summary>
/// <c>macro segment1b-vs-duckdb DATA_ROOT --allot PATH/allot.dll [--before PATH/old/allot.dll] [--workers 2] [--repeat 3] [--threads 1,2]</c>:
/// issue 13's S4 ratio, side by side in the same minute. Each pass runs, as child processes under
/// <c>/usr/bin/time</c> (wall, user, sys, peak RSS), alternating:
/// (1) <c>allot segment1b run --workers W</c> on the root — the shipped CLI, plan and control removed first, so the
/// whole state runs: gate, load, allocate, write, publish, report;
/// (2) the same state in-process (<see cref="AllotChild"/>: a bench process calling <c>S4Runner.Run</c>, cold, timed
/// from the call to its return — gate to published report — so process start-up is excluded, as it is for DuckDB);
/// (3) for each DuckDB thread count, the reference (<see cref="Child"/>): DuckDB.NET materialising the same columns
/// of the same three inputs into in-memory tables, then writing the plan Allot just wrote — same four columns and
/// types, same row count, Snappy, row groups of 1,048,576 rows — to a new Parquet file. The plan's rows are loaded
/// into DuckDB's memory before its clock starts (rewriting, not reading, is what is timed), so the reference is a
/// lower bound on what DuckDB would need to produce the plan.
/// Ratios, like with like: in-process Allot state ÷ DuckDB decode + write (neither counts process start-up); process
/// wall ÷ process wall (both count start-up; DuckDB's process also reads the plan, so it is printed with and
/// without that preload); and, strictest and mixed, Allot's process wall ÷ DuckDB's in-process decode + write.
/// Row counts are checked before a ratio is printed.
/// </summary>
public static class Segment1BDuckDbSideBySide
{
    private static readonly (string Folder, string[] Columns)[] Inputs =
    [
        ("data/layer1/1B/s3_requirements", ["merchant_id", "legal_country_iso", "n_sites"]),
        ("data/layer1/1B/tile_weights", ["country_iso", "tile_id", "weight_fp", "dp"]),
        ("data/layer1/1B/tile_index", ["country_iso", "tile_id"]),
    ];

    /// <summary>Entry point (<c>segment1b-vs-duckdb</c>).</summary>
    public static int Run(string[] args)
    {
        var root = Path.GetFullPath(args[0]);
        var allot = Option(args, "--allot", null) ?? throw new ArgumentException("--allot PATH/allot.dll is required");
        var workers = int.Parse(Option(args, "--workers", "2")!, CultureInfo.InvariantCulture);
        var repeat = int.Parse(Option(args, "--repeat", "3")!, CultureInfo.InvariantCulture);
        var threads = Option(args, "--threads", "1,2")!.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        // The in-process children (Allot's state, DuckDB) run in this bench build, or in a platform publish of it
        // (--child-host, the same form as the shipped CLI: self-contained, composite ReadyToRun).
        var self = Option(args, "--child-host", null) ?? typeof(Segment1BDuckDbSideBySide).Assembly.Location;
        var partition = Directory.EnumerateDirectories(Path.Combine(root, "data/layer1/1B/s3_requirements"), "parameter_hash=*", SearchOption.AllDirectories).Single();
        string Token(string name) => partition.Split(Path.DirectorySeparatorChar).Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
        string[] ids = ["--seed", Token("seed"), "--manifest-fingerprint", Token("fingerprint"), "--parameter-hash", Token("parameter_hash")];
        var scratch = Path.Combine(Path.GetTempPath(), $"allot-s4-duck-{Environment.ProcessId}");
        Directory.CreateDirectory(scratch);

        Console.WriteLine($"# segment1b-vs-duckdb {root}: {Environment.ProcessorCount} cores, load {Load()}, {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}");
        Console.WriteLine("| pass | who | process wall s | user s | sys s | peak RSS MB | timed work s | rows | detail |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---|");
        var ratios = new List<(double Allot, double[] Duck)>();
        var before = Option(args, "--before", null);
        var beforeWalls = new List<double>();
        var duckWalls = new List<double[]>();
        var duckPreloads = new List<double[]>();
        var inStates = new List<double>();
        // The in-process child runs with the CLI's runtime settings (e.g. TieredPGO off), not the bench host's.
        var cliRuntime = RuntimeSettingsOf(allot);
        Console.WriteLine($"# in-process children run in {self}");
        Console.WriteLine($"# in-process child runs with the CLI's runtime settings: {(cliRuntime.Count == 0 ? "(defaults)" : string.Join(", ", cliRuntime.Select(kv => $"{kv.Key}={kv.Value}")))}");
        for (var pass = 1; pass <= repeat; pass++)
        {
            Clear(root);

            if (before is not null)
            {
                Clear(root);
                var o = Timed("dotnet", [before, "segment1b", "run", "--data-root", root, .. ids, "--workers", workers.ToString(CultureInfo.InvariantCulture), "--quiet"], scratch);
                var oldReport = File.ReadAllText(Directory.EnumerateFiles(Path.Combine(root, "control"), "s4_run_report.json", SearchOption.AllDirectories).Single());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {pass} | allot run (before), {workers} workers | {o.Wall:F2} | {o.User:F2} | {o.Sys:F2} | {o.RssKb / 1024.0:F0} | {Field(oldReport, "wall_clock_seconds_total"):F2} (state) | {Field(oldReport, "rows_emitted"):F0} | {Timings(oldReport)}, receipt {Text(oldReport, "sha256_hex")[..12]}… |"));
                beforeWalls.Add(o.Wall);
                Clear(root);
            }

            var a = Timed("dotnet", [allot, "segment1b", "run", "--data-root", root, .. ids, "--workers", workers.ToString(CultureInfo.InvariantCulture), "--quiet"], scratch);
            var report = Directory.EnumerateFiles(Path.Combine(root, "control"), "s4_run_report.json", SearchOption.AllDirectories).Single();
            var rows = Field(File.ReadAllText(report), "rows_emitted");
            var timings = Timings(File.ReadAllText(report)) + ", receipt " + Text(File.ReadAllText(report), "sha256_hex")[..12] + "…";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {pass} | allot run, {workers} workers | {a.Wall:F2} | {a.User:F2} | {a.Sys:F2} | {a.RssKb / 1024.0:F0} | {Field(File.ReadAllText(report), "wall_clock_seconds_total"):F2} (state) | {rows:F0} | {timings} |"));
            Clear(root);
            var inProc = Timed("dotnet", [self, "macro", "segment1b-allot-child", root, .. ids[1..2], ids[3], ids[5], workers.ToString(CultureInfo.InvariantCulture)], scratch, cliRuntime);
            var inLine = inProc.Stdout.Split('\n').Last(l => l.StartsWith("{", StringComparison.Ordinal));
            var inState = Field(inLine, "state_s");
            if (Math.Abs(Field(inLine, "rows") - rows) > 0.5)
            {
                Console.Error.WriteLine($"row counts differ: allot CLI {rows}, in-process {Field(inLine, "rows")}");
                return 1;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {pass} | allot in-process (bench child), {workers} workers | {inProc.Wall:F2} | {inProc.User:F2} | {inProc.Sys:F2} | {inProc.RssKb / 1024.0:F0} | {inState:F2} (whole state) | {Field(inLine, "rows"):F0} | S4Runner.Run gate → published report; report's own state {Field(inLine, "report_state_s"):F2} |"));
            inStates.Add(inState);

            var duck = new double[threads.Length];
            var duckWall = new double[threads.Length];
            var duckPreload = new double[threads.Length];
            duckWalls.Add(duckWall);
            duckPreloads.Add(duckPreload);
            for (var t = 0; t < threads.Length; t++)
            {
                var outFile = Path.Combine(scratch, "plan.parquet");
                File.Delete(outFile);
                var r = Timed("dotnet", [self, "macro", "segment1b-duckdb-child", root, outFile, threads[t].ToString(CultureInfo.InvariantCulture)], scratch);
                var line = r.Stdout.Split('\n').Last(l => l.StartsWith("{", StringComparison.Ordinal));
                var decode = Field(line, "decode_s");
                var write = Field(line, "write_s");
                var duckRows = Field(line, "rows");
                if (Math.Abs(duckRows - rows) > 0.5)
                {
                    Console.Error.WriteLine($"row counts differ: allot {rows}, duckdb {duckRows}");
                    return 1;
                }

                duck[t] = decode + write;
                duckWall[t] = r.Wall;
                duckPreload[t] = Field(line, "preload_s");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {pass} | duckdb {threads[t]} thread(s) | {r.Wall:F2} | {r.User:F2} | {r.Sys:F2} | {r.RssKb / 1024.0:F0} | {duck[t]:F2} (decode + write) | {duckRows:F0} | decode {decode:F3}, write {write:F3}, plan preload {Field(line, "preload_s"):F3} (not counted), input rows {Field(line, "input_rows"):F0}, plan file {Field(line, "bytes") / 1048576.0:F1} MB |"));
            }

            ratios.Add((a.Wall, duck));
        }

        Console.WriteLine();
        for (var t = 0; t < threads.Length; t++)
        {
            var n = threads[t];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (like with like, in-process) allot whole state ÷ duckdb {n} thread(s) decode+write: median of passes {Median(inStates.Zip(ratios, (a, r) => a / r.Duck[t])):F2}, best/best {inStates.Min() / ratios.Min(r => r.Duck[t]):F2}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (like with like, process) allot process wall ÷ duckdb {n} thread(s) process wall without its plan preload: median of passes {Median(ratios.Select((r, i) => r.Allot / (duckWalls[i][t] - duckPreloads[i][t]))):F2}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (process) allot process wall ÷ duckdb {n} thread(s) process wall (duckdb also reads the plan): median of passes {Median(ratios.Zip(duckWalls, (r, d) => r.Allot / d[t])):F2}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (strictest, mixed) allot process wall ÷ duckdb {n} thread(s) in-process decode+write: median of passes {Median(ratios.Select(r => r.Allot / r.Duck[t])):F2}, best/best {ratios.Min(r => r.Allot) / ratios.Min(r => r.Duck[t]):F2}"));
        }

        if (beforeWalls.Count > 0)
        {
            for (var t = 0; t < threads.Length; t++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio BEFORE build process wall ÷ duckdb {threads[t]} thread(s) process wall: median of passes {Median(beforeWalls.Zip(duckWalls, (b, d) => b / d[t])):F2}; ÷ in-process decode+write: median {Median(beforeWalls.Zip(ratios, (b, r) => b / r.Duck[t])):F2}"));
            }
        }

        Console.WriteLine($"# done {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}, load {Load()}");
        Directory.Delete(scratch, recursive: true);
        return 0;
    }

    /// <summary>
    /// <c>segment1b-duckdb-child DATA_ROOT OUT_FILE THREADS</c>: the DuckDB reference in its own process; prints one JSON
    /// line with the decode and write times.
    /// </summary>
    public static int Child(string[] args)
    {
        var root = args[0];
        var outFile = args[1];
        var threads = int.Parse(args[2], CultureInfo.InvariantCulture);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Exec(connection, $"SET threads TO {threads}; SET preserve_insertion_order = true;");
        var planFiles = Directory.EnumerateFiles(Path.Combine(root, "data/layer1/1B/s4_alloc_plan"), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var sw = Stopwatch.StartNew();
        Exec(connection, $"CREATE TABLE plan AS SELECT merchant_id, legal_country_iso, tile_id, n_sites_tile FROM read_parquet([{List(planFiles)}])");
        var preload = sw.Elapsed.TotalSeconds;

        sw.Restart();
        long inputRows = 0;
        for (var i = 0; i < Inputs.Length; i++)
        {
            var files = Directory.EnumerateFiles(Path.Combine(root, Inputs[i].Folder), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            Exec(connection, $"CREATE TABLE in{i} AS SELECT {string.Join(", ", Inputs[i].Columns.Select(c => $"\"{c}\""))} FROM read_parquet([{List(files)}])");
            inputRows += Scalar(connection, $"SELECT count(*) FROM in{i}");
        }

        var decode = sw.Elapsed.TotalSeconds;
        sw.Restart();
        Exec(connection, $"COPY plan TO '{outFile}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 1048576)");
        var write = sw.Elapsed.TotalSeconds;
        var rows = Scalar(connection, $"SELECT count(*) FROM read_parquet('{outFile}')");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"decode_s\":{decode:F4},\"write_s\":{write:F4},\"preload_s\":{preload:F4},\"rows\":{rows},\"input_rows\":{inputRows},\"bytes\":{new FileInfo(outFile).Length}}}"));
        return 0;
    }

    /// <summary>
    /// <c>segment1b-allot-child DATA_ROOT SEED FINGERPRINT PARAMETER_HASH WORKERS</c>: the whole S4 state in this (cold)
    /// process — <c>S4Runner.Run</c> with the S0 gate, as <c>allot segment1b run</c> calls it — timed from the call to its
    /// return (gate, load, allocate, write, publish, report); prints one JSON line.
    /// </summary>
    public static int AllotChild(string[] args)
    {
        var layout = new Allot.Segment1B.Segment1BLayout(args[0], new Allot.Segment1B.Segment1BIdentity(args[1], args[2], args[3]));
        var workers = int.Parse(args[4], CultureInfo.InvariantCulture);
        Allot.Data.Diagnostics.OnePassProcess.Start(); // as the CLI's process does
        var sw = Stopwatch.StartNew();
        var result = Allot.Segment1B.S4Runner.Run(layout, workers, skipS0: false);
        var state = sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"state_s\":{state:F4},\"report_state_s\":{result.Report.WallClockSecondsTotal:F4},\"rows\":{result.Report.RowsEmitted}}}"));
        return 0;
    }

    private static void Clear(string root)
    {
        foreach (var d in new[] { "data/layer1/1B/s4_alloc_plan", "control" })
        {
            var p = Path.Combine(root, d);
            if (Directory.Exists(p))
            {
                Directory.Delete(p, recursive: true);
            }
        }
    }

    private static string List(IEnumerable<string> files) => string.Join(", ", files.Select(f => $"'{f}'"));

    private static void Exec(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static long Scalar(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    // The tiering knobs of the CLI's runtimeconfig.json, as the environment variables that set them for another process.
    private static Dictionary<string, string> RuntimeSettingsOf(string allotDll)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var config = Path.ChangeExtension(allotDll, ".runtimeconfig.json");
        if (!File.Exists(config))
        {
            return settings;
        }

        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
        if (!doc.RootElement.TryGetProperty("runtimeOptions", out var options) || !options.TryGetProperty("configProperties", out var props))
        {
            return settings;
        }

        (string Property, string Variable)[] known =
        [
            ("System.Runtime.TieredPGO", "DOTNET_TieredPGO"),
            ("System.Runtime.TieredCompilation", "DOTNET_TieredCompilation"),
            ("System.Runtime.TieredCompilation.QuickJit", "DOTNET_TC_QuickJit"),
            ("System.Runtime.TieredCompilation.QuickJitForLoops", "DOTNET_TC_QuickJitForLoops"),
            ("System.GC.Server", "DOTNET_gcServer"),
            ("System.GC.Concurrent", "DOTNET_gcConcurrent"),
        ];
        foreach (var (property, variable) in known)
        {
            if (props.TryGetProperty(property, out var value) && value.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False)
            {
                settings[variable] = value.ValueKind == System.Text.Json.JsonValueKind.True ? "1" : "0";
            }
        }

        return settings;
    }

    private static (double Wall, double User, double Sys, long RssKb, string Stdout) Timed(string exe, string[] args, string scratch, IReadOnlyDictionary<string, string>? environment = null)
    {
        var timeFile = Path.Combine(scratch, "time.txt");
        var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        foreach (var a in new[] { "-o", timeFile, "-f", "%e %U %S %M", exe }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        }

        var f = File.ReadAllText(timeFile).Trim().Split('\n').Last().Split(' ');
        return (double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture), stdout.Result);
    }

    private static double Field(string json, string name)
    {
        var i = json.IndexOf($"\"{name}\"", StringComparison.Ordinal);
        i = json.IndexOf(':', i) + 1;
        var end = i;
        while (end < json.Length && (char.IsDigit(json[end]) || json[end] is '.' or '-' or 'e' or 'E' or '+' or ' '))
        {
            end++;
        }

        return double.Parse(json[i..end].Trim(), CultureInfo.InvariantCulture);
    }

    private static string Text(string json, string name)
    {
        var i = json.IndexOf($"\"{name}\"", StringComparison.Ordinal);
        var start = json.IndexOf('"', json.IndexOf(':', i)) + 1;
        return json[start..json.IndexOf('"', start)];
    }

    private static string Timings(string json)
    {
        var i = json.IndexOf("\"timings_seconds\"", StringComparison.Ordinal);
        if (i < 0)
        {
            return string.Empty;
        }

        var start = json.IndexOf('{', i) + 1;
        var body = json[start..json.IndexOf('}', start)];
        return string.Join(", ", body.Split(',').Select(s => s.Trim().Replace("\"", string.Empty, StringComparison.Ordinal)));
    }

    private static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Trim();

    private static string? Option(string[] args, string name, string? fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
