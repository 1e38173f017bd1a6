using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Allot.Cluster;

/// <summary>Options of <c>allot cluster silo</c>.</summary>
/// <param name="Membership">The membership option (<c>localhost</c> or <c>redis://HOST:PORT</c>).</param>
/// <param name="DataRoot">The shared data root as this machine sees it.</param>
/// <param name="SiloPort">Silo-to-silo port.</param>
/// <param name="GatewayPort">Gateway port (the coordinator connects to gateways).</param>
/// <param name="Advertise">Address to advertise (null: the machine's address; 127.0.0.1 for one-box clusters).</param>
/// <param name="Workers">Threads per shard.</param>
/// <param name="Name">Silo name in reports (null: host:siloPort).</param>
/// <param name="ClusterId">Cluster id: silos and coordinator with the same id and membership store form one cluster.</param>
/// <param name="WarmUp">Whether to run <see cref="SiloWarmUp"/> before saying ready (so the first run served is as fast as later ones).</param>
internal sealed record SiloOptions(string Membership, string DataRoot, int SiloPort, int GatewayPort, string? Advertise, int Workers, string? Name, string ClusterId, bool WarmUp = true);

/// <summary>
/// Hosts a silo with the shard-worker grains until the process is stopped (Ctrl-C / SIGTERM; a SIGKILLed silo is
/// detected by the others through the membership store and its shards are re-dispatched by the coordinator).
/// </summary>
internal static class SiloHost
{
    /// <summary>Service id shared by every Allot cluster (the cluster id tells clusters apart).</summary>
    public const string ServiceId = "allot";

    /// <summary>Adds the shard workers, their placement and the cluster's timeouts to a silo (also used by in-process test clusters).</summary>
    public static void AddShardWorkers(ISiloBuilder silo, SiloSettings settings)
    {
        silo.Services.AddSingleton(new ShardWorker(settings));
        ClusterTuning.Apply(silo);
        silo.AddPlacementDirector<SlotPlacement, SlotPlacementDirector>();
    }

    /// <summary>
    /// Runs the silo until <paramref name="cancel"/> (then it leaves the cluster cleanly and returns null), or until
    /// the membership store no longer lists it (<see cref="MembershipGuard"/>): then it returns why, at once and with
    /// the host still running — Orleans cannot stop a silo whose table is gone (its shutdown retries the table for
    /// ever), so the process that owns it must end or replace itself. Writes one "ready" line once it has joined.
    /// </summary>
    public static async Task<string?> RunAsync(SiloOptions o, TextWriter stdout, CancellationToken cancel)
    {
        var membership = ClusterMembership.Parse(o.Membership);
        var dataRoot = Path.GetFullPath(o.DataRoot);
        if (!Directory.Exists(dataRoot))
        {
            throw ClusterErrors.Fail(ClusterErrors.Unavailable, "the silo's --data-root does not exist (it must be the shared data root every silo and the coordinator see).", dataRoot);
        }

        var name = o.Name ?? $"{Dns.GetHostName()}:{o.SiloPort.ToString(CultureInfo.InvariantCulture)}";
        var workers = Math.Max(1, o.Workers);
        // Shards run on dedicated threads but their parallel loops use the pool; keep spare pool threads so
        // membership probes are answered promptly under load (a silo that misses probes is declared dead).
        ThreadPool.GetMinThreads(out var minWorker, out var minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorker, (workers * 2) + 16), minIo);

        // Orleans binds a port another silo of this machine listens on and then declares that silo dead as an "older
        // clone" of itself (found by hand: a second `allot cluster silo` without --silo-port killed the first, which
        // was serving). Refuse instead, before anything joins.
        var listenOn = membership.RedisConfiguration is null ? IPAddress.Loopback
            : o.Advertise is { } a && IPAddress.IsLoopback(IPAddress.Parse(a)) ? IPAddress.Parse(a) : IPAddress.Any;
        RequireFreePort(listenOn, o.SiloPort, "--silo-port");
        RequireFreePort(listenOn, o.GatewayPort, "--gateway-port");
        membership.RequireStoreReachable("the silo did not join", TimeSpan.FromSeconds(10));
        var host = Build(o, membership, name, dataRoot, workers);

        // The warm-up runs while the silo joins, so the compiler's quiet wait also covers what joining compiled (warming
        // up first and joining after measured 1.12 against 1.055 for the first run's S4 XL). The silo is in the
        // membership table meanwhile: a run started in those seconds is served, only more slowly. "ready" follows both.
        var warmUp = o.WarmUp ? Task.Run(() => SiloWarmUp.Run(workers), cancel) : Task.FromResult(TimeSpan.Zero);
        try
        {
            await host.StartAsync(cancel).ConfigureAwait(false);
        }
        catch (StackExchange.Redis.RedisException ex)
        {
            // The store went away between the check above and the join: the environment, not a bug.
            host.Dispose();
            throw ClusterErrors.Fail(ClusterErrors.Unavailable, $"the membership store {membership.Display} failed while the silo joined ({ex.GetType().Name}: {ClusterSession.FirstLine(ex.Message)}); the silo did not join: start it again once Redis is up.");
        }
        var warmUpSeconds = 0.0;
        try
        {
            warmUpSeconds = (await warmUp.ConfigureAwait(false)).TotalSeconds;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the first run's speed depends on it: serve anyway, and say why the warm-up did not finish.
            await Console.Error.WriteLineAsync($"allot cluster silo: warm-up failed, serving without it ({ex.GetType().Name}: {ClusterSession.FirstLine(ex.Message)})").ConfigureAwait(false);
        }

        IDisposable? announcements = null;
        try
        {
            announcements = await PrepareAnnouncement.SubscribeAsync(membership, o.ClusterId, host.Services.GetRequiredService<ShardWorker>(), Console.Error).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Announcements only save time: without them the prepare calls still load the inputs.
            await Console.Error.WriteLineAsync($"allot cluster silo: not subscribed to prepare announcements ({ex.GetType().Name}: {ClusterSession.FirstLine(ex.Message)})").ConfigureAwait(false);
        }

        using var unsubscribe = announcements;
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"allot cluster silo: ready name={name} membership={membership.Display} silo_port={o.SiloPort} gateway_port={o.GatewayPort} data_root={dataRoot} workers={workers} build=\"{ClusterBuild.Identity}\" warm_up_seconds={warmUpSeconds:0.00}")).ConfigureAwait(false);
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (membership.RedisConfiguration is null)
            {
                // localhost membership has no store to lose: its primary silo is the table.
                await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
            }
            else
            {
                var lost = await MembershipGuard.For(host.Services).WaitUntilLostAsync(cancel).ConfigureAwait(false);
                return $"{lost} ({membership.Display}, cluster id '{o.ClusterId}')";
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by the user: leave the cluster cleanly so no shard waits on a dead silo.
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await host.StopAsync(stop.Token).ConfigureAwait(false);
        host.Dispose();
        return null;
    }

    private const int LinuxSolSocket = 1;
    private const int LinuxSoReuseAddr = 2;

    private static void RequireFreePort(IPAddress address, int port, string option)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // SO_REUSEADDR alone, as servers set it: connections of an earlier silo still in TIME_WAIT (this process after
        // it restarted itself) do not count, a listener does. Not SocketOptionName.ReuseAddress: on Linux .NET adds
        // SO_REUSEPORT to it, which Orleans' listener has too, and the probe would then share the port as Orleans does.
        if (OperatingSystem.IsLinux())
        {
            probe.SetRawSocketOption(LinuxSolSocket, LinuxSoReuseAddr, BitConverter.GetBytes(1));
        }

        try
        {
            probe.Bind(new IPEndPoint(address, port));
            probe.Listen(1);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw ClusterErrors.Fail(ClusterErrors.PortInUse, string.Create(CultureInfo.InvariantCulture, $"{option} {port} is already in use on this machine ({e.SocketErrorCode}): is another silo running here? Give each silo of one machine its own --silo-port and --gateway-port."));
        }
    }

    private static IHost Build(SiloOptions o, ClusterMembership membership, string name, string dataRoot, int workers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(c => c.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(c => c.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            membership.ConfigureSilo(silo, o.SiloPort, o.GatewayPort, o.Advertise is null ? null : IPAddress.Parse(o.Advertise));
            silo.Configure<ClusterOptions>(c =>
            {
                c.ClusterId = o.ClusterId;
                c.ServiceId = ServiceId;
            });
            silo.Configure<Orleans.Configuration.SiloOptions>(s => s.SiloName = name);
            AddShardWorkers(silo, new SiloSettings(name, dataRoot, workers, OnePassLoads: true)); // this process is the silo's own
        });
        return builder.Build();
    }
}

/// <summary>Timeouts shared by silos and coordinator.</summary>
internal static class ClusterTuning
{
    /// <summary>A shard call may take as long as a big shard does; lost calls are detected by membership, not by this.</summary>
    public static readonly TimeSpan ShardCallTimeout = TimeSpan.FromHours(6);

    /// <summary>
    /// Failure detection: a silo that misses 3 probes of 3 s is suspected; with one vote it is declared dead, so a
    /// SIGKILLed silo is out within ~10 s and its slots move to the survivors. Probes are small and answered on spare
    /// pool threads, so busy silos are not mistaken for dead ones.
    /// </summary>
    public static void Apply(ISiloBuilder silo)
    {
        silo.Configure<ClusterMembershipOptions>(m =>
        {
            m.ProbeTimeout = TimeSpan.FromSeconds(3);
            m.NumMissedProbesLimit = 3;
            m.NumVotesForDeathDeclaration = 1;
            m.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            m.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        });
        silo.Configure<SiloMessagingOptions>(m =>
        {
            m.ResponseTimeout = ShardCallTimeout;
            m.SystemResponseTimeout = TimeSpan.FromSeconds(30);
        });
    }
}
