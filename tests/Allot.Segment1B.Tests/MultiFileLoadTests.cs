using Allot.Core.Errors;
using Allot.Data.Parquet;

namespace Allot.Segment1B.Tests;

/// <summary>
/// With several workers the index and the weights are read as runs of consecutive files at once and joined in file
/// order: the plan, and the first error of a bad input, must be exactly those of a sequential read.
/// </summary>
public sealed class MultiFileLoadTests
{
    private static readonly ParquetColumnSpec[] WeightColumns =
    [
        new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64),
        new("weight_fp", ParquetColumnKind.UInt64), new("dp", ParquetColumnKind.Int64),
    ];

    private static readonly ParquetColumnSpec[] IndexColumns =
    [
        new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64),
    ];

    [Fact]
    public void CountriesSpreadOverFiles_GiveThePlanOfASequentialRead()
    {
        var receipts = new List<string>();
        var plans = new List<List<(long, string, ulong, long)>>();
        foreach (var workers in new[] { 1, 2, 3 })
        {
            using var h = Root(Weights(3));
            var result = S4Runner.Run(h.Layout, workers, skipS0: false);
            receipts.Add(result.Report.DeterminismReceipt.Sha256Hex);
            plans.Add(HandRoot.ReadPlan(h.Layout.AllocPlan));
        }

        Assert.All(receipts, r => Assert.Equal(receipts[0], r));
        Assert.All(plans, p => Assert.Equal(plans[0], p));
        Assert.Equal(12, plans[0].Sum(r => r.Item4));
    }

    [Theory]
    [InlineData("later file, other dp")]
    [InlineData("later file, other dp out of range")]
    [InlineData("later file, other dp and a country outside the ISO table")]
    [InlineData("later file, same dp, a country outside the ISO table")]
    [InlineData("first file, dp out of range")]
    [InlineData("first file empty, later dp out of range")]
    public void BadWeightsInSomeFile_AreTheErrorOfASequentialRead(string fault)
    {
        var errors = new List<AllotError>();
        foreach (var workers in new[] { 1, 2, 3 })
        {
            var files = Weights(3);
            switch (fault)
            {
                case "later file, other dp":
                    files[2] = files[2].Select(r => r with { Dp = 4 }).ToArray();
                    break;
                case "later file, other dp out of range":
                    files[3] = files[3].Select(r => r with { Dp = 25 }).ToArray();
                    break;
                case "later file, other dp and a country outside the ISO table":
                    files[2] = files[2].Select(r => r with { Dp = 4, Country = "ZZ" }).ToArray();
                    break;
                case "later file, same dp, a country outside the ISO table":
                    files[3] = files[3].Select(r => r with { Country = "ZZ" }).ToArray();
                    break;
                case "first file, dp out of range":
                    files[0] = files[0].Select(r => r with { Dp = 20 }).ToArray();
                    break;
                default:
                    files[0] = [];
                    files[1] = files[1].Select(r => r with { Dp = 21 }).ToArray();
                    files[2] = files[2].Select(r => r with { Dp = 21 }).ToArray();
                    break;
            }

            using var h = Root(files);
            var ex = Assert.Throws<AllotException>(() => S4Runner.Run(h.Layout, workers, skipS0: false));
            errors.Add(ex.Error with { File = Path.GetFileName(ex.Error.File) });
        }

        Assert.All(errors, e => Assert.Equal(errors[0], e));
        Assert.Contains(errors[0].Code, new[] { S4Codes.WeightsMissing, S4Codes.CoverageMissing });
    }

    [Fact]
    public void CorruptIndexFiles_TheFirstInFileOrderIsReported()
    {
        var errors = new List<AllotError>();
        foreach (var workers in new[] { 1, 2, 4 })
        {
            using var h = Root(Weights(3));
            var parts = ParquetDataset.ListParts(h.Layout.TileIndex);
            File.WriteAllText(parts[1], "not parquet");
            File.WriteAllText(parts[3], "not parquet either");
            var ex = Assert.Throws<AllotException>(() => S4Runner.Run(h.Layout, workers, skipS0: false));
            errors.Add(ex.Error with { File = Path.GetFileName(ex.Error.File) });
        }

        Assert.All(errors, e => Assert.Equal(errors[0], e));
        Assert.Equal("part-00001.parquet", errors[0].File);
    }

    [Fact]
    public void WeightsOfAnotherRun_WithACorruptIndexFile_IsTheLineageError()
    {
        var errors = new List<AllotError>();
        foreach (var workers in new[] { 1, 2 })
        {
            using var h = Root(Weights(3));
            var parts = ParquetDataset.ListParts(h.Layout.TileIndex);
            File.WriteAllText(parts[0], "not parquet");
            var weightParts = ParquetDataset.ListParts(h.Layout.TileWeights);
            var scratch = Path.Combine(h.Layout.TileWeights, ".tmp-" + Guid.NewGuid().ToString("N"));
            HandRoot.Write(scratch, [.. WeightColumns, new("parameter_hash", ParquetColumnKind.String)], [new[] { "GB" }, new ulong[] { 1001 }, new ulong[] { 500 }, new long[] { 3 }, new[] { "another-run" }]);
            File.Move(Path.Combine(scratch, "part-00000.parquet"), weightParts[0], overwrite: true);
            Directory.Delete(scratch, true);
            var ex = Assert.Throws<AllotException>(() => S4Runner.Run(h.Layout, workers, skipS0: false));
            errors.Add(ex.Error with { File = Path.GetFileName(ex.Error.File) });
        }

        Assert.Equal(errors[0], errors[1]);
        Assert.Equal(S4Codes.TokenMismatch, errors[0].Code);
    }

    private sealed record WeightRow(string Country, ulong Tile, ulong Weight, long Dp);

    // Four weight files; GB spans the first two, FR the last three (its rows cut across the run boundaries).
    private static WeightRow[][] Weights(long dp) =>
    [
        [new("GB", 1001, 500, dp), new("GB", 1002, 200, dp)],
        [new("GB", 1003, 300, dp), new("FR", 7, 333, dp)],
        [new("FR", 8, 334, dp)],
        [new("FR", 9, 300, dp), new("FR", 10, 33, dp)],
    ];

    private static HandRoot Root(WeightRow[][] weightFiles)
    {
        var h = new HandRoot();
        h.WriteIso("GB", "FR", "DE");
        WriteFiles(h.Layout.TileIndex, IndexColumns, [
            [("GB", 1001UL), ("GB", 1002UL)],
            [("GB", 1003UL), ("FR", 7UL)],
            [("FR", 8UL), ("FR", 9UL)],
            [("FR", 10UL), ("FR", 11UL)],
        ]);
        WriteFiles(h.Layout.TileWeights, WeightColumns, weightFiles);
        h.WriteRequirements((101, "GB", 5), (101, "FR", 4), (202, "FR", 3));
        h.WriteBundle();
        return h;
    }

    private static void WriteFiles(string folder, ParquetColumnSpec[] cols, (string Country, ulong Tile)[][] files)
    {
        Directory.CreateDirectory(folder);
        for (var f = 0; f < files.Length; f++)
        {
            Write(folder, f, cols, [files[f].Select(r => r.Country).ToArray(), files[f].Select(r => r.Tile).ToArray()]);
        }
    }

    private static void WriteFiles(string folder, ParquetColumnSpec[] cols, WeightRow[][] files)
    {
        Directory.CreateDirectory(folder);
        for (var f = 0; f < files.Length; f++)
        {
            var rows = files[f];
            Write(folder, f, cols, [rows.Select(r => r.Country).ToArray(), rows.Select(r => r.Tile).ToArray(), rows.Select(r => r.Weight).ToArray(), rows.Select(r => r.Dp).ToArray()]);
        }
    }

    // One file part-{f:D5}.parquet (written in a scratch folder, then moved beside the others).
    private static void Write(string folder, int f, ParquetColumnSpec[] cols, Array[] data)
    {
        var scratch = Path.Combine(folder, ".tmp-" + Guid.NewGuid().ToString("N"));
        HandRoot.Write(scratch, cols, data);
        File.Move(Path.Combine(scratch, "part-00000.parquet"), Path.Combine(folder, $"part-{f:D5}.parquet"));
        Directory.Delete(scratch, true);
    }
}
