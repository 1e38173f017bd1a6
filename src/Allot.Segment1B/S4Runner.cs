using System.Diagnostics;
using System.Text.Json.Nodes;
using Allot.Data.Diagnostics;
using Allot.Data.Publishing;
using Allot.Segment1B.Allocation;
using Allot.Segment1B.Gate;
using Allot.Segment1B.Reporting;

namespace Allot.Segment1B;

/// <summary>
/// Runs S0 (unless skipped) then S4: load and check inputs, allocate every pair, stream the plan into a staging
/// folder, publish it write-once (identical ⇒ success without rewrite, different ⇒ E411), then write the run
/// report. On a re-run that finds an identical partition, an existing report is left untouched (it describes the
/// run that produced the partition); a missing one (e.g. after a crash between publish and report) is written.
/// </summary>
public static class S4Runner
{
    /// <summary>Runs the state; throws <see cref="Core.Errors.AllotException"/> with an S0/S4 code on failure.</summary>
    /// <param name="layout">Resolved paths and tokens.</param>
    /// <param name="workers">Worker threads for the allocation (≥ 1); never changes a byte of output.</param>
    /// <param name="skipS0">Use the existing gate receipt instead of re-verifying the bundle.</param>
    /// <param name="rowGroupRows">Rows per Parquet row group (tests use small values to exercise many groups).</param>
    /// <param name="progress">Receives progress inside the phases (<c>load</c>: input files; <c>allocate</c>: pairs
    /// allocated and written), from any thread, in order within a phase; null for none.</param>
    public static S4RunResult Run(Segment1BLayout layout, int workers, bool skipS0, int rowGroupRows = 1 << 20, IProgress<PhaseProgress>? progress = null)
    {
        var local = new LocalS4ShardExecutor(workers, progress);
        return RunSharded(layout, workers, skipS0, rowGroupRows, S4Shards.DefaultPairsPerShard, local, () => local.WorkersUsed, execution: null, progress);
    }

    /// <summary>
    /// Runs the state with the shards computed by <paramref name="executor"/> (this process, or a cluster): the
    /// shards are planned from the data alone and their part files land in the publication's staging folder, so the
    /// partition and its receipt are the same whoever ran them.
    /// </summary>
    /// <param name="layout">Resolved paths and tokens.</param>
    /// <param name="workers">Worker threads for loading inputs (and, locally, for the shards).</param>
    /// <param name="skipS0">Use the existing gate receipt instead of re-verifying the bundle.</param>
    /// <param name="rowGroupRows">Rows per Parquet row group.</param>
    /// <param name="pairsPerShard">Nominal pairs per shard (default <see cref="S4Shards.DefaultPairsPerShard"/>).</param>
    /// <param name="executor">Computes and writes the shards.</param>
    /// <param name="workersUsed">The report's <c>workers_used</c>, read after the shards ran.</param>
    /// <param name="execution">Who ran what (silos, shards per silo, re-dispatches), recorded in the report's
    /// <c>execution</c> object outside the determinism receipt; null for a local run.</param>
    /// <param name="progress">Receives the loading progress (the executor reports its own), or null.</param>
    /// <param name="load">Loads the inputs this process needs (default <see cref="S4InputLoader.Load"/>); a cluster
    /// coordinator passes <see cref="S4InputLoader.LoadRequirements"/>, its shards loading the tiles where they run.</param>
    internal static S4RunResult RunSharded(Segment1BLayout layout, int workers, bool skipS0, int rowGroupRows, int pairsPerShard, IS4ShardExecutor executor, Func<int> workersUsed, Func<JsonObject?>? execution, IProgress<PhaseProgress>? progress = null, Func<Segment1BLayout, int, S4Inputs>? load = null)
    {
        // Open files sampled every 100 ms (plus at the moments sampled explicitly): the default 20 ms cost ~4 % of a
        // one-second run's CPU, for a peak that S4's few, sequentially opened files reach at every sample anyway.
        using var meter = RunMeter.Start(TimeSpan.FromMilliseconds(100));
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        Func<S4Inputs> loadInputs = () => load is null ? S4InputLoader.Load(layout, workers, progress) : load(layout, workers);
        S4Inputs? inputs = null;
        IReadOnlyList<S4Shard>? ahead = null;
        Task<(S4Inputs Inputs, double Seconds)>? loading = null;
        if (executor.PlansAhead)
        {
            // The gate first (nothing is sent before it passes), then the plan the silos cut while they loaded; this
            // process's own read starts only then and runs beside the shards: read earlier, it would compete for the
            // cores with the silos' loads on a shared machine.
            timings["s0_gate"] = Gate(layout, skipS0);
            ahead = executor.PlanAhead(pairsPerShard);
            loading = Task.Factory.StartNew(() => Timed(loadInputs), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if (ahead is null)
            {
                (inputs, timings["load_inputs"]) = loading.GetAwaiter().GetResult();
                loading = null;
            }
        }
        else
        {
            inputs = GateAndLoad(layout, workers, skipS0, timings, loadInputs);
        }

        clock.Restart();

        // One transaction for the set (partition + run report), serialised by the data root's lock: the partition
        // is write-once, the report its companion (kept when the partition was already there, identical).
        // With workers to spare, or with the shards running elsewhere, what writing the report compiles in a cold
        // process is compiled while the shards run.
        var warmUp = workers <= 1 && loading is null ? Task.CompletedTask
            : loading is not null ? loading.ContinueWith(t => S4RunReport.WarmUp(layout, t.Result.Inputs), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default)
            : Task.Factory.StartNew(() => S4RunReport.WarmUp(layout, inputs!), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        using var tx = new PublishTransaction([layout.DataRoot], S4Codes.ImmutableConflict);
        PlanTotals totals;
        string sha;
        try
        {
            var staging = tx.StageFolder(layout.AllocPlan);
            var shards = ahead ?? S4Shards.Plan(inputs!.Pairs, pairsPerShard);
            IReadOnlyList<S4ShardResult> results;
            try
            {
                results = executor.Run(inputs, shards, staging, rowGroupRows);
            }
            catch (Core.Errors.AllotException) when (loading is not null)
            {
                // An error of this process's own read comes first, as when it read before sending the shards.
                loading.GetAwaiter().GetResult();
                throw;
            }

            if (loading is not null)
            {
                (inputs, timings["load_inputs"]) = loading.GetAwaiter().GetResult();
                executor.ConfirmPlan(shards, S4Shards.Plan(inputs.Pairs, pairsPerShard));
            }

            S4Shards.RemoveHiddenEntries(staging);
            totals = S4Shards.Combine(inputs!.Pairs, results, workersUsed());
            meter.Sample();

            sha = tx.StagedHash(layout.AllocPlan).Sha256Hex;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw tx.Failure(ex);
        }

        timings["allocate_write"] = Lap(clock);
        WaitQuietly(warmUp);
        var measurement = meter.Stop();
        var report = S4RunReport.Build(layout, inputs!, totals, sha, measurement, timings);
        if (execution?.Invoke() is { } executionNode)
        {
            report = report with { Execution = executionNode };
        }

        IReadOnlyList<PublishedItem> items;
        try
        {
            S4RunReport.Write(tx.StageFile(layout.RunReport, PublishMode.Companion), report, inputs!.Pairs, totals.RowsPerPair);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw tx.Failure(ex);
        }

        items = tx.Commit();
        var outcome = items[0].Outcome == ItemOutcome.IdenticalExisting ? PublishOutcome.IdenticalExisting : PublishOutcome.Published;
        var reportWritten = items[1].Outcome is ItemOutcome.Published or ItemOutcome.Replaced;
        return new S4RunResult(outcome, reportWritten, report);
    }

    /// <summary>
    /// S0 (or the existing receipt's check) and the input load. With more than one worker they run at the same time
    /// (the gate on its own thread: hashing the bundle needs no input), and the outcome is the sequential one: a gate
    /// failure is reported first, the load's failure otherwise. Timings: <c>s0_gate</c> and <c>load_inputs</c> are
    /// each measured on their own (they overlap when they ran together).
    /// </summary>
    private static S4Inputs GateAndLoad(Segment1BLayout layout, int workers, bool skipS0, Dictionary<string, double> timings, Func<S4Inputs> load)
    {
        if (workers <= 1)
        {
            timings["s0_gate"] = Gate(layout, skipS0);
            (var loaded, timings["load_inputs"]) = Timed(load);
            return loaded;
        }

        var gate = Task.Factory.StartNew(() => Gate(layout, skipS0), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        S4Inputs? inputs = null;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? loadFailure = null;
        var loadWatch = Stopwatch.StartNew();
        try
        {
            inputs = load();
        }
        catch (Exception ex)
        {
            loadFailure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
        }

        timings["load_inputs"] = loadWatch.Elapsed.TotalSeconds;
        timings["s0_gate"] = gate.GetAwaiter().GetResult();
        loadFailure?.Throw();
        return inputs!;
    }

    /// <summary>S0 (or, with <paramref name="skipS0"/>, the existing receipt's check); its seconds.</summary>
    private static double Gate(Segment1BLayout layout, bool skipS0)
    {
        var watch = Stopwatch.StartNew();
        if (!skipS0)
        {
            ValidationBundleGate.Run(layout, DateTimeOffset.UtcNow);
        }

        ValidationBundleGate.RequireReceipt(layout);
        return watch.Elapsed.TotalSeconds;
    }

    private static (S4Inputs Inputs, double Seconds) Timed(Func<S4Inputs> load)
    {
        var watch = Stopwatch.StartNew();
        var inputs = load();
        return (inputs, watch.Elapsed.TotalSeconds);
    }

    // A warm-up's failure changes nothing (the real report is written, or fails, on its own); it is awaited before the
    // report is built so that it never competes with writing it.
    private static void WaitQuietly(Task task)
    {
        try
        {
            task.Wait();
        }
        catch (AggregateException)
        {
            // nothing depends on the warm-up
        }
    }

    private static double Lap(Stopwatch clock)
    {
        var s = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return s;
    }
}
