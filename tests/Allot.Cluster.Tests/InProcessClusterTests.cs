using System.Text.Json.Nodes;
using Allot.Core.Errors;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Allot.Cluster.Tests;

/// <summary>An in-process Orleans test cluster of three silos whose shard workers all see one data root.</summary>
public sealed class InProcessCluster() : ShardCluster<InProcessCluster.Configurator>(3)
{
    /// <summary>In-process silos share this process, so they share the data root through a static (one fixture only).</summary>
    private static string s_dataRoot = string.Empty;

    protected override void BeforeDeploy() => s_dataRoot = Data.Root;

    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            SiloHost.AddShardWorkers(siloBuilder, new SiloSettings($"in-process-{Guid.NewGuid():N}"[..19], s_dataRoot, 1));
    }
}

/// <summary>Cluster-size independence and the dispatcher's failure handling, on an in-process cluster.</summary>
public sealed class InProcessClusterTests(InProcessCluster fixture) : IClassFixture<InProcessCluster>
{
    [Fact]
    public async Task OneTwoAndThreeSilos_GiveTheSamePartitionsReceiptsAndLogs_AsOneProcess()
    {
        using var local = fixture.Data.CopyInputs();
        local.RunS4Local();
        local.RunS7Local();
        var expected = local.Outputs();
        var data = fixture.Data;
        var options = new ClusterRunOptions("external", ShardSize: ClusterRoot.S4ShardPairs);
        var s7Options = options with { ShardSize = ClusterRoot.S7ShardMerchants };
        foreach (var silos in new[] { 3, 2, 1 })
        {
            if (silos < fixture.Cluster.Silos.Count)
            {
                await fixture.Cluster.StopSiloAsync(fixture.Cluster.SecondarySilos[^1], TestContext.Current.CancellationToken);
            }

            Assert.Equal(silos, fixture.Cluster.Silos.Count);
            data.RemoveOutputs();
            using var session = ClusterSession.FromClient(fixture.Cluster.Client, $"in-process x{silos}", silos);
            await WaitForActive(silos);
            var s4 = ClusterRuns.RunS4(data.Layout, 1, skipS0: false, session, options);
            var s7 = ClusterRuns.RunS7(data.S7Options, session, s7Options);
            ClusterRoot.AssertSame(expected, data.Outputs());
            if (silos == 3)
            {
                // The validators accept a cluster run's outputs, execution object included.
                Segment1B.Validation.S4Validator.Validate(data.Layout);
                Segment1A.Validation.S7Validator.Validate(new Segment1A.Validation.S7ValidationOptions(data.S7Options.Inputs, s7.RunId));
            }

            var execution = s4.Report.Execution!;
            Assert.Equal("cluster", execution["mode"]!.GetValue<string>());
            Assert.Equal(ClusterBuild.Identity, execution["build"]!.GetValue<string>());
            Assert.Equal("silos", execution["plan_cut_by"]!.GetValue<string>()); // dispatched before the coordinator's own read
            Assert.Equal(execution["shards_total"]!.GetValue<int>(), execution["shards_per_silo"]!.AsObject().Sum(p => p.Value!.GetValue<int>()));
            Assert.True(execution["shards_total"]!.GetValue<int>() > 3, "the fixture should have several shards");
            Assert.Equal(s7.Cache.Files.Count, s7.Execution!["shards_total"]!.GetValue<int>());
            Assert.Contains("\"execution\"", File.ReadAllText(s7.ReportPath), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ABadTileInput_WhichOnlyTheSilosRead_FailsTheClusterRun_WithTheLocalRunsError()
    {
        // The coordinator reads the requirements only; the tiles are read and checked where the shards run.
        using var local = fixture.Data.CopyInputs();
        var weights = Directory.EnumerateFiles(fixture.Data.Layout.TileWeights, "*.parquet").Order(StringComparer.Ordinal).First();
        var original = await File.ReadAllBytesAsync(weights, TestContext.Current.CancellationToken);
        var broken = new byte[original.Length];
        File.WriteAllBytes(Path.Combine(local.Layout.TileWeights, Path.GetFileName(weights)), broken);
        var expected = Assert.Throws<AllotException>(local.RunS4Local).Error;
        try
        {
            File.WriteAllBytes(weights, broken);
            fixture.Data.RemoveOutputs();
            using var session = ClusterSession.FromClient(fixture.Cluster.Client, "in-process");
            var ex = Assert.Throws<AllotException>(() => ClusterRuns.RunS4(fixture.Data.Layout, 1, skipS0: false, session, new ClusterRunOptions("external", ShardSize: ClusterRoot.S4ShardPairs)));
            Assert.Equal((expected.Code, expected.Class), (ex.Error.Code, ex.Error.Class));
            Assert.Equal(Path.GetFileName(expected.File), Path.GetFileName(ex.Error.File));
            Assert.False(Directory.Exists(fixture.Data.Layout.AllocPlan), "nothing is published");
        }
        finally
        {
            File.WriteAllBytes(weights, original);
            fixture.Data.RemoveOutputs();
        }
    }

    [Fact]
    public async Task TwoS4RunsAtOnce_ForTwoSeedsOfOneFingerprint_EachValidates()
    {
        // docs/cluster.md: two runs at once on one cluster are correct (each call names its run), only slower, since a
        // silo keeps one run's inputs. Both runs share the fingerprint's one gate receipt.
        var data = fixture.Data;
        var twin = new Segment1B.Segment1BLayout(data.Root, new Segment1B.Segment1BIdentity("twin", data.Identity.ManifestFingerprint, data.Identity.ParameterHash));
        Directory.CreateDirectory(twin.Requirements);
        foreach (var file in Directory.GetFiles(data.Layout.Requirements))
        {
            File.Copy(file, Path.Combine(twin.Requirements, Path.GetFileName(file)), overwrite: true);
        }

        try
        {
            data.RemoveOutputs();
            using var session = ClusterSession.FromClient(fixture.Cluster.Client, "two runs", fixture.Cluster.Silos.Count);
            var options = new ClusterRunOptions("external", ShardSize: ClusterRoot.S4ShardPairs);
            var runs = new[] { data.Layout, twin }.Select(layout => Task.Run(() => ClusterRuns.RunS4(layout, 1, skipS0: false, session, options))).ToArray();
            var results = await Task.WhenAll(runs);
            Assert.All(results, r => Assert.True(r.Report.AllocSumEqualsRequirements));
            Assert.Equal("ok", Segment1B.Validation.S4Validator.Validate(data.Layout).Status);
            Assert.Equal("ok", Segment1B.Validation.S4Validator.Validate(twin).Status);

            // Same requirements, tiles and weights under another seed (S4 draws no random numbers): the same plan bytes.
            Assert.Equal(Allot.Data.Publishing.DeterminismReceipt.ComputeSha256Hex(data.Layout.AllocPlan), Allot.Data.Publishing.DeterminismReceipt.ComputeSha256Hex(twin.AllocPlan));
        }
        finally
        {
            data.RemoveOutputs();
            foreach (var folder in Directory.GetDirectories(data.Root, "seed=twin", SearchOption.AllDirectories))
            {
                Directory.Delete(folder, recursive: true); // its requirements, plan and report
            }
        }
    }

    [Fact]
    public async Task TwoS7RunsAtOnce_ForTwoSeeds_EachValidates()
    {
        // As the S4 test above, for S7: each silo keeps one S7 input set and one run log, per run.
        var data = fixture.Data;
        var twin = data.Lineage with { Seed = data.Lineage.Seed + 1 };
        Allot.Segment1A.Fixtures.S7FixtureGenerator.Write(new Allot.Segment1A.Fixtures.S7FixtureOptions(data.Root, twin, data.Merchants, 0.5, 12));
        var twinOptions = data.S7Options with { Inputs = new Allot.Segment1A.Inputs.S7InputOptions(data.Root, twin) };
        try
        {
            data.RemoveOutputs();
            using var session = ClusterSession.FromClient(fixture.Cluster.Client, "two s7 runs", fixture.Cluster.Silos.Count);
            var options = new ClusterRunOptions("external", ShardSize: ClusterRoot.S7ShardMerchants);
            var runs = new[] { data.S7Options, twinOptions }.Select(o => Task.Run(() => ClusterRuns.RunS7(o, session, options))).ToArray();
            var results = await Task.WhenAll(runs);
            Assert.Equal("ok", Segment1A.Validation.S7Validator.Validate(new Segment1A.Validation.S7ValidationOptions(data.S7Options.Inputs, results[0].RunId)).Status);
            Assert.Equal("ok", Segment1A.Validation.S7Validator.Validate(new Segment1A.Validation.S7ValidationOptions(twinOptions.Inputs, results[1].RunId)).Status);
        }
        finally
        {
            data.RemoveOutputs();
            foreach (var folder in Directory.GetDirectories(data.Root, $"seed={twin.Seed}", SearchOption.AllDirectories))
            {
                Directory.Delete(folder, recursive: true); // its inputs, cache, logs and report
            }
        }
    }

    [Fact]
    public void AShardThatKeepsFailing_FailsTheRun_WithShardFailed()
    {
        var dispatcher = new ShardDispatcher(fixture.Cluster.Client, 2, null, "test") { BackoffMilliseconds = 1 };
        var ex = Assert.Throws<AllotException>(() => dispatcher.Run<int>(3, (_, shard) => shard == 1 ? throw new TimeoutException("lost") : Task.FromResult(shard), _ => null, _ => new ShardExecution { Silo = "s", Build = ClusterBuild.Identity }, _ => 1, "rows"));
        Assert.Equal(ClusterErrors.ShardFailed, ex.Error.Code);
        Assert.Equal(ErrorClass.Io, ex.Error.Class);
        Assert.Equal(ShardDispatcher.MaxAttempts, dispatcher.Redispatches.Count(r => r["shard"]!.GetValue<int>() == 1));
    }

    [Fact]
    public void AnAllotErrorFromAShard_FailsTheRunAtOnce_WithItsOwnCode()
    {
        var dispatcher = new ShardDispatcher(fixture.Cluster.Client, 2, null, "test");
        var ex = Assert.Throws<AllotException>(() => dispatcher.Run(
            4,
            (_, shard) => Task.FromResult(shard),
            s => s == 2 ? new ShardError { Code = "E_TEST", Class = (int)ErrorClass.Input, Message = "bad input" } : null,
            _ => new ShardExecution { Silo = "s", Build = ClusterBuild.Identity },
            _ => 1,
            "rows"));
        Assert.Equal("E_TEST", ex.Error.Code);
        Assert.Equal(ErrorClass.Input, ex.Error.Class);
        Assert.Empty(dispatcher.Redispatches);
    }

    [Fact]
    public void AReplyFromASiloOfAnotherBuild_FailsTheRunAtOnce_EvenWhenTheSiloDidNotRefuse()
    {
        // A silo older than the build check computes the shard and answers without a build: the coordinator refuses
        // its result rather than mix it with this build's.
        var dispatcher = new ShardDispatcher(fixture.Cluster.Client, 2, null, "test");
        var ex = Assert.Throws<AllotException>(() => dispatcher.Run(
            4,
            (_, shard) => Task.FromResult(shard),
            _ => null,
            s => new ShardExecution { Silo = s == 3 ? "old" : "s", Build = s == 3 ? string.Empty : ClusterBuild.Identity },
            _ => 1,
            "rows"));
        Assert.Equal((ClusterErrors.BuildMismatch, ErrorClass.Io), (ex.Error.Code, ex.Error.Class));
        Assert.Contains("silo old runs build (unknown: older than build checks)", ex.Error.Message, StringComparison.Ordinal);
    }

    private async Task WaitForActive(int silos)
    {
        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        for (var i = 0; i < 200 && (await management.GetHosts(onlyActive: true)).Count != silos; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
