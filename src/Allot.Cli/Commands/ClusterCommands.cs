using System.CommandLine;
using Allot.Cluster;
using Allot.Core.Errors;

namespace Allot.Cli.Commands;

/// <summary><c>allot cluster silo</c>: host shard workers for <c>run --cluster</c> (see docs/cluster.md).</summary>
public static class ClusterCommands
{
    /// <summary>Builds the <c>cluster</c> command group.</summary>
    public static Command Create()
    {
        var group = new Command("cluster", "Scale S4 and S7 out over several processes or machines (Microsoft Orleans). Start one silo per machine, then run with --cluster. See docs/cluster.md.");
        group.Subcommands.Add(SiloCommand());
        return group;
    }

    private static Command SiloCommand()
    {
        var cmd = new Command("silo", "Run a silo that computes S4/S7 shards for 'run --cluster' until stopped (Ctrl-C / SIGTERM). Prints one 'ready' line on stdout when it has joined.");
        var membership = new Option<string>("--membership") { Description = "How silos find each other: 'localhost' (one machine, not fault tolerant) or 'redis://HOST:PORT' (many machines).", Required = true };
        var dataRoot = new Option<string>("--data-root") { Description = "The shared data root as this machine sees it (the same folder for every silo and the coordinator, e.g. an NFS mount).", Required = true }.MustExist();
        var siloPort = new Option<int>("--silo-port") { Description = "Silo-to-silo port.", DefaultValueFactory = _ => ClusterMembership.LocalhostPrimarySiloPort }.IsPort();
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Gateway port the coordinator connects to.", DefaultValueFactory = _ => ClusterMembership.LocalhostPrimaryGatewayPort }.IsPort();
        var advertise = new Option<string?>("--advertise") { Description = "IP address other machines reach this silo at (default: the machine's address; 127.0.0.1 for a one-machine cluster)." }.IsIpAddress();
        var workers = new Option<int>("--workers") { Description = "Threads per shard (default: processor count). Never changes a byte of output.", DefaultValueFactory = _ => Environment.ProcessorCount }.AtLeastOne();
        var name = new Option<string?>("--name") { Description = "Silo name in run reports (default: host:silo-port)." };
        var clusterId = new Option<string>("--cluster-id") { Description = "Cluster id; silos and coordinators with the same id and membership form one cluster.", DefaultValueFactory = _ => "allot" };
        var noWarmUp = new Option<bool>("--no-warm-up") { Description = "Say ready without first running a small S4 and S7 run through the shard code (by default the silo does, twice, in a temporary folder, so the first run it serves is as fast as later ones)." };
        foreach (var o in new Option[] { membership, dataRoot, siloPort, gatewayPort, advertise, workers, name, clusterId, noWarmUp })
        {
            cmd.Options.Add(o);
        }

        cmd.Validators.Add(r =>
        {
            // One port for both listeners: Orleans failed to bind the second after joining, as a bug (E_INTERNAL).
            // (A command's validator sees 0 for an option left to its default, so the defaults are filled in here.)
            int Port(Option<int> o, int fallback) => r.GetResult(o) is { Implicit: false } given ? given.GetValueOrDefault<int>() : fallback;
            var (s, g) = (Port(siloPort, ClusterMembership.LocalhostPrimarySiloPort), Port(gatewayPort, ClusterMembership.LocalhostPrimaryGatewayPort));
            if (s == g)
            {
                r.AddError($"--silo-port and --gateway-port must differ (both {s}).");
            }
        });
        cmd.SetAction(async (p, cancel) =>
        {
            var stderr = p.InvocationConfiguration.Error;
            try
            {
                var lost = await SiloHost.RunAsync(
                    new SiloOptions(p.GetValue(membership)!, p.GetValue(dataRoot)!, p.GetValue(siloPort), p.GetValue(gatewayPort), p.GetValue(advertise), p.GetValue(workers), p.GetValue(name), p.GetValue(clusterId)!, WarmUp: !p.GetValue(noWarmUp)),
                    p.InvocationConfiguration.Output,
                    cancel).ConfigureAwait(false);
                if (lost is not null)
                {
                    // A silo the store has forgotten serves nobody, yet looks alive: start again as a new member (the
                    // warm-up too, unless --no-warm-up). Where that fails, exit so that a service manager restarts it.
                    await stderr.WriteLineAsync($"allot cluster silo: {lost}: restarting to join again (was the store restarted without its data?).").ConfigureAwait(false);
                    ProcessRestart.ReplaceSelf((int)ErrorClass.Io);
                }

                return 0;
            }
            catch (AllotException ex)
            {
                await stderr.WriteLineAsync($"error {ex.Error}").ConfigureAwait(false);
                return (int)ex.Error.Class;
            }
        });
        return cmd;
    }
}

/// <summary>The options a run command gains to send its shards to a cluster.</summary>
internal sealed class ClusterRunCliOptions
{
    public ClusterRunCliOptions(Command cmd, string shardUnit)
    {
        ShardSize = new Option<int?>("--shard-size") { Description = $"{shardUnit} per shard (testing only; the default is a constant of the data so every run cuts the same shards).", Hidden = true };
        foreach (var o in new Option[] { Cluster, ClusterId, MinSilos, ShardSize })
        {
            cmd.Options.Add(o);
        }
    }

    public Option<string?> Cluster { get; } = new("--cluster") { Description = "Send the shards to the silos of this cluster ('localhost' or 'redis://HOST:PORT'; see 'allot cluster silo'). Outputs are byte-identical to a local run." };

    public Option<string> ClusterId { get; } = new("--cluster-id") { Description = "Cluster id (default 'allot').", DefaultValueFactory = _ => "allot", Hidden = true };

    public Option<int> MinSilos { get; } = new("--cluster-min-silos") { Description = "Wait (up to 60 s) for at least this many silos before dispatching.", DefaultValueFactory = _ => 1, Hidden = true };

    public Option<int?> ShardSize { get; }

    /// <summary>The cluster options, or null for a local run.</summary>
    public ClusterRunOptions? For(ParseResult p, bool quiet) => p.GetValue(Cluster) is { } membership
        ? new ClusterRunOptions(membership, p.GetValue(ClusterId)!, CheckedShardSize(p), MinSilos: Math.Max(1, p.GetValue(MinSilos)), Progress: quiet ? null : p.InvocationConfiguration.Error)
        : null;

    public int? CheckedShardSize(ParseResult p)
    {
        var size = p.GetValue(ShardSize);
        if (size is < 1)
        {
            throw new AllotException(new AllotError("E_USAGE", ErrorClass.Usage, $"--shard-size must be ≥ 1 (got {size})."));
        }

        return size;
    }
}
