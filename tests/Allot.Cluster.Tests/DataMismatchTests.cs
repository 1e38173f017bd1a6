using Allot.Core.Errors;
using Allot.Data.Parquet;
using Allot.Segment1B.Allocation;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Allot.Cluster.Tests;

/// <summary>
/// Two in-process silos that do not see the same data: the primary's shard worker reads a copy of the coordinator's
/// root whose requirements lack the last merchant (so it cuts another shard plan); the secondary's reads the
/// coordinator's own root. The copy's S4 output folder is a link to the coordinator's, so the primary can write into
/// the coordinator's staging folder as a silo on a shared root would.
/// </summary>
public sealed class MismatchedRootsCluster() : ShardCluster<MismatchedRootsCluster.Configurator>(2)
{
    private static string s_coordinatorRoot = string.Empty;
    private static string s_otherRoot = string.Empty;

    internal ClusterRoot Other { get; private set; } = null!;

    protected override void BeforeDeploy()
    {
        Other = Data.CopyInputs();
        DropLastMerchant(Other);
        var plans = Path.Combine(Data.Root, "data/layer1/1B/s4_alloc_plan");
        Directory.CreateDirectory(plans);
        Directory.CreateSymbolicLink(Path.Combine(Other.Root, "data/layer1/1B/s4_alloc_plan"), plans);
        s_coordinatorRoot = Data.Root;
        s_otherRoot = Other.Root;
    }

    protected override void AfterDispose() => Other.Dispose();

    private static void DropLastMerchant(ClusterRoot root)
    {
        var pairs = S4InputLoader.LoadRequirements(root.Layout).Pairs;
        var keep = Array.IndexOf(pairs.MerchantIds, pairs.MerchantIds[^1]); // sorted by merchant: where the last one starts
        Directory.Delete(root.Layout.Requirements, recursive: true);
        Directory.CreateDirectory(root.Layout.Requirements);
        using var w = new ParquetPartitionWriter(root.Layout.Requirements, [new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String), new("n_sites", ParquetColumnKind.Int64)]);
        w.WriteRowGroup([pairs.MerchantIds[..keep], pairs.CountryIsos[..keep], pairs.NSites[..keep]], keep);
    }

    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var name = siloBuilder.Configuration["Orleans:Name"] ?? throw new InvalidOperationException("the test host did not name the silo");
            var root = name == "Primary" ? s_otherRoot : s_coordinatorRoot;
            SiloHost.AddShardWorkers(siloBuilder, new SiloSettings(name, root, 1));
        }
    }
}

/// <summary>The coordinator's two checks that the silos see its data, each through a real cluster run.</summary>
public sealed class DataMismatchTests(MismatchedRootsCluster fixture) : IClassFixture<MismatchedRootsCluster>
{
    [Fact]
    public async Task SilosThatCutDifferentPlans_OrAPlanTheCoordinatorDoesNotCut_FailTheRun_AndNothingIsPublished()
    {
        var data = fixture.Data;
        var options = new ClusterRunOptions("external", ShardSize: ClusterRoot.S4ShardPairs);

        // 1. Two silos, two plans: refused before any shard is sent.
        Assert.Equal(2, fixture.Cluster.Silos.Count);
        using (var session = ClusterSession.FromClient(fixture.Cluster.Client, "mismatched x2", 2))
        {
            var ex = Assert.Throws<AllotException>(() => ClusterRuns.RunS4(data.Layout, 1, skipS0: false, session, options));
            Assert.Equal(ClusterErrors.DataMismatch, ex.Code);
            Assert.Contains("cut different S4 shard plans", ex.Error.Message, StringComparison.Ordinal);
            AssertNothingPublished(data);
        }

        // 2. Only the silo that sees the copy: the shards run on its plan, and the coordinator's own read, beside
        //    them, cuts another one — the run fails before the commit.
        await fixture.Cluster.StopSiloAsync(fixture.Cluster.SecondarySilos[0], TestContext.Current.CancellationToken);
        using (var session = ClusterSession.FromClient(fixture.Cluster.Client, "mismatched x1", 1))
        {
            var ex = Assert.Throws<AllotException>(() => ClusterRuns.RunS4(data.Layout, 1, skipS0: false, session, options));
            Assert.Equal(ClusterErrors.DataMismatch, ex.Code);
            Assert.Contains("the silos cut", ex.Error.Message, StringComparison.Ordinal);
            AssertNothingPublished(data);
        }
    }

    private static void AssertNothingPublished(ClusterRoot data)
    {
        Assert.False(Directory.Exists(data.Layout.AllocPlan), "no partition may be published");
        Assert.False(File.Exists(data.Layout.RunReport), "no report may be published");
        var parent = Path.GetDirectoryName(data.Layout.AllocPlan.TrimEnd('/'))!;
        Assert.True(!Directory.Exists(parent) || !Directory.EnumerateFileSystemEntries(parent).Any(), "no staging leftovers");
    }
}
