using System.Net;
using Orleans;
using Orleans.Runtime;

namespace Allot.Cluster.Tests;

/// <summary>What the silo's membership guard counts as a lost membership, and what it rides out.</summary>
public sealed class MembershipGuardTests
{
    private static readonly SiloAddress Self = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 7);
    private static readonly SiloAddress Other = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 8);

    [Fact]
    public async Task ListedAlive_IsNotALoss()
    {
        Assert.Null(await Guard(_ => Table((Self, SiloStatus.Active), (Other, SiloStatus.Dead))).ReadAsync(CancellationToken.None));
        Assert.Null(await Guard(_ => Table((Self, SiloStatus.Joining))).ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task MissingFromTheTable_OrListedDead_IsALoss()
    {
        Assert.Equal("the membership table no longer lists this silo", await Guard(_ => Table((Other, SiloStatus.Active))).ReadAsync(CancellationToken.None));
        Assert.Equal("the membership table lists this silo as dead", await Guard(_ => Table((Self, SiloStatus.Dead))).ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AStoreThatCannotBeReached_IsNotALoss_ButATableThatCannotBeRead_Is()
    {
        var outage = new StackExchange.Redis.RedisConnectionException(StackExchange.Redis.ConnectionFailureType.SocketClosed, "socket closed");
        Assert.Null(await Guard(_ => throw outage).ReadAsync(CancellationToken.None));
        Assert.Null(await Guard(_ => throw new TimeoutException("slow")).ReadAsync(CancellationToken.None));
        Assert.Null(await Guard(_ => throw new InvalidOperationException("wrapped", outage)).ReadAsync(CancellationToken.None));
        var gone = await Guard(_ => throw new InvalidOperationException("The Redis membership table version is missing.")).ReadAsync(CancellationToken.None);
        Assert.Equal("the membership table cannot be read (InvalidOperationException: The Redis membership table version is missing.)", gone);
    }

    [Fact]
    public async Task WaitUntilLost_NeedsConsecutiveLostReadings()
    {
        // lost, alive, lost, lost, lost: the alive reading restarts the count, so the fifth reading decides.
        var readings = new[] { false, true, false, false, false };
        var n = 0;
        var guard = new MembershipGuard(new FakeTable(_ => readings[Math.Min(n++, readings.Length - 1)] ? Table((Self, SiloStatus.Active)) : Table()), Self, TimeSpan.FromMilliseconds(1), checksBeforeLost: 3);
        Assert.Equal("the membership table no longer lists this silo", await guard.WaitUntilLostAsync(TestContext.Current.CancellationToken));
        Assert.Equal(5, n);
    }

    [Fact]
    public async Task WaitUntilLost_EndsWithTheCancellation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var guard = new MembershipGuard(new FakeTable(_ => Table((Self, SiloStatus.Active))), Self, TimeSpan.FromMilliseconds(1), checksBeforeLost: 3);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => guard.WaitUntilLostAsync(cts.Token));
    }

    private static MembershipGuard Guard(Func<SiloAddress, MembershipTableData> read) => new(new FakeTable(read), Self, TimeSpan.FromMilliseconds(1), 1);

    private static MembershipTableData Table(params (SiloAddress Silo, SiloStatus Status)[] members) => new(
        [.. members.Select(m => Tuple.Create(new MembershipEntry { SiloAddress = m.Silo, Status = m.Status }, "etag"))],
        new TableVersion(3, "v3"));

    /// <summary>A membership table whose row reads are the test's; nothing else is called by the guard.</summary>
    private sealed class FakeTable(Func<SiloAddress, MembershipTableData> read) : IMembershipTable
    {
        public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default) => Task.FromResult(read(key));

        public Task InitializeMembershipTable(bool tryInitTableVersion) => throw new NotSupportedException();

        public Task DeleteMembershipTableEntries(string clusterId) => throw new NotSupportedException();

        public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => throw new NotSupportedException();

        public Task<MembershipTableData> ReadRow(SiloAddress key) => throw new NotSupportedException();

        public Task<MembershipTableData> ReadAll() => throw new NotSupportedException();

        public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => throw new NotSupportedException();

        public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => throw new NotSupportedException();

        public Task UpdateIAmAlive(MembershipEntry entry) => throw new NotSupportedException();
    }
}
