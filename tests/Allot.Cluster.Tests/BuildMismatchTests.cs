using Allot.Core.Errors;
using Allot.Segment1B.Allocation;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Allot.Cluster.Tests;

/// <summary>The build identity, and both ends refusing a member of another build.</summary>
public sealed class BuildIdentityTests
{
    private const string Foreign = "1.0.0 (0123456789ab)";

    [Fact]
    public void TheBuildIdentity_NamesTheVersion_AndDigestsTheAllotAssembliesReached()
    {
        Assert.Matches(@"^\S+ \([0-9a-f]{12}\)$", ClusterBuild.Identity);
        Assert.Equal(ClusterBuild.Identity, ClusterBuild.Of(typeof(ClusterBuild).Assembly));

        // Another set of assemblies is another build: Allot.Core alone reaches fewer than the cluster code.
        Assert.NotEqual(ClusterBuild.Identity, ClusterBuild.Of(typeof(AllotException).Assembly));
    }

    [Fact]
    public void ASiloOfAnotherBuild_RefusesEveryCall_AndLoadsAndWritesNothing()
    {
        using var data = new ClusterRoot(merchants: 300);
        var worker = new ShardWorker(new SiloSettings("old", data.Root, 1, Build: Foreign));
        var staging = Path.Combine(data.Root, ".staging-test");
        Directory.CreateDirectory(staging);

        var prepared = worker.PrepareS4(S4ShardRequest.For(data.Identity, null, 100));
        Assert.Empty(prepared.ShardPairs);
        Assert.Equal(Foreign, prepared.Execution.Build);
        var shard = S4Shards.Plan(S4InputLoader.Load(data.Layout, 1).Pairs, 100)[0];
        var run = worker.RunS4(S4ShardRequest.For(data.Identity, null, 100, shard, ".staging-test", 1000));
        Assert.Equal((ClusterErrors.BuildMismatch, (int)ErrorClass.Io, Foreign), (run.Error!.Code, run.Error.Class, run.Execution.Build));
        Assert.Contains($"silo old runs build {Foreign} and the coordinator build {ClusterBuild.Identity}", run.Error.Message, StringComparison.Ordinal);

        var s7 = new S7ShardRequest
        {
            Seed = data.Lineage.Seed,
            ParameterHash = data.Lineage.ParameterHash,
            ManifestFingerprint = data.Lineage.ManifestFingerprint,
            RunId = "r",
            MerchantsPerShard = ClusterRoot.S7ShardMerchants,
            Shard = 0,
            FirstMerchant = 0,
            MerchantCount = ClusterRoot.S7ShardMerchants,
            Staging = [".staging-test", ".staging-test", ".staging-test", ".staging-test"],
            Build = ClusterBuild.Identity,
        };
        Assert.Equal(Foreign, worker.PrepareS7(s7).Build);
        Assert.Equal(ClusterErrors.BuildMismatch, worker.RunS7(s7).Error!.Code);

        Assert.False(worker.S4Loaded || worker.S7Loaded, "nothing may be loaded for a sender of another build");
        Assert.Empty(Directory.GetFileSystemEntries(staging));

        // A sender older than the check sends no build: refused as well, and the message says why.
        var current = new ShardWorker(new SiloSettings("new", data.Root, 1));
        var legacy = new S4ShardRequest
        {
            Seed = data.Identity.Seed,
            ManifestFingerprint = data.Identity.ManifestFingerprint,
            ParameterHash = data.Identity.ParameterHash,
            PairsPerShard = 100,
            Shard = 0,
            FirstPair = shard.FirstPair,
            PairCount = shard.PairCount,
            Staging = ".staging-test",
            RowGroupRows = 1000,
        };
        var refused = current.RunS4(legacy).Error!;
        Assert.Equal(ClusterErrors.BuildMismatch, refused.Code);
        Assert.Contains("the coordinator build (unknown: older than build checks)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(staging));
    }
}

/// <summary>Two in-process silos on one data root; the secondary stands in a silo of another build.</summary>
public sealed class MixedBuildCluster() : ShardCluster<MixedBuildCluster.Configurator>(2)
{
    internal const string ForeignBuild = "0.9.0 (f0f0f0f0f0f0)";
    private static string s_root = string.Empty;

    protected override void BeforeDeploy() => s_root = Data.Root;

    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var name = siloBuilder.Configuration["Orleans:Name"] ?? throw new InvalidOperationException("the test host did not name the silo");
            SiloHost.AddShardWorkers(siloBuilder, new SiloSettings(name, s_root, 1, Build: name == "Primary" ? null : ForeignBuild));
        }
    }
}

/// <summary>A real cluster run (Orleans serialization of the build fields included) with a silo of another build.</summary>
public sealed class MixedBuildTests(MixedBuildCluster fixture) : IClassFixture<MixedBuildCluster>
{
    [Fact]
    public void ACoordinatorRefusesAClusterWithASiloOfAnotherBuild_InS4AndS7_AndNothingIsPublished()
    {
        var data = fixture.Data;
        Assert.Equal(2, fixture.Cluster.Silos.Count);
        using var session = ClusterSession.FromClient(fixture.Cluster.Client, "mixed builds", 2);

        var s4 = Assert.Throws<AllotException>(() => ClusterRuns.RunS4(data.Layout, 1, skipS0: false, session, new ClusterRunOptions("external", ShardSize: ClusterRoot.S4ShardPairs)));
        Assert.Equal((ClusterErrors.BuildMismatch, ErrorClass.Io), (s4.Code, s4.Error.Class));
        Assert.Contains($"runs build {MixedBuildCluster.ForeignBuild} and the coordinator build {ClusterBuild.Identity}", s4.Error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data.Layout.AllocPlan), "no S4 partition may be published");
        Assert.False(File.Exists(data.Layout.RunReport), "no S4 report may be published");

        var s7 = Assert.Throws<AllotException>(() => ClusterRuns.RunS7(data.S7Options, session, new ClusterRunOptions("external", ShardSize: ClusterRoot.S7ShardMerchants)));
        Assert.Equal(ClusterErrors.BuildMismatch, s7.Code);
        Assert.False(Directory.Exists(Path.Combine(data.Root, "data/layer1/1A/ranking_residual_cache")), "no S7 cache may be published");
    }
}
