using Allot.Core.Errors;
using Allot.Data.Dictionary;
using Allot.Data.Parquet;
using Allot.Data.Tables;
using Allot.Tests.Shared;

namespace Allot.Data.Tests.Parquet;

/// <summary>The one reader against the producer matrix (60-data-plane "Reading Parquet"), damaged files and engine dictionaries.</summary>
public sealed class ProducerMatrixTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("allot-matrix-").FullName;

    private static readonly MatrixColumn[] Table =
    [
        new("merchant_id", new long[] { 1, 42, 1L << 62, 7, 7, 9_000_000_000 }),
        new("tile_id", new ulong[] { 0, ulong.MaxValue, 1UL << 63, 5, 5, 12 }),
        new("rank", new[] { 0, 1, 2, int.MaxValue, 0, 3 }),
        new("weight", new[] { 0.1, 1e-300, double.MaxValue, -0.0, 3.5, 1.0 / 3 }),
        new("is_home", new[] { true, false, false, true, true, false }),
        new("country_iso", new[] { "GB", "GB", "FR", "FR", "GB", "DE" }),
        new("note", new[] { "Zürich", "東京", string.Empty, "a,b", "GB", "x" }),
    ];

    private static readonly ParquetColumnSpec[] Specs =
    [
        new("merchant_id", ParquetColumnKind.Int64), new("tile_id", ParquetColumnKind.UInt64), new("rank", ParquetColumnKind.Int32),
        new("weight", ParquetColumnKind.Double), new("is_home", ParquetColumnKind.Boolean), new("country_iso", ParquetColumnKind.String),
        new("note", ParquetColumnKind.String),
    ];

    public static TheoryData<string> Variants => ProducerMatrix.VariantNames();

    [Theory]
    [MemberData(nameof(Variants))]
    public void EveryProducerVariant_IsReadIdentically_ByTheDatasetReader_AndTheTableReader(string variant)
    {
        var file = Path.Combine(_dir, "t.parquet");
        ProducerMatrix.Write(file, ProducerMatrix.Variant(variant), Table);

        var batches = ParquetDataset.TryOpen(file)!.ReadBatches(Specs, "E_X").ToList();
        Assert.Equal(Table[0].Values.Length, batches.Sum(b => b.RowCount));
        Assert.Equal((long[])Table[0].Values, batches.SelectMany(b => b.Int64("merchant_id")));
        Assert.Equal((ulong[])Table[1].Values, batches.SelectMany(b => b.UInt64("tile_id")));
        Assert.Equal((int[])Table[2].Values, batches.SelectMany(b => b.Int32("rank")));
        Assert.Equal(((double[])Table[3].Values).Select(BitConverter.DoubleToInt64Bits), batches.SelectMany(b => b.Double("weight")).Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal((bool[])Table[4].Values, batches.SelectMany(b => b.Boolean("is_home")));
        Assert.Equal((string[])Table[5].Values, batches.SelectMany(b => b.String("country_iso")));
        Assert.Equal((string[])Table[6].Values, batches.SelectMany(b => b.String("note")));

        var table = TableReader.Read(file);
        Assert.Equal(["1", "42", "4611686018427387904", "7", "7", "9000000000"], table.Column("merchant_id"));
        Assert.Equal(["0", "18446744073709551615", "9223372036854775808", "5", "5", "12"], table.Column("tile_id"));
        Assert.Equal((string[])Table[6].Values, table.Column("note"));
        Assert.Equal(["true", "false", "false", "true", "true", "false"], table.Column("is_home"));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void UnsignedAndNarrowIntegers_AreAccepted_WhenTheValuesFit(string variant)
    {
        var file = Path.Combine(_dir, "u.parquet");
        ProducerMatrix.Write(file, ProducerMatrix.Variant(variant), [new("merchant_id", new ulong[] { 1, (ulong)long.MaxValue }), new("n", new[] { 3, 4 })]);
        var rows = ParquetDataset.TryOpen(file)!.ReadBatches([new("merchant_id", ParquetColumnKind.Int64), new("n", ParquetColumnKind.Int64)], "E_X").ToList();
        Assert.Equal(new[] { 1L, long.MaxValue }, rows.SelectMany(b => b.Int64("merchant_id")));
        Assert.Equal(new[] { 3L, 4L }, rows.SelectMany(b => b.Int64("n")));
    }

    [Fact]
    public void Uint64AboveInt64Range_IntoInt64_NamesRowGroupOffsetAndColumn()
    {
        var file = Path.Combine(_dir, "big.parquet");
        ProducerMatrix.Write(file, ProducerMatrix.Variant("arrow-cpp-required-dict-snappy"), [new("merchant_id", new ulong[] { 1, 2, 3, ulong.MaxValue })]);
        var ex = Assert.Throws<AllotException>(() => ParquetDataset.TryOpen(file)!.ReadBatches([new("merchant_id", ParquetColumnKind.Int64)], "E_X").ToList());
        Assert.Equal(ErrorClass.Input, ex.Error.Class);
        Assert.Equal(4, ex.Error.Row);
        Assert.Equal("merchant_id", ex.Error.Key);
        Assert.Contains("row group 1, offset 1", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullInARequiredColumn_NamesTheRow()
    {
        var file = Path.Combine(_dir, "null.parquet");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"COPY (SELECT * FROM (VALUES (1, 'GB'), (2, NULL), (3, 'FR')) v(merchant_id, country_iso)) TO '{file}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }

        var ex = Assert.Throws<AllotException>(() => ParquetDataset.TryOpen(file)!.ReadBatches([new("merchant_id", ParquetColumnKind.Int64), new("country_iso", ParquetColumnKind.String)], "E_X").ToList());
        Assert.Equal(2, ex.Error.Row);
        Assert.Equal("country_iso", ex.Error.Key);
        Assert.Contains("null", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongLogicalType_IsAnInputError()
    {
        var file = Path.Combine(_dir, "ts.parquet");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"COPY (SELECT TIMESTAMP '2024-01-01 00:00:00' AS merchant_id, 1.5::DECIMAL(9,2) AS n) TO '{file}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }

        var ex = Assert.Throws<AllotException>(() => ParquetDataset.TryOpen(file)!.ReadBatches([new("merchant_id", ParquetColumnKind.Int64)], "E_X").ToList());
        Assert.Equal(ErrorClass.Input, ex.Error.Class);
        Assert.Contains("an integer is required", ex.Error.Message, StringComparison.Ordinal);

        // Read as text (apportion passes every column through) the timestamp is shown, not refused (core-decisions #28 i).
        Assert.Equal("2024-01-01 00:00:00", TableReader.Read(file).Column("merchant_id")[0]);

        var dec = Path.Combine(_dir, "dec.parquet");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"COPY (SELECT 1.5::DECIMAL(9,2) AS n) TO '{dec}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }

        Assert.Equal("1.50", TableReader.Read(dec).Column("n")[0]);
    }

    [Fact]
    public void TableReader_ShowsDoublesInRoundTripForm_FloatsWidenedExactly_AndFlagsThemBinary64()
    {
        var file = Path.Combine(_dir, "fp.parquet");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"COPY (SELECT 0.42::DOUBLE AS d, 0.1::FLOAT AS f, 7::BIGINT AS n) TO '{file}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }

        var t = TableReader.Read(file);
        Assert.Equal("0.42", t.Column("d")[0]); // not 0.419999999999999984456877655247808434069156646728515625
        Assert.Equal(0.42, double.Parse(t.Column("d")[0]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((double)0.1f, double.Parse(t.Column("f")[0]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(t.Column("d").IsBinary64);
        Assert.True(t.Column("f").IsBinary64);
        Assert.False(t.Column("n").IsBinary64);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("empty")]
    public void DamagedFile_IsAnInputErrorNamingTheFile(string kind)
    {
        var file = Path.Combine(_dir, "d.parquet");
        ProducerMatrix.Write(file, ProducerMatrix.Variant("arrow-cpp-required-plain-zstd"), Table);
        DamagedParquet.Damage(file, kind);

        var ex = Assert.Throws<AllotException>(() => ParquetDataset.TryOpen(file)!.ReadBatches(Specs, "E_X").ToList());
        Assert.Equal("E_X", ex.Code);
        Assert.Equal(ErrorClass.Input, ex.Error.Class);
        Assert.Equal(file, ex.Error.File);

        var table = Assert.Throws<AllotException>(() => TableReader.Read(file));
        Assert.Equal(TableReader.UnreadableCode, table.Code);
        Assert.Equal(ErrorClass.Input, table.Error.Class);
        Assert.Equal(file, table.Error.File);
    }

    [Fact]
    public void Dictionary_OriginalEngineFormat_IdKeyedSections_IsRead()
    {
        const string yaml = """
            version: '1.0'
            layer:
              id: layer1
            reference_data:
              iso3166_canonical_2024:
                status: approved
                version: '2024-12-31'
                format: parquet
                path: reference/iso/iso3166_canonical/2024-12-31/iso3166.parquet
                partitioning: []
                schema_ref: schemas.ingress.layer1.yaml#/iso3166_canonical_2024
            datasets:
              tile_index:
                status: approved
                version: '{parameter_hash}'
                format: parquet
                path: data/layer1/1B/tile_index/parameter_hash={parameter_hash}/
                partitioning: [parameter_hash]
                ordering: [country_iso, tile_id]
            """;
        var d = DatasetDictionary.Parse(yaml, "engine.yaml");
        Assert.Equal("2024-12-31", d.Get("iso3166_canonical_2024").Version);
        Assert.Equal(["parameter_hash"], d.Get("tile_index").PartitionKeys);
        Assert.Equal("data/layer1/1B/tile_index/parameter_hash=p1/", d.ResolveRelative("tile_index", new Dictionary<string, string> { ["parameter_hash"] = "p1" }));
    }

    [Fact]
    public void Dictionary_WithoutDatasets_IsInvalid()
    {
        var ex = Assert.Throws<AllotException>(() => DatasetDictionary.Parse("layer: {id: x}\n", "x.yaml"));
        Assert.Equal(DatasetDictionary.InvalidCode, ex.Code);
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
