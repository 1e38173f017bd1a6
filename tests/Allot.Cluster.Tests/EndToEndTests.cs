using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Allot.Cluster.Tests;

/// <summary>
/// End to end on this machine: a real redis-server as the membership store (from the OS packages, installed by
/// scripts/install-test-deps.sh), three silo processes of the built allot binary, S4 and S7 through the cluster
/// compared byte for byte with a single-process run — then again while silos are SIGKILLed mid-run. Network on
/// 127.0.0.1 only. Skipped, with a message, only when redis-server is not installed.
/// </summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task ThreeSiloProcessesOverRedis_AreByteIdenticalToOneProcess_EvenWhenSilosAreKilledMidRun()
    {
        var redisPath = RedisServerOrSkip();

        using var data = new ClusterRoot(merchants: 3000);
        using var local = data.CopyInputs();
        local.RunS4Local();
        local.RunS7Local();
        var expected = local.Outputs();

        using var redis = RedisProcess.Start(redisPath);
        var membership = $"redis://127.0.0.1:{redis.Port}";
        var clusterId = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        using var silos = new SiloProcesses();
        // silo-1 warms up as a user's silo does by default (two small runs before "ready"); the others skip it to
        // keep the test short.
        await Task.WhenAll(Enumerable.Range(1, 3).Select(i => silos.StartAsync($"silo-{i}", membership, clusterId, data.Root, warmUp: i == 1)));
        Assert.Matches(@"warm_up_seconds=(?!0\.00)\d+\.\d\d$", silos.ReadyLine("silo-1"));
        Assert.EndsWith("warm_up_seconds=0.00", silos.ReadyLine("silo-2"), StringComparison.Ordinal);

        // Each silo process reports the build it runs: the same binaries as this process, so the same build.
        Assert.All(new[] { "silo-1", "silo-2", "silo-3" }, s => Assert.Contains($"build=\"{ClusterBuild.Identity}\"", silos.ReadyLine(s), StringComparison.Ordinal));

        // 1. The CLI coordinator, as a user runs it: same bytes as one process.
        var s4 = Cli(data.S4Args("--cluster", membership, "--cluster-id", clusterId, "--cluster-min-silos", "3"));
        Assert.True(s4.Code == 0, s4.Stderr);
        Assert.Contains("cluster s4: shard", s4.Stderr, StringComparison.Ordinal);
        var s7 = Cli(["segment1a", "s7", "run", "--data-root", data.Root, "--seed", "9248923", "--parameter-hash", "p1", "--manifest-fingerprint", ClusterRoot.Fingerprint, "--shard-size", ClusterRoot.S7ShardMerchants.ToString(CultureInfo.InvariantCulture), "--cluster", membership, "--cluster-id", clusterId]);
        Assert.True(s7.Code == 0, s7.Stderr);
        // The CLI run has its own start time, so only the cache is compared here; logs are compared below.
        Assert.Equal(
            expected.Where(p => p.Key.StartsWith("s4/", StringComparison.Ordinal) || p.Key.StartsWith("s7/cache/", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal),
            data.Outputs().Where(p => p.Key.StartsWith("s4/", StringComparison.Ordinal) || p.Key.StartsWith("s7/cache/", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal));

        // 2. SIGKILL a silo as soon as it has finished one S4 shard (it is handed the next at once), and another
        //    during S7: both runs complete on the survivors, report the re-dispatch, and write the same bytes. The
        //    victim is whichever candidate finishes a shard first: which silos the coordinator serves first is up to
        //    the machine (a silo still loading its inputs gets its first shard late, and one fast silo can run all of
        //    a small run's shards), so naming one in advance made the test depend on timing.
        data.RemoveOutputs();
        var options = new ClusterRunOptions(membership, clusterId, ClusterRoot.S4ShardPairs, MinSilos: 3);
        var s4Log = new KillOnFirstShard(silos, "silo-1", "silo-2", "silo-3");
        var s4Result = ClusterRuns.RunS4(data.Layout, 1, skipS0: false, options with { Progress = s4Log });
        var s7Log = new KillOnFirstShard(silos, [.. new[] { "silo-1", "silo-2", "silo-3" }.Where(s => s != s4Log.Victim)]);
        var s7Result = ClusterRuns.RunS7(data.S7Options, options with { ShardSize = ClusterRoot.S7ShardMerchants, MinSilos = 2, Progress = s7Log });
        ClusterRoot.AssertSame(expected, data.Outputs());

        Assert.True(s4Log.Victim is not null, "no candidate silo finished an S4 shard, so none was killed:\n" + s4Log);
        Assert.True(s7Log.Victim is not null, "no surviving silo finished an S7 shard, so none was killed:\n" + s7Log);
        var s4Execution = s4Result.Report.Execution!;
        Assert.True(s4Execution["redispatch_count"]!.GetValue<int>() >= 1, s4Execution.ToJsonString());
        Assert.Contains("re-dispatching", s4Log.ToString(), StringComparison.Ordinal);
        Assert.True(s7Result.Execution!["redispatch_count"]!.GetValue<int>() >= 1, s7Result.Execution.ToJsonString());
        Assert.Equal(3, s4Execution["silos"]!.AsArray().Count);
    }

    private static (int Code, string Stdout, string Stderr) Cli(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "allot.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
        }

        return (p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>The redis-server binary on this machine; without one the test is skipped, saying how to install it.</summary>
    private static string RedisServerOrSkip()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(d => Path.Combine(d, "redis-server"))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            Assert.Skip("redis-server is not installed (run scripts/install-test-deps.sh as root); the cluster end-to-end tests need it as the membership store.");
        }

        return path;
    }

    [Fact]
    public async Task APrepareAnnouncementOnRedis_MakesASiloLoadTheInputs_BeforeAnyGrainCall_AndTheLoadIsReportedOnce()
    {
        var redisPath = RedisServerOrSkip();

        using var data = new ClusterRoot(merchants: 300);
        using var redis = RedisProcess.Start(redisPath);
        var membership = ClusterMembership.Parse($"redis://127.0.0.1:{redis.Port}");
        var worker = new ShardWorker(new SiloSettings("test", data.Root, 1));
        using var subscription = await PrepareAnnouncement.SubscribeAsync(membership, "announce", worker, TextWriter.Null);
        var s4 = new S4ShardRequest
        {
            Seed = data.Identity.Seed,
            ManifestFingerprint = data.Identity.ManifestFingerprint,
            ParameterHash = data.Identity.ParameterHash,
            PairsPerShard = ClusterRoot.S4ShardPairs,
            Shard = -1,
            FirstPair = 0,
            PairCount = 0,
            Staging = string.Empty,
            RowGroupRows = 1,
            Build = ClusterBuild.Identity,
        };
        var s7 = new S7ShardRequest
        {
            Seed = data.Lineage.Seed,
            ParameterHash = data.Lineage.ParameterHash,
            ManifestFingerprint = data.Lineage.ManifestFingerprint,
            RunId = string.Empty,
            MerchantsPerShard = ClusterRoot.S7ShardMerchants,
            Shard = -1,
            FirstMerchant = 0,
            MerchantCount = 0,
            Staging = [],
            Build = ClusterBuild.Identity,
        };
        PrepareAnnouncement.Publish(membership, "announce", s4);
        PrepareAnnouncement.Publish(membership, "announce", s7);
        var clock = Stopwatch.StartNew();
        while (!(worker.S4Loaded && worker.S7Loaded) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(worker.S4Loaded && worker.S7Loaded, "the announcements did not make the worker load its inputs");

        // The announcement's load is the prepare call's: reported once, by the first call that asks.
        Assert.True(worker.PrepareS4(s4).Execution.LoadSeconds > 0);
        Assert.Equal(0, worker.PrepareS4(s4).Execution.LoadSeconds);
        Assert.True(worker.PrepareS7(s7).LoadSeconds > 0);
        Assert.Equal(0, worker.PrepareS7(s7).LoadSeconds);
    }

    [Fact]
    public async Task ASiloWhoseMembershipTableIsLost_RestartsItself_JoinsAgain_AndServesTheNextRun()
    {
        // Found by hand: a Redis server restarted without its data (here: FLUSHALL, the same empty store) left every
        // silo running but unknown to the store, retrying its writes for ever; the next run waited 60 s and failed
        // with "no silo could be reached" while the silos looked healthy.
        var redisPath = RedisServerOrSkip();
        using var data = new ClusterRoot(merchants: 300);
        using var redis = RedisProcess.Start(redisPath);
        var membership = $"redis://127.0.0.1:{redis.Port}";
        var clusterId = "lost-" + Guid.NewGuid().ToString("N")[..8];
        using var silos = new SiloProcesses();
        await silos.StartAsync("silo-1", membership, clusterId, data.Root, warmUp: false);
        var pid = silos.ProcessId("silo-1");

        using (var store = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true"))
        {
            await store.GetServer("127.0.0.1", redis.Port).FlushAllDatabasesAsync();
        }

        await silos.WaitForReadyAsync("silo-1", count: 2, TimeSpan.FromSeconds(90));
        Assert.Equal(pid, silos.ProcessId("silo-1")); // the same process, replaced in place
        Assert.Contains("restarting to join again", silos.Output("silo-1"), StringComparison.Ordinal);

        var s4 = Cli(data.S4Args("--cluster", membership, "--cluster-id", clusterId));
        Assert.True(s4.Code == 0, s4.Stderr + "\n" + silos.Output("silo-1"));
        Assert.Contains("done on silo-1", s4.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondSiloOnTheSamePorts_IsRefused_AndTheFirstKeepsServing()
    {
        // Found by hand: Orleans binds a port another silo listens on (both reuse it) and then marks that silo dead as
        // an "older clone" of itself: a second `allot cluster silo` without --silo-port killed the first (FATAL).
        var redisPath = RedisServerOrSkip();
        using var data = new ClusterRoot(merchants: 300);
        using var redis = RedisProcess.Start(redisPath);
        var membership = $"redis://127.0.0.1:{redis.Port}";
        var clusterId = "ports-" + Guid.NewGuid().ToString("N")[..8];
        using var silos = new SiloProcesses();
        await silos.StartAsync("silo-1", membership, clusterId, data.Root, warmUp: false);
        var ready = silos.ReadyLine("silo-1");
        string Port(string key) => System.Text.RegularExpressions.Regex.Match(ready, key + "=(\\d+)").Groups[1].Value;

        var second = Cli(["cluster", "silo", "--membership", membership, "--cluster-id", clusterId, "--data-root", data.Root, "--silo-port", Port("silo_port"), "--gateway-port", Port("gateway_port"), "--advertise", "127.0.0.1", "--no-warm-up"]);
        Assert.True(second.Code == 2, second.Stderr);
        Assert.Contains($"E_CLUSTER_PORT_IN_USE: --silo-port {Port("silo_port")} is already in use", second.Stderr, StringComparison.Ordinal);

        var s4 = Cli(data.S4Args("--cluster", membership, "--cluster-id", clusterId));
        Assert.True(s4.Code == 0, s4.Stderr + "\n" + silos.Output("silo-1"));
        Assert.DoesNotContain("FATAL", silos.Output("silo-1"), StringComparison.Ordinal);
    }

    /// <summary>Progress output that SIGKILLs the first of <paramref name="candidates"/> to finish a shard.</summary>
    private sealed class KillOnFirstShard(SiloProcesses silos, params string[] candidates) : TextWriter
    {
        private readonly StringBuilder _log = new();

        /// <summary>The silo killed, or null while none has been.</summary>
        public string? Victim { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            lock (_log)
            {
                _log.AppendLine(value);
                if (Victim is null && value is not null && candidates.FirstOrDefault(c => value.Contains($"done on {c}:", StringComparison.Ordinal)) is { } silo)
                {
                    silos.Kill(silo);
                    Victim = silo;
                    _log.AppendLine($"[test] SIGKILLed {silo}");
                }
            }
        }

        public override string ToString()
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Silo processes of the built binary; every one still running is killed on dispose.</summary>
    private sealed class SiloProcesses : IDisposable
    {
        private readonly ConcurrentDictionary<string, Process> _processes = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, StringBuilder> _output = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, string> _ready = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _readyCount = new(StringComparer.Ordinal);

        public string ReadyLine(string name) => _ready[name];

        public int ProcessId(string name) => _processes[name].Id;

        public string Output(string name)
        {
            var log = _output[name];
            lock (log)
            {
                return log.ToString();
            }
        }

        /// <summary>Waits until the silo has said "ready" <paramref name="count"/> times (a silo that restarts itself says it again).</summary>
        public async Task WaitForReadyAsync(string name, int count, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (_readyCount.GetValueOrDefault(name) < count)
            {
                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException($"silo {name} said ready {_readyCount.GetValueOrDefault(name)} time(s), not {count}:\n{Output(name)}");
                }

                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        public async Task StartAsync(string name, string membership, string clusterId, string dataRoot, bool warmUp)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "allot.dll"), "cluster", "silo", "--membership", membership, "--cluster-id", clusterId,
                "--data-root", dataRoot, "--silo-port", Ports.Free().ToString(CultureInfo.InvariantCulture), "--gateway-port", Ports.Free().ToString(CultureInfo.InvariantCulture),
                "--advertise", "127.0.0.1", "--workers", "1", "--name", name,
            })
            {
                psi.ArgumentList.Add(a);
            }

            if (!warmUp)
            {
                psi.ArgumentList.Add("--no-warm-up");
            }

            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var log = _output.GetOrAdd(name, _ => new StringBuilder());
            var p = new Process { StartInfo = psi };
            p.OutputDataReceived += (_, e) =>
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }

                if (e.Data?.StartsWith("allot cluster silo: ready", StringComparison.Ordinal) == true)
                {
                    _ready[name] = e.Data;
                    _readyCount.AddOrUpdate(name, 1, (_, n) => n + 1);
                    ready.TrySetResult();
                }
            };
            p.ErrorDataReceived += (_, e) =>
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            };
            p.Start();
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            _processes[name] = p;
            var done = await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken));
            if (done != ready.Task)
            {
                throw new TimeoutException($"silo {name} did not start:\n{log}");
            }
        }

        /// <summary>SIGKILL (Process.Kill on Unix sends SIGKILL).</summary>
        public void Kill(string name)
        {
            if (_processes.TryRemove(name, out var p))
            {
                p.Kill();
                p.WaitForExit();
                p.Dispose();
            }
        }

        public void Dispose()
        {
            foreach (var name in _processes.Keys.ToList())
            {
                // Graceful stop is not needed here: the test is over and the Redis server goes too.
                Kill(name);
            }
        }
    }

    /// <summary>A redis-server on a free loopback port in a temporary folder, stopped on dispose.</summary>
    private sealed class RedisProcess : IDisposable
    {
        private readonly Process _process;
        private readonly string _dir;

        private RedisProcess(Process process, string dir, int port)
        {
            _process = process;
            _dir = dir;
            Port = port;
        }

        public int Port { get; }

        public static RedisProcess Start(string path)
        {
            var dir = Path.Combine(Path.GetTempPath(), "allot-redis-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var port = Ports.Free();
            var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
            foreach (var a in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", dir, "--protected-mode", "yes" })
            {
                psi.ArgumentList.Add(a);
            }

            var p = Process.Start(psi)!;
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    client.Connect("127.0.0.1", port);
                    return new RedisProcess(p, dir, port);
                }
                catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(20) && !p.HasExited)
                {
                    Thread.Sleep(100);
                }
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process.Dispose();
            Directory.Delete(_dir, recursive: true);
        }
    }
}
