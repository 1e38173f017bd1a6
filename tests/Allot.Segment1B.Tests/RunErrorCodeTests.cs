using Allot.Core.Errors;
using Allot.Data.Parquet;
using Allot.Segment1B;

namespace Allot.Segment1B.Tests;

/// <summary>Every S4 run-time code, each from a purpose-built bad root; nothing may be left behind.</summary>
public sealed class RunErrorCodeTests
{
    [Fact]
    public void RequirementsMissing_E401()
    {
        using var h = HandRoot.SpecExamples();
        Directory.Delete(h.Layout.Requirements, true);
        FailsClean(h, S4Codes.RequirementsMissing);
    }

    [Fact]
    public void WeightsPartitionMissing_E402()
    {
        using var h = HandRoot.SpecExamples();
        Directory.Delete(h.Layout.TileWeights, true);
        FailsClean(h, S4Codes.WeightsMissing);
    }

    [Fact]
    public void WeightsNotSummingToTenPowDp_E402()
    {
        using var h = HandRoot.SpecExamples();
        h.WriteWeights(3, ("GB", 1001, 700), ("GB", 1002, 299), ("FR", 7, 333), ("FR", 8, 334), ("FR", 9, 333));
        FailsClean(h, S4Codes.WeightsMissing, "sum to 999");
    }

    [Fact]
    public void DpNotUnique_E402()
    {
        using var h = HandRoot.SpecExamples();
        HandRoot.Write(h.Layout.TileWeights,
            [new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64), new("weight_fp", ParquetColumnKind.UInt64), new("dp", ParquetColumnKind.Int64)],
            [new[] { "GB", "GB" }, new ulong[] { 1001, 1002 }, new ulong[] { 700, 300 }, new long[] { 3, 4 }]);
        FailsClean(h, S4Codes.WeightsMissing, "not unique");
    }

    [Fact]
    public async Task DpNull_E402()
    {
        using var h = HandRoot.SpecExamples();
        Directory.Delete(h.Layout.TileWeights, true);
        Directory.CreateDirectory(h.Layout.TileWeights);
        var fields = new global::Parquet.Schema.DataField[]
        {
            new global::Parquet.Schema.DataField<string>("country_iso", false), new global::Parquet.Schema.DataField<ulong>("tile_id", false),
            new global::Parquet.Schema.DataField<ulong>("weight_fp", false), new global::Parquet.Schema.DataField<long>("dp", true),
        };
        var ct = TestContext.Current.CancellationToken;
        await using (var stream = File.Create(Path.Combine(h.Layout.TileWeights, "part-00000.parquet")))
        {
            await using var writer = await global::Parquet.ParquetWriter.CreateAsync(new global::Parquet.Schema.ParquetSchema(fields), stream, cancellationToken: ct);
            using var g = writer.CreateRowGroup();
            await g.WriteAsync(fields[0], new[] { "GB", "GB" }, null);
            await g.WriteAsync<ulong>(fields[1], new ulong[] { 1001, 1002 }, null, null, ct);
            await g.WriteAsync<ulong>(fields[2], new ulong[] { 700, 300 }, null, null, ct);
            await g.WriteAsync<long>(fields[3], new long?[] { 3, null }, null, null, ct);
        }

        FailsClean(h, S4Codes.WeightsMissing, "dp");
    }

    [Fact]
    public void RequirementsColumnOfWrongType_E405()
    {
        using var h = HandRoot.SpecExamples();
        HandRoot.Write(h.Layout.Requirements,
            [new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String), new("n_sites", ParquetColumnKind.String)],
            [new long[] { 101 }, new[] { "GB" }, new[] { "five" }]);
        FailsClean(h, S4Codes.SchemaInvalid, "integer is required");
    }

    [Fact]
    public void RequiredCountryWithoutWeights_E402()
    {
        using var h = HandRoot.SpecExamples();
        h.WriteWeights(3, ("GB", 1001, 700), ("GB", 1002, 300));
        FailsClean(h, S4Codes.WeightsMissing, "no tile weights");
    }

    [Fact]
    public void RequirementsMissingColumn_E405()
    {
        using var h = HandRoot.SpecExamples();
        HandRoot.Write(h.Layout.Requirements, [new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String)],
            [new long[] { 101 }, new[] { "GB" }]);
        FailsClean(h, S4Codes.SchemaInvalid, "n_sites");
    }

    [Fact]
    public void RequirementWithZeroSites_E405()
    {
        using var h = HandRoot.SpecExamples();
        h.WriteRequirements((101, "GB", 0));
        FailsClean(h, S4Codes.SchemaInvalid, "n_sites 0");
    }

    [Fact]
    public void DuplicateRequirementPair_E407()
    {
        using var h = HandRoot.SpecExamples();
        h.WriteRequirements((101, "GB", 5), (101, "GB", 2));
        FailsClean(h, S4Codes.PkDuplicate);
    }

    [Fact]
    public void IsoTableMissing_E408()
    {
        using var h = HandRoot.SpecExamples();
        File.Delete(h.Layout.IsoTable);
        FailsClean(h, S4Codes.CoverageMissing);
    }

    [Fact]
    public void TileIndexMissing_E408()
    {
        using var h = HandRoot.SpecExamples();
        Directory.Delete(h.Layout.TileIndex, true);
        FailsClean(h, S4Codes.CoverageMissing);
    }

    [Fact]
    public void WeightedTileNotInIndex_E408()
    {
        using var h = HandRoot.SpecExamples();
        h.WriteIndex(("GB", 1001), ("FR", 7), ("FR", 8), ("FR", 9));
        FailsClean(h, S4Codes.CoverageMissing, "tile_id=1002");
    }

    [Fact]
    public void RequirementCountryNotInIso_E408()
    {
        using var h = HandRoot.SpecExamples();
        h.WriteIso("GB", "DE");
        FailsClean(h, S4Codes.CoverageMissing);
    }

    [Fact]
    public void LineageColumnDisagreesWithToken_E410()
    {
        using var h = HandRoot.SpecExamples();
        HandRoot.Write(h.Layout.Requirements,
            [new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String), new("n_sites", ParquetColumnKind.Int64), new("parameter_hash", ParquetColumnKind.String)],
            [new long[] { 101 }, new[] { "GB" }, new long[] { 5 }, new[] { "some-other-hash" }]);
        FailsClean(h, S4Codes.TokenMismatch, "some-other-hash");
    }

    [Fact]
    public void UnsafeToken_E410_BeforeAnyFileIsTouched()
    {
        var ex = Assert.Throws<AllotException>(() => new Segment1BIdentity("../escape", "fp", "ph"));
        Assert.Equal(S4Codes.TokenMismatch, ex.Code);
    }

    private static void FailsClean(HandRoot h, string code, string? messagePart = null)
    {
        var ex = Assert.Throws<AllotException>(() => S4Runner.Run(h.Layout, 2, skipS0: false));
        Assert.Equal(code, ex.Code);
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, ex.Error.ToString(), StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(h.Layout.AllocPlan), "no partition may be left behind");
        Assert.False(File.Exists(h.Layout.RunReport), "no report may be left behind");
        var parent = Path.GetDirectoryName(h.Layout.AllocPlan.TrimEnd('/'))!;
        Assert.True(!Directory.Exists(parent) || !Directory.EnumerateFileSystemEntries(parent).Any(), "no staging leftovers");
    }
}
