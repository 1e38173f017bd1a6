using System.Diagnostics;
using System.Globalization;
using Allot.Data.Parquet;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;

namespace Allot.Bench.DataPlane;

/// <summary>
/// <c>macro parquet-readers s4|s7 DATA_ROOT [--repeat N] [--threads T]</c>: decodes the columns S4 (s3_requirements,
/// tile_weights, tile_index) or S7 (country_set, merchant_attributes) read, with (1) Parquet.Net 6 (the managed
/// reader Allot used before: typed arrays, strings as character memory — its fastest path), (2) Allot's reader
/// (<see cref="ParquetFile"/>, Arrow C++ through ParquetSharp) and (3) DuckDB (DuckDB.NET) materialising the same
/// columns into an in-memory table, at 1 and T threads; and (4) the state's whole input stage (S4InputLoader /
/// S7InputLoader: decode + checks + grouping/sorting/join; S7 also parses nb_final JSONL). Best and median wall
/// time and best process CPU time of N passes per reader, interleaved, in one process; the decoders' row counts
/// must agree before a time is printed. CPU time is the steadier figure on a loaded machine.
/// </summary>
public static class ParquetReaderComparison
{
    private static readonly Dictionary<string, (string Folder, ParquetColumnSpec[] Columns)[]> Sets = new(StringComparer.Ordinal)
    {
        ["s4"] =
        [
            ("data/layer1/1B/s3_requirements", [new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String), new("n_sites", ParquetColumnKind.Int64)]),
            ("data/layer1/1B/tile_weights", [new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64), new("weight_fp", ParquetColumnKind.UInt64), new("dp", ParquetColumnKind.Int64)]),
            ("data/layer1/1B/tile_index", [new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64)]),
        ],
        ["s7"] =
        [
            ("data/layer1/1A/country_set", [new("manifest_fingerprint", ParquetColumnKind.String), new("merchant_id", ParquetColumnKind.Int64), new("country_iso", ParquetColumnKind.String), new("is_home", ParquetColumnKind.Boolean), new("rank", ParquetColumnKind.Int32)]),
            ("data/layer1/1A/merchant_attributes", [new("merchant_id", ParquetColumnKind.Int64), new("mcc", ParquetColumnKind.Int32), new("channel", ParquetColumnKind.String), new("home_country_iso", ParquetColumnKind.String)]),
        ],
    };

    /// <summary>Entry point registered in <see cref="Macro.MacroRunner.Scenarios"/>.</summary>
    public static int Run(string[] args)
    {
        var set = Sets[args[0]];
        var root = args[1];
        var repeat = Option(args, "--repeat", 5);
        var threads = Option(args, "--threads", 2);
        var files = set.Select(s => (Files: Directory.EnumerateFiles(Path.Combine(root, s.Folder), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray(), s.Columns)).ToArray();
        var bytes = files.Sum(f => f.Files.Sum(x => new FileInfo(x).Length));
        Console.WriteLine($"# {args[0]}: {files.Sum(f => f.Files.Length)} files, {bytes / 1048576.0:F1} MB; {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Trim()}");

        var total = files.Sum(f => f.Files.Sum(x => Allot(x, f.Columns)));
        var readers = new (string Name, Func<long> Read)[]
        {
            ("parquet-net", () => files.Sum(f => f.Files.Sum(x => ParquetNet(x, f.Columns)))),
            ("allot (arrow-cpp)", () => files.Sum(f => f.Files.Sum(x => Allot(x, f.Columns)))),
            ("duckdb 1 thread", () => files.Sum(f => DuckDb(f.Files, f.Columns, 1))),
            ($"duckdb {threads} threads", () => files.Sum(f => DuckDb(f.Files, f.Columns, threads))),
            ($"allot full loader ({threads} workers: decode + checks + grouping/sorting/join)", () => FullLoad(args[0], root, threads, total)),
        };
        var times = readers.Select(_ => new List<double>()).ToArray();
        var cpus = readers.Select(_ => new List<double>()).ToArray();
        var rows = new long[readers.Length];
        for (var pass = 0; pass <= repeat; pass++)
        {
            for (var r = 0; r < readers.Length; r++)
            {
                GC.Collect();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                rows[r] = readers[r].Read();
                if (pass > 0)
                {
                    times[r].Add(sw.Elapsed.TotalSeconds);
                    cpus[r].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                }
            }
        }

        if (rows.Distinct().Count() != 1)
        {
            Console.Error.WriteLine($"row counts differ: {string.Join(", ", rows)}");
            return 1;
        }

        var duck = times[2].Min();
        var duckCpu = cpus[2].Min();
        Console.WriteLine("| reader | rows | wall best s | wall median s | CPU best s | wall vs duckdb 1 thread | CPU vs duckdb 1 thread |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        for (var r = 0; r < readers.Length; r++)
        {
            var sorted = times[r].Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {readers[r].Name} | {rows[r]:N0} | {sorted[0]:F3} | {sorted[sorted.Count / 2]:F3} | {cpus[r].Min():F3} | {sorted[0] / duck:F2}× | {cpus[r].Min() / duckCpu:F2}× |"));
        }

        return 0;
    }

    // The whole input stage of the state, as a run does it (returns the decoded row count for the check).
    private static long FullLoad(string set, string root, int workers, long rows)
    {
        if (set == "s4")
        {
            var partition = Directory.EnumerateDirectories(Path.Combine(root, "data/layer1/1B/s3_requirements"), "parameter_hash=*", SearchOption.AllDirectories).Single();
            string Token(string name) => partition.Split(Path.DirectorySeparatorChar).Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
            var layout = new global::Allot.Segment1B.Segment1BLayout(root, new global::Allot.Segment1B.Segment1BIdentity(Token("seed"), Token("fingerprint"), Token("parameter_hash")));
            global::Allot.Segment1B.Allocation.S4InputLoader.Load(layout, workers);
        }
        else
        {
            global::Allot.Segment1A.Inputs.S7InputLoader.Load(new global::Allot.Segment1A.Inputs.S7InputOptions(root, Segment1A.S7MacroScenario.Lineage));
        }

        return rows;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static long Allot(string file, ParquetColumnSpec[] columns)
    {
        using var pf = ParquetFile.Open(file, "E_BENCH");
        long first = 1;
        for (var g = 0; g < pf.RowGroupCount; g++)
        {
            foreach (var c in columns)
            {
                pf.ReadColumn(g, c, first);
            }

            first += pf.RowGroupRows(g);
        }

        return pf.RowCount;
    }

    private static long ParquetNet(string file, ParquetColumnSpec[] columns)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            return ParquetNetColumns(reader, columns);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static long ParquetNetColumns(ParquetReader reader, ParquetColumnSpec[] columns)
    {
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            var n = checked((int)rg.RowCount);
            foreach (var c in columns)
            {
                var f = fields[c.Name];
                var t = f.ClrType;
                if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
                {
                    rg.ReadAsync<ReadOnlyMemory<char>>(f, new ReadOnlyMemory<char>[n].AsMemory()).GetAwaiter().GetResult();
                }
                else if (t == typeof(long))
                {
                    rg.ReadAsync<long>(f, new long[n].AsMemory()).GetAwaiter().GetResult();
                }
                else if (t == typeof(ulong))
                {
                    rg.ReadAsync<ulong>(f, new ulong[n].AsMemory()).GetAwaiter().GetResult();
                }
                else if (t == typeof(int))
                {
                    rg.ReadAsync<int>(f, new int[n].AsMemory()).GetAwaiter().GetResult();
                }
                else
                {
                    rg.ReadAsync<bool>(f, new bool[n].AsMemory()).GetAwaiter().GetResult();
                }
            }

            rows += n;
        }

        return rows;
    }

    private static long DuckDb(string[] files, ParquetColumnSpec[] columns, int threads)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var cmd = connection.CreateCommand();
        var list = string.Join(", ", files.Select(f => $"'{f}'"));
        cmd.CommandText = $"SET threads TO {threads}; CREATE TABLE t AS SELECT {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))} FROM read_parquet([{list}]); SELECT count(*) FROM t";
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
