using System.Text.Json.Nodes;
using Allot.Segment1A;
using Allot.Segment1A.Fixtures;
using Allot.Segment1A.Inputs;
using Parquet;
using Parquet.Schema;

namespace Allot.Segment1A.Tests;

/// <summary>A temporary 1A data root built by the fixture generator, with helpers to tamper with it.</summary>
internal sealed class S7TestRoot : IDisposable
{
    public const string Fingerprint = "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709";

    private static readonly string[] OutputRoots =
    [
        "data/layer1/1A/ranking_residual_cache", "reports", "logs/rng/events/dirichlet_gamma_vector", "logs/rng/events/residual_rank", "logs/rng/audit", "logs/rng/trace",
    ];

    public S7TestRoot(int merchants = 300, double domesticShare = 0.6, int maxCountries = 20)
    {
        Root = Path.Combine(Path.GetTempPath(), "allot-s7-" + Guid.NewGuid().ToString("N"));
        Lineage = new S7Lineage(9248923, "p1", Fingerprint);
        S7FixtureGenerator.Write(new S7FixtureOptions(Root, Lineage, merchants, domesticShare, maxCountries));
    }

    public string Root { get; }

    public S7Lineage Lineage { get; }

    public string CountrySetFolder => Path.Combine(Root, "data/layer1/1A/country_set/seed=9248923/parameter_hash=p1");

    public string CacheFolder => Path.Combine(Root, "data/layer1/1A/ranking_residual_cache/seed=9248923/parameter_hash=p1");

    public string CacheFile => Path.Combine(CacheFolder, "part-00000.parquet");

    public string HyperparamsFile => Path.Combine(Root, "config/layer1/1A/crossborder_hyperparams.yaml");

    public string NbFinalFile => Path.Combine(Root, "logs/rng/events/nb_final/seed=9248923/parameter_hash=p1/run_id=00000000000000000000000000fixture/part-00000.jsonl");

    public S7InputOptions Inputs => new(Root, Lineage);

    public S7RunResult Run(int workers = 1, DateTime? start = null) => S7Runner.Run(new S7RunOptions(Inputs, workers, start));

    public string EventFile(string family, string runId) => Path.Combine(Root, $"logs/rng/events/{family}/seed=9248923/parameter_hash=p1/run_id={runId}/part-00000.jsonl");

    public string TraceFile(string runId) => Path.Combine(Root, $"logs/rng/trace/seed=9248923/parameter_hash=p1/run_id={runId}/rng_trace_log.jsonl");

    /// <summary>Every file under the root except inputs, relative, sorted.</summary>
    public List<string> OutputFiles() =>
        Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f))
            .Where(f => OutputRoots.Any(r => f.StartsWith(r, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Rewrites line <paramref name="index"/> (0-based, filtered by <paramref name="where"/>) of a JSONL file.</summary>
    public static void EditLine(string file, Func<JsonObject, bool> where, Action<JsonObject> edit)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            var obj = JsonNode.Parse(lines[i])!.AsObject();
            if (where(obj))
            {
                edit(obj);
                lines[i] = obj.ToJsonString();
                File.WriteAllLines(file, lines);
                return;
            }
        }

        throw new InvalidOperationException("no line matched");
    }

    public static void RewriteLines(string file, Func<List<string>, List<string>> edit) =>
        File.WriteAllLines(file, edit([.. File.ReadAllLines(file)]));

    /// <summary>Reads every column of a Parquet file, lets the test edit them, and writes the file back.</summary>
    public static void EditParquet(string file, Action<Dictionary<string, Array>> edit) =>
        EditParquetAsync(file, edit).GetAwaiter().GetResult();

    private static async Task EditParquetAsync(string file, Action<Dictionary<string, Array>> edit)
    {
        ParquetSchema schema;
        var columns = new Dictionary<string, Array>(StringComparer.Ordinal);
        using (var stream = File.OpenRead(file))
        {
            await using var reader = await ParquetReader.CreateAsync(stream);
            schema = reader.Schema;
            var fields = schema.GetDataFields();
            var total = 0L;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                total += rg.RowCount;
            }

            foreach (var f in fields)
            {
                columns[f.Name] = await ReadAll(reader, f, (int)total);
            }
        }

        edit(columns);
        using (var stream = File.Create(file))
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream);
            using var rg = writer.CreateRowGroup();
            foreach (var f in schema.GetDataFields())
            {
                var data = columns[f.Name];
                await (data switch
                {
                    long[] a => rg.WriteAsync<long>(f, a),
                    int[] a => rg.WriteAsync<int>(f, a),
                    double[] a => rg.WriteAsync<double>(f, a),
                    bool[] a => rg.WriteAsync<bool>(f, a),
                    string[] a => rg.WriteAsync(f, a),
                    _ => throw new NotSupportedException(data.GetType().Name),
                });
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<Array> ReadAll(ParquetReader reader, DataField field, int total)
    {
        Array result = field.ClrType == typeof(long) ? new long[total]
            : field.ClrType == typeof(int) ? new int[total]
            : field.ClrType == typeof(double) ? new double[total]
            : field.ClrType == typeof(bool) ? new bool[total]
            : new string[total];
        var offset = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            var n = (int)rg.RowCount;
            switch (result)
            {
                case long[] a: await rg.ReadAsync<long>(field, a.AsMemory(offset, n)); break;
                case int[] a: await rg.ReadAsync<int>(field, a.AsMemory(offset, n)); break;
                case double[] a: await rg.ReadAsync<double>(field, a.AsMemory(offset, n)); break;
                case bool[] a: await rg.ReadAsync<bool>(field, a.AsMemory(offset, n)); break;
                case string[] a:
                    var part = new string?[n];
                    await rg.ReadAsync(field, part.AsMemory());
                    Array.Copy(part, 0, a, offset, n);
                    break;
            }

            offset += n;
        }

        return result;
    }
}
