using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Allot.Cluster;

/// <summary>
/// Watches whether the membership store still lists this silo as alive. Orleans keeps a silo running when the table
/// itself is lost — a Redis server restarted without persistence, a FLUSHALL, an expired key: the silo retries its
/// writes for ever, no coordinator can find it ("no silo could be reached"), and the operator sees a process that
/// looks healthy. The guard notices the loss so that the silo can leave and join again under a new generation.
/// </summary>
internal sealed class MembershipGuard(IMembershipTable table, SiloAddress self, TimeSpan period, int checksBeforeLost)
{
    /// <summary>How often the store is read (one small row read per period).</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Consecutive readings without this silo before it counts as lost: a silo that has just joined, or a reading
    /// that races a table rewrite, must not make it leave.
    /// </summary>
    public const int DefaultChecksBeforeLost = 3;

    /// <summary>A guard over the silo host's own membership table and address.</summary>
    public static MembershipGuard For(IServiceProvider silo) => new(
        silo.GetRequiredService<IMembershipTable>(),
        silo.GetRequiredService<ILocalSiloDetails>().SiloAddress,
        DefaultPeriod,
        DefaultChecksBeforeLost);

    /// <summary>
    /// Returns why the membership was lost, once it has been for <c>checksBeforeLost</c> readings in a row; runs until
    /// then or until <paramref name="cancel"/> (then throws <see cref="OperationCanceledException"/>). A store that
    /// cannot be reached is not a loss: Orleans rides out an outage, and the table may come back with the server.
    /// </summary>
    public async Task<string> WaitUntilLostAsync(CancellationToken cancel)
    {
        var missed = 0;
        while (true)
        {
            await Task.Delay(period, cancel).ConfigureAwait(false);
            var reason = await ReadAsync(cancel).ConfigureAwait(false);
            missed = reason is null ? 0 : missed + 1;
            if (reason is not null && missed >= checksBeforeLost)
            {
                return reason;
            }
        }
    }

    /// <summary>One reading: null while this silo is listed alive (or the store is unreachable), else what is wrong.</summary>
    internal async Task<string?> ReadAsync(CancellationToken cancel)
    {
        try
        {
            var data = await table.ReadRowAsync(self, cancel).ConfigureAwait(false);
            var mine = data.Members.Select(m => m.Item1).FirstOrDefault(e => e.SiloAddress.Equals(self));
            return mine switch
            {
                null => "the membership table no longer lists this silo",
                { Status: SiloStatus.Dead } => "the membership table lists this silo as dead",
                _ => null,
            };
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            return null;
        }
        catch (Exception e)
        {
            // The Redis provider throws when the table's version row is gone (the table was deleted or the server came
            // back empty): that is a loss, not an outage.
            return $"the membership table cannot be read ({e.GetType().Name}: {ClusterSession.FirstLine(e.Message)})";
        }
    }

    private static bool IsUnreachable(Exception e) => e is StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException or TimeoutException or OperationCanceledException
        || (e.InnerException is { } inner && IsUnreachable(inner));
}
