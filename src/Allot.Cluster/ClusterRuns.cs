using System.Diagnostics;
using System.Text.Json.Nodes;
using Allot.Core.Errors;
using Allot.Segment1A;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;
using Allot.Segment1B;
using Allot.Segment1B.Allocation;

namespace Allot.Cluster;

/// <summary>How a run uses the cluster.</summary>
/// <param name="Membership">The membership option (<c>localhost</c> or <c>redis://HOST:PORT</c>).</param>
/// <param name="ClusterId">Cluster id (default <c>allot</c>).</param>
/// <param name="ShardSize">Pairs (S4) or merchants (S7) per shard; null: the data-only default. Tests only.</param>
/// <param name="SlotsPerSilo">Concurrent shard calls per silo (each uses the silo's --workers threads).</param>
/// <param name="MinSilos">Wait for at least this many active silos before dispatching.</param>
/// <param name="ConnectTimeout">How long to wait for the cluster.</param>
/// <param name="Progress">Per-shard progress lines (stderr), or null.</param>
internal sealed record ClusterRunOptions(
    string Membership,
    string ClusterId = "allot",
    int? ShardSize = null,
    int SlotsPerSilo = 1,
    int MinSilos = 1,
    TimeSpan? ConnectTimeout = null,
    TextWriter? Progress = null);

/// <summary>
/// The coordinator side of <c>run --cluster</c>: the ordinary runner plans the shards, stages, assembles and
/// publishes exactly as in a local run; only the executor differs, sending each shard to a silo.
/// </summary>
internal static class ClusterRuns
{
    /// <summary>S0 (unless skipped) then S4 with the shards computed by the cluster.</summary>
    public static S4RunResult RunS4(Segment1BLayout layout, int workers, bool skipS0, ClusterRunOptions o, int rowGroupRows = 1 << 20)
    {
        var connecting = Connect(o);
        try
        {
            return RunS4(layout, workers, skipS0, connecting, o, rowGroupRows, announce: true);
        }
        finally
        {
            Release(connecting);
        }
    }

    /// <summary>S0 (unless skipped) then S4 over an open session.</summary>
    public static S4RunResult RunS4(Segment1BLayout layout, int workers, bool skipS0, ClusterSession session, ClusterRunOptions o, int rowGroupRows = 1 << 20) =>
        RunS4(layout, workers, skipS0, Task.FromResult(session), o, rowGroupRows, announce: false);

    private static S4RunResult RunS4(Segment1BLayout layout, int workers, bool skipS0, Task<ClusterSession> session, ClusterRunOptions o, int rowGroupRows, bool announce)
    {
        var pairsPerShard = o.ShardSize ?? S4Shards.DefaultPairsPerShard;
        var executor = new S4Executor(session, layout, pairsPerShard, o, announce);
        executor.Prepare();
        return S4Runner.RunSharded(layout, workers, skipS0, rowGroupRows, pairsPerShard, executor, () => executor.WorkersUsed, () => executor.Execution, load: (l, _) => S4InputLoader.LoadRequirements(l));
    }

    /// <summary>S7 with the shards computed by the cluster.</summary>
    public static S7RunResult RunS7(S7RunOptions options, ClusterRunOptions o)
    {
        var connecting = Connect(o);
        try
        {
            return RunS7(options, connecting, o, announce: true);
        }
        finally
        {
            Release(connecting);
        }
    }

    /// <summary>S7 over an open session.</summary>
    public static S7RunResult RunS7(S7RunOptions options, ClusterSession session, ClusterRunOptions o) => RunS7(options, Task.FromResult(session), o, announce: false);

    private static S7RunResult RunS7(S7RunOptions options, Task<ClusterSession> session, ClusterRunOptions o, bool announce)
    {
        var executor = new S7Executor(session, options.Inputs, o.ShardSize ?? S7Shards.DefaultMerchantsPerShard, o, announce);
        executor.Prepare();
        return S7Runner.RunSharded(options, o.ShardSize ?? S7Shards.DefaultMerchantsPerShard, executor, () => executor.Execution, S7InputLoader.LoadForPlanning);
    }

    /// <summary>
    /// Starts connecting to the cluster in the background: the Orleans client's start and connect (~0.5–1 s) overlap
    /// the coordinator's own planning read instead of preceding it, and the slots are asked to load the moment the
    /// connection is up. A bad membership option fails at once; a cluster that cannot be reached fails the run when
    /// its shards are due (after the coordinator's read, so an input error is reported first).
    /// </summary>
    private static Task<ClusterSession> Connect(ClusterRunOptions o)
    {
        var membership = ClusterMembership.Parse(o.Membership);
        return Task.Factory.StartNew(() => ClusterSession.Connect(membership, o.ClusterId, o.MinSilos, o.ConnectTimeout ?? TimeSpan.FromSeconds(60)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Disconnects (at once, or when a connect still under way completes: a failed run does not wait for it).</summary>
    private static void Release(Task<ClusterSession> connecting)
    {
        static void Close(Task<ClusterSession> t)
        {
            if (t.IsCompletedSuccessfully)
            {
                t.Result.Dispose();
            }
            else
            {
                _ = t.Exception;
            }
        }

        if (connecting.IsCompleted)
        {
            Close(connecting);
        }
        else
        {
            _ = connecting.ContinueWith(Close, TaskScheduler.Default);
        }
    }

    /// <summary>A path as a silo should see it: relative to the data root when inside it.</summary>
    private static string? RelativeToRoot(string root, string? path)
    {
        if (path is null)
        {
            return null;
        }

        var rel = Path.GetRelativePath(root, Path.GetFullPath(path));
        return rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel) ? Path.GetFullPath(path) : rel;
    }

    /// <summary>
    /// Asks every slot to load the run's inputs now, while the coordinator reads what it needs to plan (the
    /// requirements, or the country sets), so silos do not start loading only when the first shard arrives.
    /// Failures are ignored here: the shard calls report them.
    /// </summary>
    private static Task<Task<T>[]> PrepareSlots<T>(Task<ClusterSession> connecting, ClusterRunOptions o, Func<IShardWorkerGrain, Task<T>> prepare) =>
        connecting.ContinueWith(
            t =>
            {
                var session = t.Result;
                var slots = Math.Max(1, session.Silos.Count * Math.Max(1, o.SlotsPerSilo));
                return (Task<T>[])[.. Enumerable.Range(0, slots).Select(k => prepare(session.Client.GetGrain<IShardWorkerGrain>(k)))];
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    /// <summary>The session once connected (the connect's error, if it failed) and the prepare calls sent on it.</summary>
    private static (ClusterSession Session, Task<T>[] Prepared) Connected<T>(Task<ClusterSession> connecting, Task<Task<T>[]> prepared)
    {
        var session = connecting.GetAwaiter().GetResult();
        return (session, prepared.GetAwaiter().GetResult());
    }

    /// <summary>
    /// Waits, before the first shard, until every slot has its inputs — at most twice as long as the first slot
    /// took (and at least 10 s): the coordinator reads less than a silo, and a shard sent to a slot still loading
    /// would only queue behind its load while a faster silo took every shard. A prepare sent to a silo that died
    /// never answers; the bound keeps it from holding the run.
    /// </summary>
    private static void AwaitPrepared(Task[] prepared)
    {
        if (prepared.Length == 0)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var all = Task.WhenAll(prepared);
        try
        {
            Task.WaitAny([.. prepared]);
            var limit = TimeSpan.FromSeconds(Math.Max(10, 2 * clock.Elapsed.TotalSeconds));
            all.Wait(limit - clock.Elapsed > TimeSpan.Zero ? limit - clock.Elapsed : TimeSpan.Zero);
        }
        catch (AggregateException)
        {
            // A failed prepare: the shard calls report (or re-dispatch) it.
        }

        _ = all.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
    }

    /// <summary>
    /// Adds the finished prepare calls' load times to the execution record. Never waits: a prepare sent to a slot
    /// whose silo had just died can stay unanswered for the whole call timeout, and the shards are all in by now.
    /// </summary>
    private static void Collect<T>(ShardDispatcher dispatcher, Task<T>[] prepared, Func<T, ShardExecution> execution)
    {
        foreach (var task in prepared)
        {
            if (task.IsCompletedSuccessfully)
            {
                dispatcher.AddLoad(execution(task.Result));
            }
            else
            {
                _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }
        }
    }

    private sealed class S4Executor(Task<ClusterSession> connecting, Segment1BLayout layout, int pairsPerShard, ClusterRunOptions o, bool announce) : IS4ShardExecutor
    {
        private Task<Task<S4PrepareReply>[]> _prepared = Task.FromResult<Task<S4PrepareReply>[]>([]);
        private double? _prepareWaitSeconds;
        private bool _cutBySilos;

        public int WorkersUsed { get; private set; } = 1;

        public JsonObject? Execution { get; private set; }

        public bool PlansAhead => true;

        private string? Dictionary => layout.Dictionary.Source is { } d && !d.StartsWith("embedded:", StringComparison.Ordinal) ? RelativeToRoot(layout.DataRoot, d) : null;

        public void Prepare()
        {
            var request = S4ShardRequest.For(layout.Identity, Dictionary, pairsPerShard);
            if (announce)
            {
                PrepareAnnouncement.Publish(ClusterMembership.Parse(o.Membership), o.ClusterId, request);
            }

            _prepared = PrepareSlots(connecting, o, g => g.PrepareS4(request));
        }

        /// <summary>
        /// Waits for the silos' loads and takes the plan they cut. Null — the coordinator then reads and cuts it
        /// itself, before any shard is sent — when the cluster cannot be reached (its error is raised when the
        /// shards are due, after an input error of the coordinator's read) or no silo could load (the shard calls
        /// or the coordinator's read report why).
        /// </summary>
        public IReadOnlyList<S4Shard>? PlanAhead(int shardPairs)
        {
            Task<S4PrepareReply>[] prepared;
            try
            {
                prepared = Connected(connecting, _prepared).Prepared;
            }
            catch (Exception) when (connecting.IsFaulted || connecting.IsCanceled || _prepared.IsFaulted || _prepared.IsCanceled)
            {
                // Raised again, from the same task, when the shards are due (Run).
                return null;
            }

            var waited = Stopwatch.StartNew();
            AwaitPrepared(prepared);
            _prepareWaitSeconds = waited.Elapsed.TotalSeconds;
            // Another build may cut another plan: say so, rather than that the silos see other data.
            if (prepared.FirstOrDefault(t => t.IsCompletedSuccessfully && t.Result.Execution.Build != ClusterBuild.Identity) is { } foreign)
            {
                throw ClusterBuild.Mismatch(foreign.Result.Execution.Silo, foreign.Result.Execution.Build, ClusterBuild.Identity);
            }

            var plans = prepared.Where(t => t.IsCompletedSuccessfully && t.Result.ShardPairs.Length > 0).Select(t => t.Result).ToList();
            if (plans.Count == 0)
            {
                return null;
            }

            var first = plans[0];
            if (plans.FirstOrDefault(p => !p.ShardPairs.AsSpan().SequenceEqual(first.ShardPairs)) is { } other)
            {
                throw ClusterErrors.Fail(ClusterErrors.DataMismatch, $"silos {first.Execution.Silo} and {other.Execution.Silo} cut different S4 shard plans ({first.ShardPairs.Length} and {other.ShardPairs.Length} shards): they do not see the same data (check that every silo's --data-root is the same shared folder).", layout.Requirements);
            }

            _cutBySilos = true;
            return S4Shards.FromSizes(first.ShardPairs);
        }

        public void ConfirmPlan(IReadOnlyList<S4Shard> ahead, IReadOnlyList<S4Shard> own)
        {
            if (!ahead.SequenceEqual(own))
            {
                throw ClusterErrors.Fail(ClusterErrors.DataMismatch, $"the silos cut {ahead.Count} S4 shards from the requirements and the coordinator {own.Count} (or the same number at other pairs): they do not see the same data, or the requirements changed during the run.", layout.Requirements);
            }
        }

        public IReadOnlyList<S4ShardResult> Run(S4Inputs? inputs, IReadOnlyList<S4Shard> shards, string staging, int rowGroupRows)
        {
            var clock = Stopwatch.StartNew();
            var (session, prepared) = Connected(connecting, _prepared);
            var slots = Math.Max(1, session.Silos.Count * Math.Max(1, o.SlotsPerSilo));
            var dispatcher = new ShardDispatcher(session.Client, slots, o.Progress, "cluster s4");
            var stagingRel = RelativeToRoot(layout.DataRoot, staging)!;
            var dictionary = Dictionary;
            if (_prepareWaitSeconds is null)
            {
                var waited = Stopwatch.StartNew();
                AwaitPrepared(prepared);
                _prepareWaitSeconds = waited.Elapsed.TotalSeconds;
            }

            dispatcher.PrepareWaitSeconds = _prepareWaitSeconds.Value;
            var replies = dispatcher.Run(
                shards.Count,
                (grain, i) => grain.RunS4(S4ShardRequest.For(layout.Identity, dictionary, pairsPerShard, shards[i], stagingRel, rowGroupRows)),
                r => r.Error,
                r => r.Execution,
                r => r.Rows,
                "plan rows");
            Collect(dispatcher, prepared, r => r.Execution);
            WorkersUsed = Math.Max(1, Math.Min(slots, shards.Count) * replies.Max(r => r.WorkersUsed));
            Execution = dispatcher.Execution(session, shards.Count, slots, clock.Elapsed.TotalSeconds);
            Execution["plan_cut_by"] = _cutBySilos ? "silos" : "coordinator";
            return [.. replies.Select(r => new S4ShardResult(r.Shard, r.FirstPair, r.Rows, r.Shortfall, r.TiesBroken, r.SumsMatch, r.WorkersUsed, r.RowsPerPair()))];
        }
    }

    private sealed class S7Executor(Task<ClusterSession> connecting, S7InputOptions input, int merchantsPerShard, ClusterRunOptions o, bool announce) : IS7ShardExecutor
    {
        private Task<Task<ShardExecution>[]> _prepared = Task.FromResult<Task<ShardExecution>[]>([]);

        public JsonObject? Execution { get; private set; }

        // One request shape for "load the run's inputs" (prepare: no shard) and "compute shard i": the silo reads the
        // same inputs either way, so the paths and lineage are spelled once.
        private S7ShardRequest Request(string root, string runId, int shard, int firstMerchant, int merchantCount, string[] staging, ulong[]? traceStart = null) => new()
        {
            Seed = input.Lineage.Seed,
            ParameterHash = input.Lineage.ParameterHash,
            ManifestFingerprint = input.Lineage.ManifestFingerprint,
            NbRunId = input.NbRunId,
            HyperparametersPath = RelativeToRoot(root, input.HyperparametersPath),
            MerchantsPath = RelativeToRoot(root, input.MerchantsPath),
            DictionaryPath = RelativeToRoot(root, input.DictionaryPath),
            RunId = runId,
            MerchantsPerShard = merchantsPerShard,
            Shard = shard,
            FirstMerchant = firstMerchant,
            MerchantCount = merchantCount,
            Staging = staging,
            TraceStart = traceStart ?? [],
            Build = ClusterBuild.Identity,
        };

        public void Prepare()
        {
            var root = Path.GetFullPath(input.DataRoot);
            var request = Request(root, runId: string.Empty, shard: -1, firstMerchant: 0, merchantCount: 0, staging: []);
            if (announce)
            {
                PrepareAnnouncement.Publish(ClusterMembership.Parse(o.Membership), o.ClusterId, request);
            }

            _prepared = PrepareSlots(connecting, o, g => g.PrepareS7(request));
        }

        public IReadOnlyList<S7ShardResult> Run(S7Inputs inputs, string runId, IReadOnlyList<S7Shard> shards, S7Staging staging)
        {
            var clock = Stopwatch.StartNew();
            var (session, prepared) = Connected(connecting, _prepared);
            var root = Path.GetFullPath(input.DataRoot);
            var slots = Math.Max(1, session.Silos.Count * Math.Max(1, o.SlotsPerSilo));
            var dispatcher = new ShardDispatcher(session.Client, slots, o.Progress, "cluster s7");
            string[] stagingRel = [.. new[] { staging.Cache, staging.GammaEvents, staging.ResidualEvents, staging.Trace }.Select(p => RelativeToRoot(root, p)!)];

            // Logs are taken in shard order while later shards are still computing, so any copy (gigabytes at
            // scale) overlaps the cluster's work instead of following it.
            var arrived = new S7ShardResult?[shards.Count];
            var arrivedReplies = new S7ShardReply?[shards.Count];
            using var signal = new SemaphoreSlim(0);
            using var stop = new CancellationTokenSource();
            using var logs = new S7ClusterLogs(staging);
            var waited = Stopwatch.StartNew();
            AwaitPrepared(prepared);
            dispatcher.PrepareWaitSeconds = waited.Elapsed.TotalSeconds;
            var assembling = Task.Run(() =>
            {
                while (logs.Added < shards.Count)
                {
                    S7ShardResult? next;
                    S7ShardReply? reply;
                    lock (arrived)
                    {
                        next = arrived[logs.Added];
                        reply = arrivedReplies[logs.Added];
                    }

                    if (next is null || reply is null)
                    {
                        signal.Wait(stop.Token);
                        continue;
                    }

                    logs.Add(next, reply);
                }
            });
            S7ShardReply[] replies;
            try
            {
                replies = Dispatch(dispatcher, shards, runId, root, stagingRel, i => TraceStart(arrived, i), (i, r) =>
                {
                    lock (arrived)
                    {
                        arrived[i] = ToResult(r);
                        arrivedReplies[i] = r;
                    }

                    signal.Release();
                });
            }
            catch
            {
                stop.Cancel();
                try
                {
                    assembling.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    // Stopped because the run failed; the dispatcher's error is the one to report.
                }

                throw;
            }

            assembling.GetAwaiter().GetResult();
            logs.Complete(clean: dispatcher.Redispatches.Count == 0);
            Collect(dispatcher, prepared, e => e);
            Execution = dispatcher.Execution(session, shards.Count, slots, clock.Elapsed.TotalSeconds);
            return [.. replies.Select(ToResult)];
        }

        /// <summary>
        /// The trace totals of shards 0 … i − 1 when every one of them is in (always so with one slot, which sends
        /// shard i after shard i − 1 answered); otherwise null, and shard i's trace part counts from zero.
        /// </summary>
        private static ulong[]? TraceStart(S7ShardResult?[] arrived, int shard)
        {
            S7TraceTotals gamma = default, residual = default;
            lock (arrived)
            {
                for (var k = 0; k < shard; k++)
                {
                    if (arrived[k] is not { } r)
                    {
                        return null;
                    }

                    gamma = S7Shards.Add(gamma, r.Gamma);
                    residual = S7Shards.Add(residual, r.Residual);
                }
            }

            return [gamma.Draws, gamma.Blocks, gamma.Events, residual.Draws, residual.Blocks, residual.Events];
        }

        private S7ShardReply[] Dispatch(ShardDispatcher dispatcher, IReadOnlyList<S7Shard> shards, string runId, string root, string[] stagingRel, Func<int, ulong[]?> traceStart, Action<int, S7ShardReply> completed) =>
            dispatcher.Run(
                shards.Count,
                (grain, i) => grain.RunS7(Request(root, runId, i, shards[i].FirstMerchant, shards[i].MerchantCount, stagingRel, traceStart(i))),
                r => r.Error,
                r => r.Execution,
                r => r.Rows,
                "cache rows",
                completed);

        private static S7ShardResult ToResult(S7ShardReply r) => new(
            r.Shard,
            r.Rows,
            r.DomesticOnly,
            new S7TraceTotals(r.Gamma[0], r.Gamma[1], r.Gamma[2]),
            new S7TraceTotals(r.Residual[0], r.Residual[1], r.Residual[2]),
            r.PhaseMs[0],
            r.PhaseMs[1],
            r.PhaseMs[2],
            r.TraceStart.Length == 6 ? new S7TraceTotals(r.TraceStart[0], r.TraceStart[1], r.TraceStart[2]) : default,
            r.TraceStart.Length == 6 ? new S7TraceTotals(r.TraceStart[3], r.TraceStart[4], r.TraceStart[5]) : default);
    }
}
