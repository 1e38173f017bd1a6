using Allot.Data.Parquet;
using Allot.Segment1B;
using ParquetSharp;

namespace Allot.Segment1B.Tests;

/// <summary>
/// The plan as another implementation sees it: ParquetSharp wraps Apache Arrow's C++ Parquet library — the reader
/// behind pyarrow and pandas — so this is what a pandas/pyarrow user gets.
/// </summary>
public sealed class ArrowReaderInteropTests
{
    [Fact]
    public void Plan_ReadByArrowCpp_HasContractTypesAndSameRows()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var file = ParquetDataset.ListParts(h.Layout.AllocPlan).Single();

        using var reader = new ParquetFileReader(file);
        var schema = reader.FileMetaData.Schema;
        Assert.Equal(4, schema.NumColumns);
        Assert.Equal(["merchant_id", "legal_country_iso", "tile_id", "n_sites_tile"], Enumerable.Range(0, 4).Select(i => schema.Column(i).Name));
        Assert.Equal(PhysicalType.Int64, schema.Column(0).PhysicalType);
        Assert.Equal(PhysicalType.ByteArray, schema.Column(1).PhysicalType);
        Assert.Equal(PhysicalType.Int64, schema.Column(2).PhysicalType);
        Assert.Equal(PhysicalType.Int64, schema.Column(3).PhysicalType);
        Assert.False(((IntLogicalType)schema.Column(2).LogicalType).IsSigned);
        Assert.IsType<StringLogicalType>(schema.Column(1).LogicalType);
        Assert.DoesNotContain(reader.FileMetaData.KeyValueMetadata.Keys, k => k.Contains("time", StringComparison.OrdinalIgnoreCase));

        using var group = reader.RowGroup(0);
        var n = checked((int)group.MetaData.NumRows);
        var merchants = group.Column(0).LogicalReader<long>().ReadAll(n);
        var countries = group.Column(1).LogicalReader<string>().ReadAll(n);
        var tiles = group.Column(2).LogicalReader<ulong>().ReadAll(n);
        var counts = group.Column(3).LogicalReader<long>().ReadAll(n);
        var arrowRows = Enumerable.Range(0, n).Select(i => (merchants[i], countries[i], tiles[i], counts[i])).ToList();

        Assert.Equal(HandRoot.ReadPlan(h.Layout.AllocPlan), arrowRows);
    }
}
