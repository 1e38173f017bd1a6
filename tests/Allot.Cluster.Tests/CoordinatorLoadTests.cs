using Allot.Core.Errors;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;
using Allot.Segment1B.Allocation;

namespace Allot.Cluster.Tests;

/// <summary>
/// The coordinator of a cluster run reads only what planning, combining and the report need; what it reads must
/// plan exactly the shards a full load plans (the shard plan is a function of the data, whoever computes it).
/// </summary>
public sealed class CoordinatorLoadTests
{
    [Fact]
    public void S4RequirementsOnly_PlansTheSameShards_AndReportsTheSameBytes_AsAFullLoad()
    {
        using var data = new ClusterRoot(merchants: 900);
        var full = S4InputLoader.Load(data.Layout, 2);
        var light = S4InputLoader.LoadRequirements(data.Layout);

        Assert.Equal(full.Pairs.MerchantIds, light.Pairs.MerchantIds);
        Assert.Equal(full.Pairs.CountryIsos, light.Pairs.CountryIsos);
        Assert.Equal(full.Pairs.NSites, light.Pairs.NSites);
        Assert.Equal(S4Shards.Plan(full.Pairs, ClusterRoot.S4ShardPairs), S4Shards.Plan(light.Pairs, ClusterRoot.S4ShardPairs));
        Assert.Equal((full.BytesReadRequirements, full.BytesReadWeights, full.BytesReadIndex), (light.BytesReadRequirements, light.BytesReadWeights, light.BytesReadIndex));
        Assert.Empty(light.Countries);
    }

    [Fact]
    public void S4RequirementsOnly_NeverReadsTheTiles()
    {
        using var data = new ClusterRoot(merchants: 300);
        foreach (var file in Directory.EnumerateFiles(data.Layout.TileWeights, "*.parquet").Concat(Directory.EnumerateFiles(data.Layout.TileIndex, "*.parquet")))
        {
            File.WriteAllBytes(file, new byte[new FileInfo(file).Length]); // same size, not Parquet
        }

        Assert.Throws<AllotException>(() => S4InputLoader.Load(data.Layout));
        Assert.NotEmpty(S4InputLoader.LoadRequirements(data.Layout).Pairs.MerchantIds);
    }

    [Fact]
    public void S4RequirementsOnly_RaisesTheRequirementsErrors_OfAFullLoad()
    {
        using var data = new ClusterRoot(merchants: 300);
        Directory.Delete(data.Layout.Requirements, recursive: true);
        var full = Assert.Throws<AllotException>(() => S4InputLoader.Load(data.Layout));
        var light = Assert.Throws<AllotException>(() => S4InputLoader.LoadRequirements(data.Layout));
        Assert.Equal(full.Error, light.Error);
    }

    [Fact]
    public void S7ForPlanning_HasTheSameMerchantsRowsRungsAndRunId_AsAFullLoad_WithoutReadingNbFinal()
    {
        using var data = new ClusterRoot(merchants: 900);
        var options = data.S7Options.Inputs;
        var full = S7InputLoader.Load(options);

        // nb_final is what the coordinator no longer reads: emptied, the planning view is unchanged.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(data.Root, "logs"), "*.jsonl", SearchOption.AllDirectories).Where(f => f.Contains("nb_final", StringComparison.Ordinal)))
        {
            File.WriteAllText(file, "not json\n");
        }

        Assert.Throws<AllotException>(() => S7InputLoader.Load(options));
        var light = S7InputLoader.LoadForPlanning(options);
        Assert.Equal(full.Countries.MerchantIds, light.Countries.MerchantIds);
        Assert.Equal(full.Countries.Offsets, light.Countries.Offsets);
        Assert.Equal(full.Countries.IsoCodes, light.Countries.IsoCodes);
        Assert.Equal(full.Rungs, light.Rungs);
        Assert.Equal(full.NbRunId, light.NbRunId);
        Assert.Equal(full.Hyperparameters.Sha256Hex, light.Hyperparameters.Sha256Hex);
        Assert.Empty(light.Outlets);
        Assert.Equal(1, light.Alpha.VectorCount); // only the domestic placeholder: no α was resolved
    }

    [Fact]
    public void FileAppend_GivesTheBytesOfAStreamCopy_AfterBufferedBytes_AndBeforeLaterOnes()
    {
        var dir = Directory.CreateTempSubdirectory("allot-append-");
        try
        {
            var random = new Random(7);
            var part = new byte[(3 << 20) + 17]; // more than one stream buffer, not a multiple of a page
            random.NextBytes(part);
            var source = Path.Combine(dir.FullName, "part.jsonl");
            File.WriteAllBytes(source, part);
            File.WriteAllBytes(Path.Combine(dir.FullName, "empty.jsonl"), []);

            var target = Path.Combine(dir.FullName, "out.jsonl");
            long kernel;
            using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                output.Write("head\n"u8); // still in the stream's buffer
                kernel = FileAppend.Append(source, output);
                FileAppend.Append(Path.Combine(dir.FullName, "empty.jsonl"), output);
                output.Write("middle\n"u8);
                FileAppend.Append(source, output);
                output.Write("tail\n"u8);
            }

            byte[] expected = [.. "head\n"u8, .. part, .. "middle\n"u8, .. part, .. "tail\n"u8];
            Assert.Equal(expected, File.ReadAllBytes(target));
            if (OperatingSystem.IsLinux())
            {
                Assert.Equal(part.Length, kernel); // same file system: the kernel copied it all
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
