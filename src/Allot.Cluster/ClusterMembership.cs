using System.Net;
using Allot.Core.Errors;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;

namespace Allot.Cluster;

/// <summary>
/// The one connection option that selects how silos find each other: <c>localhost</c> (development clustering on
/// this machine: the primary silo at 127.0.0.1:11111, gateway 30000; not fault tolerant) or
/// <c>redis://HOST:PORT[/DB]</c> (a Redis membership table every silo and the coordinator can reach; survives the
/// loss of any silo). Both silo and coordinator parse the same string, so nothing else needs configuring.
/// </summary>
internal sealed record ClusterMembership(string Kind, string? RedisConfiguration, string Display)
{
    /// <summary>Silo port of the primary silo in localhost clustering.</summary>
    public const int LocalhostPrimarySiloPort = 11111;

    /// <summary>Gateway port of the primary silo in localhost clustering (the coordinator connects there).</summary>
    public const int LocalhostPrimaryGatewayPort = 30000;

    /// <summary>Parses the option; <see cref="ClusterErrors.Membership"/> (usage) when it is neither form.</summary>
    public static ClusterMembership Parse(string? text)
    {
        var value = text?.Trim() ?? string.Empty;
        if (value.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ClusterMembership("localhost", null, "localhost");
        }

        if (value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
        {
            var port = uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port;
            var config = $"{uri.Host}:{port}";
            var db = uri.AbsolutePath.Trim('/');
            if (db.Length > 0)
            {
                if (!int.TryParse(db, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                {
                    throw ClusterErrors.Fail(ClusterErrors.Membership, $"the Redis database in '{value}' must be a number (redis://HOST:PORT/DB).");
                }

                config += $",defaultDatabase={n}";
            }

            return new ClusterMembership("redis", config, $"redis://{uri.Host}:{port}");
        }

        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            throw ClusterErrors.Fail(ClusterErrors.Membership, "PostgreSQL membership is not built into this version; use redis://HOST:PORT (see docs/cluster.md).");
        }

        throw ClusterErrors.Fail(ClusterErrors.Membership, $"--membership/--cluster must be 'localhost' or 'redis://HOST:PORT' (got '{value}').");
    }

    /// <summary>
    /// Fails with <see cref="ClusterErrors.Unavailable"/> when the Redis store cannot be reached within
    /// <paramref name="timeout"/> (nothing to check for localhost membership). Without it a silo pointed at a store
    /// that is down — or at a mistyped port — crashed as a bug (E_INTERNAL, exit 70) after pages of Orleans' logs,
    /// and a coordinator waited its full minute and then blamed the silos.
    /// </summary>
    /// <param name="who">What did not happen because of it, for the message ("the silo did not join").</param>
    /// <param name="timeout">How long to keep trying (a store being restarted comes back within seconds).</param>
    public void RequireStoreReachable(string who, TimeSpan timeout)
    {
        if (RedisConfiguration is null)
        {
            return;
        }

        var options = ConfigurationOptions.Parse(RedisConfiguration);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = (int)Math.Min(timeout.TotalMilliseconds, 5000);
        options.ConnectRetry = 1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var redis = ConnectionMultiplexer.Connect(options);
                redis.GetDatabase().Ping();
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                if (clock.Elapsed + TimeSpan.FromMilliseconds(500) < timeout)
                {
                    Thread.Sleep(500);
                    continue;
                }

                throw ClusterErrors.Fail(ClusterErrors.Unavailable, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the membership store {Display} cannot be reached ({WhyUnreachable(ex)}; tried for {clock.Elapsed.TotalSeconds:0} s): start Redis there, or fix --membership/--cluster; {who}."));
            }
        }
    }

    /// <summary>
    /// What a person can act on: the client library's own text ends in advice about its connection string
    /// ("use abortConnect=false …") that does not apply to an operator, so the socket's answer is asked for instead.
    /// </summary>
    private string WhyUnreachable(Exception ex)
    {
        var uri = new Uri(Display);
        try
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            if (!tcp.ConnectAsync(uri.Host, uri.Port).Wait(TimeSpan.FromSeconds(2)))
            {
                return "no answer from that address within 2 s";
            }

            return $"something listens there but does not answer as Redis: {ClusterSession.FirstLine(ex.Message)}";
        }
        catch (AggregateException a) when (a.InnerException is System.Net.Sockets.SocketException se)
        {
            return $"{se.SocketErrorCode}: {se.Message}";
        }
        catch (System.Net.Sockets.SocketException se)
        {
            return $"{se.SocketErrorCode}: {se.Message}";
        }
    }

    /// <summary>Configures a silo's clustering and endpoints.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="siloPort">Silo-to-silo port.</param>
    /// <param name="gatewayPort">Client gateway port.</param>
    /// <param name="advertise">Address other silos and the coordinator reach this silo at; null: the machine's address.</param>
    public void ConfigureSilo(ISiloBuilder silo, int siloPort, int gatewayPort, IPAddress? advertise)
    {
        if (RedisConfiguration is null)
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, siloPort == LocalhostPrimarySiloPort ? null : new IPEndPoint(IPAddress.Loopback, LocalhostPrimarySiloPort));
            return;
        }

        silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(RedisConfiguration));
        // Loopback (tests, one-box runs) listens on loopback only; otherwise Orleans advertises the machine's address
        // (or the one given) and listens on every interface so silos on other machines can reach it.
        if (advertise is null)
        {
            silo.ConfigureEndpoints(siloPort, gatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(advertise, siloPort, gatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertise));
        }
    }

    /// <summary>Configures the coordinator's client.</summary>
    public void ConfigureClient(IClientBuilder client)
    {
        if (RedisConfiguration is null)
        {
            client.UseLocalhostClustering(LocalhostPrimaryGatewayPort);
            return;
        }

        client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(RedisConfiguration));
    }
}
