using Allot.Core.Errors;
using Allot.Segment1B.Allocation;

namespace Allot.Cluster.Tests;

public sealed class MembershipTests
{
    [Theory]
    [InlineData("localhost", "localhost", null)]
    [InlineData("redis://127.0.0.1:6390", "redis://127.0.0.1:6390", "127.0.0.1:6390")]
    [InlineData("redis://cache.internal", "redis://cache.internal:6379", "cache.internal:6379")]
    [InlineData("redis://10.0.0.5:7000/3", "redis://10.0.0.5:7000", "10.0.0.5:7000,defaultDatabase=3")]
    public void Parse_AcceptsLocalhostAndRedis(string text, string display, string? redis)
    {
        var m = ClusterMembership.Parse(text);
        Assert.Equal(display, m.Display);
        Assert.Equal(redis, m.RedisConfiguration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("zookeeper://x:1")]
    [InlineData("postgres://u@db/allot")]
    [InlineData("redis://h:1/x")]
    public void Parse_RejectsAnythingElse_AsUsage(string text)
    {
        var ex = Assert.Throws<AllotException>(() => ClusterMembership.Parse(text));
        Assert.Equal(ClusterErrors.Membership, ex.Error.Code);
        Assert.Equal(ErrorClass.Usage, ex.Error.Class);
    }

    [Fact]
    public void Connect_WithNoSilo_FailsWithUnavailable()
    {
        // Redis membership on a port where nothing listens: no gateway can be found.
        var ex = Assert.Throws<AllotException>(() => ClusterSession.Connect(ClusterMembership.Parse($"redis://127.0.0.1:{Ports.Free()}"), "nobody-" + Guid.NewGuid().ToString("N"), 1, TimeSpan.FromSeconds(3)));
        Assert.Equal(ClusterErrors.Unavailable, ex.Error.Code);
        Assert.Equal(ErrorClass.Io, ex.Error.Class);

        // The store itself is named as what is down (it waited the whole timeout and blamed the silos).
        Assert.Contains("the membership store redis://127.0.0.1:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be reached (ConnectionRefused", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--advertise", "notanip", "--advertise must be an IP address such as 10.0.0.5 (got 'notanip')")]
    [InlineData("--silo-port", "70000", "--silo-port must be a TCP port, 1 to 65535 (got 70000)")]
    [InlineData("--gateway-port", "-1", "--gateway-port must be a TCP port, 1 to 65535 (got -1)")]
    [InlineData("--silo-port", "30000", "--silo-port and --gateway-port must differ (both 30000)")]
    public void Cli_SiloOptionsThatCannotWork_AreUsageErrors_NotBugs(string option, string value, string expected)
    {
        // Found by hand: each of these crashed as E_INTERNAL (exit 70, FormatException / ArgumentOutOfRangeException),
        // the last one only after joining the cluster.
        var stderr = new StringWriter();
        var code = Allot.Cli.AllotCli.Run(["cluster", "silo", "--membership", "localhost", "--data-root", Path.GetTempPath(), option, value], new StringWriter(), stderr);
        Assert.True(code == 2, stderr.ToString());
        Assert.Contains($"error E_USAGE: {expected}", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_SiloWithAStoreThatIsDown_IsUnavailable_NotABug()
    {
        // Found by hand: `allot cluster silo --membership redis://127.0.0.1:6399` with no Redis there printed pages of
        // Orleans' failure logs and ended as E_INTERNAL (exit 70, "this is a bug in allot").
        var stderr = new StringWriter();
        var root = Directory.CreateTempSubdirectory("allot-silo-nostore-").FullName;
        try
        {
            var code = Allot.Cli.AllotCli.Run(["cluster", "silo", "--membership", $"redis://127.0.0.1:{Ports.Free()}", "--data-root", root, "--silo-port", Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway-port", Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-warm-up"], new StringWriter(), stderr);
            var err = stderr.ToString();
            Assert.True(code == 74, err);
            Assert.Contains($"error {ClusterErrors.Unavailable}: the membership store redis://127.0.0.1:", err, StringComparison.Ordinal);
            Assert.Contains("ConnectionRefused", err, StringComparison.Ordinal);
            Assert.Contains("the silo did not join", err, StringComparison.Ordinal);
            Assert.DoesNotContain("E_INTERNAL", err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Cli_BadMembership_ExitsWithUsage()
    {
        var stderr = new StringWriter();
        var code = Allot.Cli.AllotCli.Run(["cluster", "silo", "--membership", "etcd://x", "--data-root", Path.GetTempPath()], new StringWriter(), stderr);
        Assert.Equal(2, code);
        Assert.Contains(ClusterErrors.Membership, stderr.ToString(), StringComparison.Ordinal);
    }
}

public sealed class ShardWorkerTests
{
    [Fact]
    public void PrepareS4_AnswersWithThePlanAFullLoadCuts_OrNoPlanWhenTheLoadFails()
    {
        using var data = new ClusterRoot(merchants: 300);
        var worker = new ShardWorker(new SiloSettings("w", data.Root, 1));
        var request = new S4ShardRequest
        {
            Seed = data.Identity.Seed,
            ManifestFingerprint = data.Identity.ManifestFingerprint,
            ParameterHash = data.Identity.ParameterHash,
            PairsPerShard = 100,
            Shard = -1,
            FirstPair = 0,
            PairCount = 0,
            Staging = string.Empty,
            RowGroupRows = 1,
            Build = ClusterBuild.Identity,
        };
        var plan = S4Shards.Plan(Allot.Segment1B.Allocation.S4InputLoader.Load(data.Layout, 1).Pairs, 100);
        var reply = worker.PrepareS4(request);
        Assert.True(plan.Count > 2, "the fixture should have several shards");
        Assert.Equal(plan, S4Shards.FromSizes(reply.ShardPairs));
        Assert.Equal("w", reply.Execution.Silo);

        // A requirements file the silo cannot read: no plan (the coordinator then reads and cuts it itself).
        var requirements = Directory.EnumerateFiles(data.Layout.Requirements, "*.parquet").First();
        File.WriteAllBytes(requirements, new byte[64]);
        var failed = worker.PrepareS4(request);
        Assert.Empty(failed.ShardPairs);
        Assert.Equal("w", failed.Execution.Silo);
    }

    [Fact]
    public void AShardPlannedDifferentlyOrAMissingStagingFolder_IsADataMismatch()
    {
        using var data = new ClusterRoot(merchants: 300);
        var worker = new ShardWorker(new SiloSettings("w", data.Root, 1));
        var plan = S4Shards.Plan(Allot.Segment1B.Allocation.S4InputLoader.Load(data.Layout, 1).Pairs, 100);
        var staging = Path.Combine(data.Root, ".staging-test");
        Directory.CreateDirectory(staging);
        S4ShardRequest Request(int firstPair, string stagingRel) => new()
        {
            Seed = data.Identity.Seed,
            ManifestFingerprint = data.Identity.ManifestFingerprint,
            ParameterHash = data.Identity.ParameterHash,
            PairsPerShard = 100,
            Shard = 1,
            FirstPair = firstPair,
            PairCount = plan[1].PairCount,
            Staging = stagingRel,
            RowGroupRows = 1000,
            Build = ClusterBuild.Identity,
        };

        var ok = worker.RunS4(Request(plan[1].FirstPair, ".staging-test"));
        Assert.Null(ok.Error);
        Assert.True(File.Exists(Path.Combine(staging, "part-00001.parquet")));
        var mismatch = worker.RunS4(Request(plan[1].FirstPair + 1, ".staging-test")).Error!;
        Assert.Equal(ClusterErrors.DataMismatch, mismatch.Code);
        Assert.Equal((int)ErrorClass.Input, mismatch.Class);
        Assert.Equal(ClusterErrors.DataMismatch, worker.RunS4(Request(plan[1].FirstPair, ".staging-gone")).Error!.Code);

        // Idempotent: running the shard again replaces its part file with the same bytes.
        var before = File.ReadAllBytes(Path.Combine(staging, "part-00001.parquet"));
        Assert.Null(worker.RunS4(Request(plan[1].FirstPair, ".staging-test")).Error);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(staging, "part-00001.parquet")));
        Assert.Single(Directory.GetFileSystemEntries(staging));
    }
}

internal static class Ports
{
    /// <summary>A loopback port free right now.</summary>
    public static int Free()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

public sealed class ShardThreadsTests
{
    [Fact]
    public async Task Run_ReusesOneThreadForCallsOneAfterAnother_AndPassesResultsAndErrorsThrough()
    {
        var threads = new ShardThreads();
        var first = await threads.Run(() => Environment.CurrentManagedThreadId);
        var second = await threads.Run(() => Environment.CurrentManagedThreadId);
        Assert.Equal(first, second); // the thread (and its thread-local pool caches) outlives a shard
        Assert.NotEqual(Environment.CurrentManagedThreadId, first);
        Assert.False(await threads.Run(() => Thread.CurrentThread.IsThreadPoolThread));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => threads.Run<int>(() => throw new InvalidOperationException("shard failed")));
        Assert.Equal("shard failed", ex.Message);
        Assert.Equal(first, await threads.Run(() => Environment.CurrentManagedThreadId)); // a failure does not cost the thread
    }

    [Fact]
    public async Task Run_StartsAnotherThreadWhileEveryThreadIsBusy()
    {
        var threads = new ShardThreads();
        using var release = new ManualResetEventSlim();
        using var running = new CountdownEvent(3);
        var calls = Enumerable.Range(0, 3).Select(i => threads.Run(() =>
        {
            running.Signal();
            release.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken); // all three must be running at once to get past this
            return Environment.CurrentManagedThreadId;
        })).ToArray();
        Assert.True(running.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "three calls did not run at the same time");
        release.Set();
        var ids = await Task.WhenAll(calls);
        Assert.Equal(3, ids.Distinct().Count());
        var after = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => threads.Run(() => Environment.CurrentManagedThreadId)));
        Assert.Subset(ids.ToHashSet(), after.ToHashSet()); // no fourth thread for calls the three can take
    }
}

public sealed class SiloWarmUpTests
{
    [Fact]
    public void RunsSmallS4AndS7RunsThroughTheShardCode_AndLeavesNothingBehind()
    {
        var parent = Directory.CreateTempSubdirectory("allot-warm-up-test-").FullName;
        try
        {
            // Every shard's error is checked inside: a warm-up that returns ran both states to the end.
            var took = SiloWarmUp.Run(workers: 2, quietLimit: TimeSpan.FromMilliseconds(300), parent: parent);

            Assert.True(took > TimeSpan.Zero);
            Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
