using System.Text.Json;
using StackExchange.Redis;

namespace Allot.Cluster;

/// <summary>
/// "Load these inputs now", published by the coordinator on the Redis membership store the moment a run starts, so
/// silos start reading their inputs while the coordinator's Orleans client is still starting and connecting
/// (~0.5–1 s) instead of after it. A hint only: the prepare grain calls sent once connected, and every shard call,
/// ask for the same inputs through the same cache (a load already under way is waited for, not repeated), so a lost
/// or ignored announcement changes nothing but the time. Localhost membership has no store to publish on and does
/// without. Messages are tiny (the request: lineage and relative paths); a silo ignores one it cannot read.
/// </summary>
internal static class PrepareAnnouncement
{
    private const string S4 = "s4:";
    private const string S7 = "s7:";

    private static RedisChannel Channel(string clusterId) => RedisChannel.Literal($"allot:{clusterId}:prepare");

    /// <summary>Publishes the S4 request in the background (never fails the run).</summary>
    public static void Publish(ClusterMembership membership, string clusterId, S4ShardRequest request) =>
        Publish(membership, clusterId, () => S4 + JsonSerializer.Serialize(request, AnnouncementJson.Default.S4ShardRequest));

    /// <summary>Publishes the S7 request in the background (never fails the run).</summary>
    public static void Publish(ClusterMembership membership, string clusterId, S7ShardRequest request) =>
        Publish(membership, clusterId, () => S7 + JsonSerializer.Serialize(request, AnnouncementJson.Default.S7ShardRequest));

    /// <summary>Subscribes a silo's worker to the announcements; null for localhost membership.</summary>
    public static async Task<IConnectionMultiplexer?> SubscribeAsync(ClusterMembership membership, string clusterId, ShardWorker worker, TextWriter log)
    {
        if (membership.RedisConfiguration is null)
        {
            return null;
        }

        var redis = await ConnectionMultiplexer.ConnectAsync(Options(membership)).ConfigureAwait(false);
        await redis.GetSubscriber().SubscribeAsync(Channel(clusterId), (channel, message) =>
        {
            // Off the Redis reader: a load takes seconds.
            var text = (string?)message;
            _ = Task.Factory.StartNew(() => Prepare(worker, text, log), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }).ConfigureAwait(false);

        return redis;
    }

    private static void Prepare(ShardWorker worker, string? text, TextWriter log)
    {
        try
        {
            if (text is null)
            {
                return;
            }

            if (text.StartsWith(S4, StringComparison.Ordinal) && JsonSerializer.Deserialize(text.AsSpan(S4.Length), AnnouncementJson.Default.S4ShardRequest) is { } s4)
            {
                worker.PrepareS4(s4, report: false);
            }
            else if (text.StartsWith(S7, StringComparison.Ordinal) && JsonSerializer.Deserialize(text.AsSpan(S7.Length), AnnouncementJson.Default.S7ShardRequest) is { } s7)
            {
                worker.PrepareS7(s7, report: false);
            }
        }
        catch (Exception ex)
        {
            // A hint: the prepare and shard calls load (and report errors) anyway.
            log.WriteLine($"allot cluster silo: ignored a prepare announcement ({ex.GetType().Name}: {ClusterSession.FirstLine(ex.Message)})");
        }
    }

    /// <summary>
    /// Sends <c>PUBLISH</c> over a plain socket on a thread of its own (two short RESP lines): a Redis client
    /// library's connect (handshake, configuration probes, its own start-up) took ~1 s of a run's first second here.
    /// </summary>
    private static void Publish(ClusterMembership membership, string clusterId, Func<string> message)
    {
        if (membership.RedisConfiguration is null)
        {
            return;
        }

        var endpoint = membership.RedisConfiguration.Split(',')[0];
        var colon = endpoint.LastIndexOf(':');
        var host = endpoint[..colon].Trim('[', ']');
        var port = int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var channel = $"allot:{clusterId}:prepare";
        var thread = new Thread(() =>
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient { NoDelay = true, ReceiveTimeout = 5000, SendTimeout = 5000 };
                client.Connect(host, port);
                using var stream = client.GetStream();
                stream.Write(Resp("PUBLISH", channel, message()));
                stream.ReadByte(); // the reply (":<subscribers>"); the command is sent either way
            }
            catch (Exception)
            {
                // Whatever went wrong (no server, a refused connection): a hint must never fail the run, and an
                // exception escaping this thread would end the process. The Orleans prepare calls follow anyway.
            }
        })
        {
            IsBackground = true,
            Name = "allot prepare announcement",
        };
        thread.Start();
    }

    /// <summary>A command as a RESP array of bulk strings.</summary>
    internal static byte[] Resp(params string[] parts)
    {
        var b = new System.Text.StringBuilder();
        b.Append('*').Append(parts.Length).Append("\r\n");
        foreach (var p in parts)
        {
            b.Append('$').Append(System.Text.Encoding.UTF8.GetByteCount(p)).Append("\r\n").Append(p).Append("\r\n");
        }

        return System.Text.Encoding.UTF8.GetBytes(b.ToString());
    }

    private static ConfigurationOptions Options(ClusterMembership membership)
    {
        var options = ConfigurationOptions.Parse(membership.RedisConfiguration!);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        return options;
    }
}

/// <summary>
/// The announcement's JSON, generated at build time: the reflection-based serialiser compiled its accessors at run
/// time, on the coordinator's announcement thread, in the first second of a run — while the silos waited for it.
/// </summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(S4ShardRequest))]
[System.Text.Json.Serialization.JsonSerializable(typeof(S7ShardRequest))]
internal sealed partial class AnnouncementJson : System.Text.Json.Serialization.JsonSerializerContext;
