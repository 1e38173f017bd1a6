using Allot.Data.Parquet;

namespace Allot.Data.Tests.Parquet;

/// <summary>
/// The direct encoder writes the same bytes as Parquet.Net with the pinned settings: the same row groups are
/// written both ways and the files compared byte for byte, over shapes that exercise the statistics (negative and
/// extreme longs, ulongs above 2^63, non-ASCII strings whose UTF-16 and UTF-8 orders differ, empty strings,
/// repeated and distinct values), tiny and large groups, several groups and files.
/// </summary>
public sealed class DirectEncodingTests
{
    private static readonly ParquetColumnSpec[] PlanColumns =
    [
        new("merchant_id", ParquetColumnKind.Int64),
        new("legal_country_iso", ParquetColumnKind.String),
        new("tile_id", ParquetColumnKind.UInt64),
        new("n_sites_tile", ParquetColumnKind.Int64),
    ];

    [Theory]
    [InlineData(1, new[] { 1 }, 8)]
    [InlineData(2, new[] { 2, 3 }, 8)]
    [InlineData(3, new[] { 1000, 1000, 17 }, 2)]
    [InlineData(4, new[] { 70_000, 5 }, 8)]
    [InlineData(5, new[] { 300_000 }, 8)]
    [InlineData(7, new[] { 5000, 1 }, 8)]
    [InlineData(9, new[] { 1_048_576 }, 8)]
    public void DirectEncoding_WritesParquetNetsBytes(int seed, int[] groups, int groupsPerFile)
    {
        var rng = new Random(seed);
        string[] pool = ["AA", "GB", "ZZ", "DE", string.Empty, "é", "\uD83D\uDE00", "\uFF5E", "a-much-longer-value", "ÿ"];
        var distinct = seed % 2 == 0;
        // Odd seeds ≥ 7: one value in the whole string column (the plan of a single country).
        var single = seed >= 7;
        var batches = groups.Select(n =>
        {
            var m = new long[n];
            var c = new string[n];
            var t = new ulong[n];
            var k = new long[n];
            for (var i = 0; i < n; i++)
            {
                m[i] = seed == 3 && i % 7 == 0 ? (i % 2 == 0 ? long.MinValue : long.MaxValue) : rng.NextInt64(-1_000_000, 1_000_000_000);
                c[i] = single ? "GB" : distinct ? pool[rng.Next(pool.Length)] + i.ToString(System.Globalization.CultureInfo.InvariantCulture) : pool[rng.Next(pool.Length)];
                t[i] = seed == 4 && i % 5 == 0 ? ulong.MaxValue - (ulong)i : (ulong)rng.NextInt64();
                k[i] = rng.Next(1, 50);
            }

            return (Arrays: new Array[] { m, c, t, k }, Rows: n);
        }).ToArray();

        var (a, b) = (NewFolder(), NewFolder());
        try
        {
            Write(a, batches, groupsPerFile, direct: false);
            Write(b, batches, groupsPerFile, direct: true);
            var filesA = Directory.GetFiles(a).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(filesA, Directory.GetFiles(b).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
            foreach (var f in filesA)
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(a, f!)), File.ReadAllBytes(Path.Combine(b, f!)));
            }
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }

    [Fact]
    public void DirectEncoding_OtherKinds_StayWithParquetNet()
    {
        Assert.False(PlainColumnChunkWriter.Supports([new("x", ParquetColumnKind.Int32)]));
        Assert.False(PlainColumnChunkWriter.Supports([new("x", ParquetColumnKind.Int64), new("y", ParquetColumnKind.Boolean)]));
        Assert.True(PlainColumnChunkWriter.Supports(PlanColumns));
    }

    private static void Write(string folder, (Array[] Arrays, int Rows)[] batches, int groupsPerFile, bool direct)
    {
        using var w = new ParquetPartitionWriter(folder, PlanColumns, groupsPerFile, direct);
        foreach (var (arrays, rows) in batches)
        {
            w.WriteRowGroup(arrays, rows);
        }

        w.Complete();
    }

    private static string NewFolder()
    {
        var f = Path.Combine(Path.GetTempPath(), "allot-direct-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(f);
        return f;
    }
}
