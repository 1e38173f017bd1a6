using Allot.Core.Errors;
using Allot.Data.Parquet;
using Parquet;
using Parquet.Schema;

namespace Allot.Data.Tests.Parquet;

public sealed class ParquetDatasetTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "allot-pq-" + Guid.NewGuid().ToString("N"));

    public ParquetDatasetTests() => Directory.CreateDirectory(_dir);

    [Theory]
    [InlineData("int32")]
    [InlineData("int64")]
    [InlineData("uint32")]
    [InlineData("uint64")]
    [InlineData("nullable-int64")]
    public void ReadBatches_AcceptsEveryIntegerWidth(string width)
    {
        var file = Path.Combine(_dir, "w.parquet");
        WriteSingle(file, width, [1, 2, 3_000_000_000 % (width is "int32" ? 2_000_000_000 : long.MaxValue)]);
        var ds = ParquetDataset.TryOpen(file)!;
        var batch = ds.ReadBatches([new("v", ParquetColumnKind.Int64)], "E_X").Single();
        var unsigned = ds.ReadBatches([new("v", ParquetColumnKind.UInt64)], "E_X").Single();
        Assert.Equal(new long[] { 1, 2, width is "int32" ? 1_000_000_000 : 3_000_000_000 }, batch.Int64("v"));
        Assert.Equal(batch.Int64("v").Select(v => (ulong)v), unsigned.UInt64("v"));
    }

    [Fact]
    public void ReadBatches_NegativeIntoUnsigned_FailsWithRowAndColumn()
    {
        var file = Path.Combine(_dir, "n.parquet");
        WriteSingle(file, "int64", [5, -1]);
        var ex = Assert.Throws<AllotException>(() => ParquetDataset.TryOpen(file)!.ReadBatches([new("v", ParquetColumnKind.UInt64)], "E_X").ToList());
        Assert.Equal("E_X", ex.Code);
        Assert.Equal(2, ex.Error.Row);
        Assert.Equal("v", ex.Error.Key);
    }

    [Fact]
    public void ReadBatches_MissingRequiredColumn_NamesIt()
    {
        var file = Path.Combine(_dir, "m.parquet");
        WriteSingle(file, "int64", [1]);
        var ex = Assert.Throws<AllotException>(() => ParquetDataset.TryOpen(file)!.ReadBatches([new("tile_id", ParquetColumnKind.UInt64)], "E405_SCHEMA_INVALID").ToList());
        Assert.Equal("E405_SCHEMA_INVALID", ex.Code);
        Assert.Contains("tile_id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartitionWriter_SameRows_GiveIdenticalBytes_AndRoundTrip()
    {
        ParquetColumnSpec[] cols = [new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64), new("n_sites_tile", ParquetColumnKind.Int64)];
        string Write(string name)
        {
            var folder = Path.Combine(_dir, name);
            Directory.CreateDirectory(folder);
            using var w = new ParquetPartitionWriter(folder, cols, rowGroupsPerFile: 2);
            for (var g = 0; g < 3; g++)
            {
                w.WriteRowGroup([new long[] { g, g + 1 }, new[] { "GB", "FR" }, new[] { ulong.MaxValue, 7UL }, new long[] { 1, 2 }], 2);
            }

            w.Complete();
            return folder;
        }

        var a = Write("a");
        var b = Write("b");
        Assert.Equal(["part-00000.parquet", "part-00001.parquet"], ParquetDataset.ListParts(a).Select(Path.GetFileName));
        foreach (var part in ParquetDataset.ListParts(a))
        {
            Assert.Equal(File.ReadAllBytes(part), File.ReadAllBytes(Path.Combine(b, Path.GetFileName(part))));
        }

        var rows = ParquetDataset.TryOpen(a)!.ReadBatches(cols, "E").SelectMany(x => x.UInt64("tile_id")).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(ulong.MaxValue, rows[0]);
        var schema = ParquetDataset.DescribeSchema(ParquetDataset.ListParts(a)[0], "E");
        Assert.Equal(["INT64", "UINT64", "INT64"], schema.Where(f => f.Name != "legal_country_iso").Select(f => f.TypeName));
    }

    public void Dispose() => Directory.Delete(_dir, true);

    private static void WriteSingle(string file, string width, long[] values)
    {
        DataField field = width switch
        {
            "int32" => new DataField<int>("v", false),
            "uint32" => new DataField<uint>("v", false),
            "uint64" => new DataField<ulong>("v", false),
            "nullable-int64" => new DataField<long>("v", true),
            _ => new DataField<long>("v", false),
        };
        var schema = new ParquetSchema(field, new DataField<string>("other", false));
        using var stream = File.Create(file);
        var writer = ParquetWriter.CreateAsync(schema, stream).GetAwaiter().GetResult();
        using (var g = writer.CreateRowGroup())
        {
            var task = width switch
            {
                "int32" => g.WriteAsync<int>(field, values.Select(v => (int)v).ToArray().AsMemory(), null, null, default),
                "uint32" => g.WriteAsync<uint>(field, values.Select(v => (uint)v).ToArray().AsMemory(), null, null, default),
                "uint64" => g.WriteAsync<ulong>(field, values.Select(v => (ulong)v).ToArray().AsMemory(), null, null, default),
                "nullable-int64" => g.WriteAsync<long>(field, values.Select(v => (long?)v).ToArray().AsMemory(), null, null, default),
                _ => g.WriteAsync<long>(field, values.AsMemory(), null, null, default),
            };
            task.GetAwaiter().GetResult();
            g.WriteAsync(schema.DataFields[1], values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), null).GetAwaiter().GetResult();
        }

        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
