using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Allot.Core.Errors;

namespace Allot.Cluster;

/// <summary>
/// Sends shards to the cluster with bounded concurrency: one worker loop per dispatch slot (slot grains are spread
/// over the silos), each taking the next shard in index order. A call that fails without an Allot error (its silo
/// died, the connection broke, a timeout) puts the shard back at the front of the queue for another slot — a shard
/// is idempotent, so the retry overwrites its own part files with the same bytes — and the failing slot takes no
/// shard until it answers a probe again (membership has moved it to a live silo). An Allot error is deterministic and fails the run.
/// The dispatcher does not wait for Orleans to notice a lost call: it asks each slot where it is active before
/// the call and watches the membership table; a call whose silo is declared dead is abandoned and re-dispatched.
/// </summary>
internal sealed class ShardDispatcher(IClusterClient client, int slots, TextWriter? progress, string label)
{
    /// <summary>Attempts per shard before the run fails with <see cref="ClusterErrors.ShardFailed"/>.</summary>
    public const int MaxAttempts = 10;

    private readonly Lock _gate = new();
    private readonly List<JsonObject> _redispatches = [];
    private readonly Dictionary<string, int> _shardsPerSilo = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _loadSeconds = new(StringComparer.Ordinal);
    private double _shardSecondsTotal;
    private double _shardSecondsMax;

    public IReadOnlyList<JsonObject> Redispatches => _redispatches;

    /// <summary>Records input loading done ahead of the shards (the prepare calls).</summary>
    public void AddLoad(ShardExecution prepared)
    {
        lock (_gate)
        {
            _loadSeconds[prepared.Silo] = _loadSeconds.GetValueOrDefault(prepared.Silo) + prepared.LoadSeconds;
        }
    }

    /// <summary>Seconds the coordinator waited, before the first shard, for the slots to have their inputs.</summary>
    public double PrepareWaitSeconds { get; set; }

    /// <summary>First back-off of a slot whose call failed (doubles up to 4 s); tests shorten it.</summary>
    public int BackoffMilliseconds { get; init; } = 250;

    /// <summary>
    /// How long a call to a live silo may stay unanswered once another silo has been declared dead during it
    /// (at least 3 × the slowest shard so far): its request or reply may have passed through the dead silo (the
    /// client's gateway) and been lost, and Orleans would wait for the hours-long shard timeout.
    /// </summary>
    public TimeSpan SilenceAfterDeath { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs every shard; results in shard order.</summary>
    /// <param name="shardCount">Shards to run.</param>
    /// <param name="call">Sends shard <c>i</c> to a slot grain.</param>
    /// <param name="error">The Allot error in a reply, if any.</param>
    /// <param name="execution">The execution facts of a reply.</param>
    /// <param name="rows">Rows of a reply (progress).</param>
    /// <param name="unit">Unit of those rows.</param>
    /// <param name="completed">Called once per shard, when its first successful reply arrives (any order).</param>
    public T[] Run<T>(int shardCount, Func<IShardWorkerGrain, int, Task<T>> call, Func<T, ShardError?> error, Func<T, ShardExecution> execution, Func<T, long> rows, string unit, Action<int, T>? completed = null)
    {
        var results = new T[shardCount];
        var attempts = new int[shardCount];
        var pending = new LinkedList<int>(Enumerable.Range(0, shardCount));
        var done = 0;
        long rowsDone = 0;
        AllotException? fatal = null;
        var clock = Stopwatch.StartNew();
        var dead = new HashSet<SiloAddress>();
        var lastDeath = TimeSpan.MinValue; // when the dead set last grew (clock time)
        using var stop = new CancellationTokenSource();

        async Task Watch()
        {
            var management = client.GetGrain<IManagementGrain>(0);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    // Bounded: calls wait up to the (long) shard timeout, and this grain may sit on the dead silo.
                    var hosts = await Bounded(management.GetHosts(onlyActive: false), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                    lock (_gate)
                    {
                        var known = dead.Count;
                        dead.UnionWith(hosts.Where(h => h.Value == SiloStatus.Dead).Select(h => h.Key));
                        if (dead.Count > known)
                        {
                            lastDeath = clock.Elapsed;
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The management grain's own silo may be the one that died; ask again next round.
                }

                try
                {
                    await Task.Delay(1000, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        async Task<T> Watched(IShardWorkerGrain grain, int shard)
        {
            var where = await Bounded(grain.Where(), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            TimeSpan sent;
            lock (_gate)
            {
                sent = clock.Elapsed;
            }

            var task = call(grain, shard);
            while (!task.IsCompleted)
            {
                await Task.WhenAny(task, Task.Delay(500)).ConfigureAwait(false);
                lock (_gate)
                {
                    if (task.IsCompleted)
                    {
                        break;
                    }

                    if (dead.Contains(where))
                    {
                        _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observed: the lost call's fate no longer matters
                        throw new SiloUnavailableException($"silo {where} was declared dead while computing shard {shard}");
                    }

                    var silence = SilenceAfterDeath.TotalSeconds > 3 * _shardSecondsMax ? SilenceAfterDeath : TimeSpan.FromSeconds(3 * _shardSecondsMax);
                    if (lastDeath > sent && clock.Elapsed - lastDeath > silence)
                    {
                        // Idempotent shard: a second attempt writes the same bytes, whether or not the first is still running.
                        _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                        throw new TimeoutException($"no answer from silo {where} for shard {shard} {silence.TotalSeconds:0} s after another silo was declared dead (the request or its reply may have been lost with it)");
                    }
                }
            }

            return await task.ConfigureAwait(false);
        }

        async Task Loop(int slot)
        {
            var grain = client.GetGrain<IShardWorkerGrain>(slot);
            var backoff = 0;
            var suspect = false;
            while (true)
            {
                lock (_gate)
                {
                    if (fatal is not null || done == shardCount)
                    {
                        return;
                    }
                }

                if (suspect)
                {
                    // After a lost call, this slot takes no shard until it answers again (its silo is back, or it
                    // has been placed on a live one once membership declared the old one dead): a dead slot must
                    // not burn the attempts of the shards it would pick up meanwhile.
                    try
                    {
                        await Bounded(grain.Where(), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                        suspect = false;
                        backoff = 0;
                    }
                    catch (Exception ex) when (ex is not AllotException)
                    {
                        backoff = Math.Min(backoff == 0 ? BackoffMilliseconds : backoff * 2, 4000);
                        await Task.Delay(backoff).ConfigureAwait(false);
                        continue;
                    }
                }

                int shard;
                lock (_gate)
                {
                    if (fatal is not null || done == shardCount)
                    {
                        return;
                    }

                    if (pending.Count == 0)
                    {
                        shard = -1;
                    }
                    else
                    {
                        shard = pending.First!.Value;
                        pending.RemoveFirst();
                        attempts[shard]++;
                    }
                }

                if (shard < 0)
                {
                    // Others are still running; one of them may fail and hand its shard back.
                    await Task.Delay(100).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    var result = await Watched(grain, shard).ConfigureAwait(false);
                    backoff = 0;
                    var exec = execution(result);
                    if (exec.Build != ClusterBuild.Identity)
                    {
                        // Checked before the reply's error: a silo of another build refuses with its own error, and
                        // one older than the check does not know to.
                        lock (_gate)
                        {
                            fatal ??= ClusterBuild.Mismatch(exec.Silo, exec.Build, ClusterBuild.Identity);
                        }

                        return;
                    }

                    if (error(result) is { } e)
                    {
                        lock (_gate)
                        {
                            fatal ??= new AllotException(new AllotError(e.Code, (ErrorClass)e.Class, e.Message, e.File, e.Row, e.Key));
                        }

                        return;
                    }

                    lock (_gate)
                    {
                        results[shard] = result;
                        done++;
                        rowsDone += rows(result);
                        _shardsPerSilo[exec.Silo] = _shardsPerSilo.GetValueOrDefault(exec.Silo) + 1;
                        _loadSeconds[exec.Silo] = _loadSeconds.GetValueOrDefault(exec.Silo) + exec.LoadSeconds;
                        _shardSecondsTotal += exec.Seconds;
                        _shardSecondsMax = Math.Max(_shardSecondsMax, exec.Seconds);
                        var r = rows(result);
                        progress?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: shard {shard + 1}/{shardCount} done on {exec.Silo}: {r:N0} {unit} in {exec.Seconds:0.00} s ({r / Math.Max(exec.Seconds, 1e-6):N0} {unit}/s); {done}/{shardCount} shards, {rowsDone:N0} {unit}, {rowsDone / Math.Max(clock.Elapsed.TotalSeconds, 1e-6):N0} {unit}/s overall"));
                    }

                    completed?.Invoke(shard, result);
                }
                catch (Exception ex) when (ex is not AllotException)
                {
                    lock (_gate)
                    {
                        var reason = $"{ex.GetType().Name}: {ClusterSession.FirstLine(ex.Message)}";
                        _redispatches.Add(new JsonObject { ["shard"] = shard, ["slot"] = slot, ["attempt"] = attempts[shard], ["reason"] = reason });
                        if (attempts[shard] >= MaxAttempts)
                        {
                            fatal ??= ClusterErrors.Fail(ClusterErrors.ShardFailed, $"shard {shard} failed {attempts[shard]} times; last: {reason}. Check the silos' logs and that every silo sees the data root.");
                            return;
                        }

                        pending.AddFirst(shard);
                        progress?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: shard {shard + 1}/{shardCount} lost on slot {slot} ({reason}); re-dispatching"));
                    }

                    // This slot's silo may be dead: probe it before giving it another shard.
                    suspect = true;
                }
            }
        }

        var watcher = Task.Run(Watch);
        var loops = Enumerable.Range(0, Math.Max(1, slots)).Select(s => Task.Run(() => Loop(s))).ToArray();
        Task.WaitAll(loops);
        stop.Cancel();
        watcher.GetAwaiter().GetResult();
        if (fatal is not null)
        {
            throw fatal;
        }

        return results;
    }

    /// <summary>
    /// <paramref name="task"/>'s result, or a <see cref="TimeoutException"/> after <paramref name="limit"/>. Control
    /// calls (where is a slot, who is alive) must not inherit the hours-long timeout of shard calls: a call to a
    /// grain on a silo that died can otherwise wait that long.
    /// </summary>
    internal static async Task<TResult> Bounded<TResult>(Task<TResult> task, TimeSpan limit)
    {
        if (await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false) != task)
        {
            _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            throw new TimeoutException($"no answer within {limit.TotalSeconds:0} s");
        }

        return await task.ConfigureAwait(false);
    }

    /// <summary>The run report's <c>execution</c> object (outside the determinism receipt).</summary>
    public JsonObject Execution(ClusterSession session, int shards, int slotsUsed, double coordinatorSeconds)
    {
        var perSilo = new JsonObject();
        foreach (var (silo, n) in _shardsPerSilo.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            perSilo[silo] = n;
        }

        var load = new JsonObject();
        foreach (var (silo, s) in _loadSeconds.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            load[silo] = Math.Round(s, 6);
        }

        return new JsonObject
        {
            ["mode"] = "cluster",
            ["build"] = ClusterBuild.Identity, // every silo's too: a reply of another build fails the run
            ["membership"] = session.Membership.Display,
            ["silos"] = new JsonArray([.. session.Silos.Select(s => (JsonNode)s)]),
            ["slots"] = slotsUsed,
            ["shards_total"] = shards,
            ["shards_per_silo"] = perSilo,
            ["redispatches"] = new JsonArray([.. _redispatches.Select(r => (JsonNode)r.DeepClone())]),
            ["redispatch_count"] = _redispatches.Count,
            ["shard_seconds_total"] = Math.Round(_shardSecondsTotal, 6),
            ["shard_seconds_max"] = Math.Round(_shardSecondsMax, 6),
            ["input_load_seconds_per_silo"] = load,
            ["dispatch_seconds"] = Math.Round(coordinatorSeconds, 6),
            ["connect_seconds"] = Math.Round(session.ConnectSeconds, 6),
            ["prepare_wait_seconds"] = Math.Round(PrepareWaitSeconds, 6),
        };
    }
}
