using System.Diagnostics;
using Allot.Core.Errors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Allot.Cluster;

/// <summary>The coordinator's connection to a cluster (an Orleans client found through the membership store).</summary>
internal sealed class ClusterSession : IDisposable
{
    private readonly IHost? _host;

    private ClusterSession(IHost? host, IClusterClient client, ClusterMembership membership, IReadOnlyList<string> silos)
    {
        _host = host;
        Membership = membership;
        Silos = silos;
        Client = client;
    }

    public IClusterClient Client { get; }

    public ClusterMembership Membership { get; }

    /// <summary>Seconds from building the Orleans client to the silos being known (0 for an external client).</summary>
    public double ConnectSeconds { get; private init; }

    /// <summary>Names of the active silos when the run started, sorted.</summary>
    public IReadOnlyList<string> Silos { get; }

    /// <summary>
    /// Connects and waits until at least <paramref name="minSilos"/> silos are active (or the timeout passes);
    /// <see cref="ClusterErrors.Unavailable"/> when none can be reached.
    /// </summary>
    public static ClusterSession Connect(ClusterMembership membership, string clusterId, int minSilos, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        membership.RequireStoreReachable("the run sent no shard and published nothing", TimeSpan.FromSeconds(Math.Min(10, timeout.TotalSeconds)));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c =>
        {
            membership.ConfigureClient(c);
            c.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = SiloHost.ServiceId;
            });
            c.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ClusterTuning.ShardCallTimeout);
            c.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            c.UseConnectionRetryFilter(async (_, ct) =>
            {
                if (deadline.Elapsed >= timeout)
                {
                    return false;
                }

                await Task.Delay(500, ct).ConfigureAwait(false);
                return true;
            });
        });
        var host = builder.Build();
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            host.StartAsync(cts.Token).GetAwaiter().GetResult();
            var client = host.Services.GetRequiredService<IClusterClient>();
            var silos = WaitForSilos(client, minSilos, timeout - deadline.Elapsed);
            return new ClusterSession(host, client, membership, silos) { ConnectSeconds = deadline.Elapsed.TotalSeconds };
        }
        catch (Exception ex) when (ex is not AllotException)
        {
            host.Dispose();
            throw ClusterErrors.Fail(ClusterErrors.Unavailable, $"no silo could be reached through {membership.Display} within {timeout.TotalSeconds:0} s ({ex.GetType().Name}: {FirstLine(ex.Message)}); start silos with 'allot cluster silo --membership {membership.Display} --data-root …'.");
        }
    }

    /// <summary>A session over a client someone else owns (an in-process test cluster).</summary>
    public static ClusterSession FromClient(IClusterClient client, string display, int minSilos = 1) =>
        new(null, client, new ClusterMembership("external", null, display), WaitForSilos(client, minSilos, TimeSpan.FromSeconds(30)));

    /// <summary>Names of the active silos once at least <paramref name="minSilos"/> are active (or the time is up and some are).</summary>
    private static List<string> WaitForSilos(IClusterClient client, int minSilos, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var management = client.GetGrain<IManagementGrain>(0);
        while (true)
        {
            MembershipEntry[] hosts;
            try
            {
                // Bounded: the management grain may sit on a silo that just died (its calls would otherwise wait for
                // the hours-long shard timeout); a new call is placed on a live silo once the death is declared.
                hosts = ShardDispatcher.Bounded(management.GetDetailedHosts(onlyActive: true), TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException && clock.Elapsed < timeout)
            {
                Thread.Sleep(250);
                continue;
            }

            if (hosts.Length >= minSilos || clock.Elapsed >= timeout)
            {
                if (hosts.Length == 0)
                {
                    throw new InvalidOperationException("no active silo");
                }

                return [.. hosts.Select(h => string.IsNullOrEmpty(h.SiloName) ? h.SiloAddress.ToString() : h.SiloName).Order(StringComparer.Ordinal)];
            }

            Thread.Sleep(250);
        }
    }

    public void Dispose()
    {
        if (_host is null)
        {
            return;
        }

        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            _host.StopAsync(cts.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is OperationCanceledException or OrleansException or TimeoutException)
        {
            // The run's outcome is already decided; a slow disconnect must not change it.
        }

        _host.Dispose();
    }

    internal static string FirstLine(string text)
    {
        var i = text.IndexOfAny(['\r', '\n']);
        return i < 0 ? text : text[..i];
    }
}
