using System.Diagnostics;
using Allot.Core.Errors;
using Allot.Segment1A;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;
using Allot.Segment1B;
using Allot.Segment1B.Allocation;

namespace Allot.Cluster;

/// <summary>The silo's settings, as given on <c>allot cluster silo</c>.</summary>
/// <param name="Name">Name reported for this silo (default host:port).</param>
/// <param name="DataRoot">The shared data root as this silo sees it; request paths are relative to it.</param>
/// <param name="Workers">Threads per shard.</param>
internal sealed record SiloSettings(string Name, string DataRoot, int Workers);

/// <summary>
/// Computes shards on a silo. Inputs are loaded once per run identity and kept (a silo serves many shards of the
/// same run); the key includes the input files' sizes and times so a changed input is reloaded. Errors raised by
/// Allot are returned as values (deterministic: the coordinator fails the run); anything else propagates and the
/// coordinator re-dispatches the shard.
/// </summary>
internal sealed class ShardWorker(SiloSettings settings)
{
    private readonly Lock _gate = new();
    private (string Key, Lazy<Loaded<S4Inputs>> Inputs)? _s4;
    private (string Key, Lazy<Loaded<S7Inputs>> Inputs)? _s7;
    private readonly System.Collections.Concurrent.ConcurrentBag<S7PartBuffers> _s7Buffers = [];

    public SiloSettings Settings => settings;

    /// <summary>Whether S4 inputs are loaded (tests).</summary>
    internal bool S4Loaded => _s4 is { } s && s.Inputs.IsValueCreated;

    /// <summary>Whether S7 inputs are loaded (tests).</summary>
    internal bool S7Loaded => _s7 is { } s && s.Inputs.IsValueCreated;

    /// <summary>
    /// Loads the run's S4 inputs (once per identity and input stamp); the load's seconds for the first caller that
    /// reports them (0 afterwards, and for a load already reported or started by an announcement).
    /// </summary>
    public (S4Inputs Inputs, double LoadSeconds) LoadS4(S4ShardRequest r, bool report = true)
    {
        var layout = new Segment1BLayout(settings.DataRoot, new Segment1BIdentity(r.Seed, r.ManifestFingerprint, r.ParameterHash), Resolve(r.DictionaryPath));
        var key = string.Join('|', layout.DataRoot, layout.Requirements, layout.TileWeights, layout.TileIndex, layout.IsoTable, Stamp(layout.Requirements, layout.TileWeights, layout.TileIndex, layout.IsoTable));
        Lazy<Loaded<S4Inputs>> lazy;
        lock (_gate)
        {
            if (_s4 is not { } cached || cached.Key != key)
            {
                _s4 = cached = (key, new Lazy<Loaded<S4Inputs>>(() => Loaded<S4Inputs>.Time(() => S4InputLoader.Load(layout, settings.Workers))));
            }

            lazy = cached.Inputs;
        }

        var inputs = Value(lazy, () => _s4 = null);
        return (inputs.Value, report ? inputs.Report() : 0);
    }

    /// <summary>Loads ahead of the shards (called by the coordinator while it loads its own copy).</summary>
    /// <param name="r">The request.</param>
    /// <param name="report">False for an announcement (nobody receives its answer, so the load time is left for the prepare call to report).</param>
    public ShardExecution PrepareS4(S4ShardRequest r, bool report = true)
    {
        try
        {
            return new ShardExecution { Silo = settings.Name, LoadSeconds = LoadS4(r, report).LoadSeconds };
        }
        catch (AllotException)
        {
            // The shard calls will report it (as a value, with the run's error code).
            return new ShardExecution { Silo = settings.Name };
        }
    }

    public S4ShardReply RunS4(S4ShardRequest r)
    {
        try
        {
            var (inputs, load) = LoadS4(r);
            var clock = Stopwatch.StartNew();
            var shards = S4Shards.Plan(inputs.Pairs, r.PairsPerShard);
            if (r.Shard >= shards.Count || shards[r.Shard].FirstPair != r.FirstPair || shards[r.Shard].PairCount != r.PairCount)
            {
                throw Mismatch($"S4 shard {r.Shard} is pairs [{r.FirstPair}, +{r.PairCount}) for the coordinator but not for silo {settings.Name}");
            }

            var result = S4Shards.RunShard(inputs, shards[r.Shard], Staging(r.Staging), settings.Workers, r.RowGroupRows);
            return new S4ShardReply
            {
                Shard = result.Index,
                FirstPair = result.FirstPair,
                Rows = result.RowsEmitted,
                Shortfall = result.ShortfallTotal,
                TiesBroken = result.TiesBrokenTotal,
                SumsMatch = result.AllocSumEqualsRequirements,
                WorkersUsed = result.WorkersUsed,
                RowsPerPair = result.RowsPerPair,
                Execution = new ShardExecution { Silo = settings.Name, Seconds = clock.Elapsed.TotalSeconds, LoadSeconds = load },
            };
        }
        catch (AllotException ex)
        {
            return new S4ShardReply { Shard = r.Shard, Error = ToError(ex.Error), Execution = new ShardExecution { Silo = settings.Name } };
        }
    }

    /// <summary>Loads the run's S7 inputs (once per options and input stamp); its seconds as <see cref="LoadS4"/>.</summary>
    public (S7Inputs Inputs, double LoadSeconds) LoadS7(S7ShardRequest r, bool report = true)
    {
        var options = new S7InputOptions(settings.DataRoot, new S7Lineage(r.Seed, r.ParameterHash, r.ManifestFingerprint), r.NbRunId, Resolve(r.HyperparametersPath), Resolve(r.MerchantsPath), Resolve(r.DictionaryPath));
        var key = options.ToString() + "|" + Stamp(Path.Combine(settings.DataRoot, "data"), Path.Combine(settings.DataRoot, "config"), Path.Combine(settings.DataRoot, "logs/rng/events/nb_final"));
        Lazy<Loaded<S7Inputs>> lazy;
        lock (_gate)
        {
            if (_s7 is not { } cached || cached.Key != key)
            {
                _s7 = cached = (key, new Lazy<Loaded<S7Inputs>>(() => Loaded<S7Inputs>.Time(() => S7InputLoader.Load(options))));
            }

            lazy = cached.Inputs;
        }

        var inputs = Value(lazy, () => _s7 = null);
        return (inputs.Value, report ? inputs.Report() : 0);
    }

    /// <summary>Loads ahead of the shards (called by the coordinator while it loads its own copy).</summary>
    public ShardExecution PrepareS7(S7ShardRequest r, bool report = true)
    {
        try
        {
            return new ShardExecution { Silo = settings.Name, LoadSeconds = LoadS7(r, report).LoadSeconds };
        }
        catch (AllotException)
        {
            return new ShardExecution { Silo = settings.Name };
        }
    }

    public S7ShardReply RunS7(S7ShardRequest r)
    {
        try
        {
            var (inputs, load) = LoadS7(r);
            var clock = Stopwatch.StartNew();
            var shards = S7Shards.Plan(inputs.Countries.MerchantCount, r.MerchantsPerShard);
            if (r.Shard >= shards.Count || shards[r.Shard].FirstMerchant != r.FirstMerchant || shards[r.Shard].MerchantCount != r.MerchantCount)
            {
                throw Mismatch($"S7 shard {r.Shard} is merchants [{r.FirstMerchant}, +{r.MerchantCount}) for the coordinator but not for silo {settings.Name}");
            }

            var staging = new S7Staging(Staging(r.Staging[0]), Staging(r.Staging[1]), Staging(r.Staging[2]), Staging(r.Staging[3]));
            var result = RunS7Shard(inputs, r, shards[r.Shard], staging);
            return new S7ShardReply
            {
                Shard = result.Index,
                Rows = result.Rows,
                DomesticOnly = result.DomesticOnly,
                Gamma = [result.Gamma.Draws, result.Gamma.Blocks, result.Gamma.Events],
                Residual = [result.Residual.Draws, result.Residual.Blocks, result.Residual.Events],
                PhaseMs = [result.ComputeMs, result.WriteCacheMs, result.WriteLogsMs],
                TraceStart = r.TraceStart.Length == 6 ? r.TraceStart : [],
                Execution = new ShardExecution { Silo = settings.Name, Seconds = clock.Elapsed.TotalSeconds, LoadSeconds = load },
            };
        }
        catch (AllotException ex)
        {
            return new S7ShardReply { Shard = r.Shard, Error = ToError(ex.Error), Execution = new ShardExecution { Silo = settings.Name } };
        }
    }

    /// <summary>
    /// Runs the shard with buffers kept from this silo's earlier shards (one set per concurrently running shard),
    /// starting its trace from the totals the coordinator sent. A failed shard's buffers are dropped.
    /// </summary>
    private S7ShardResult RunS7Shard(S7Inputs inputs, S7ShardRequest r, S7Shard shard, S7Staging staging)
    {
        if (!_s7Buffers.TryTake(out var buffers))
        {
            buffers = new S7PartBuffers(settings.Workers);
        }

        var start = r.TraceStart.Length == 6 ? r.TraceStart : new ulong[6];
        buffers.GammaStart = new S7TraceTotals(start[0], start[1], start[2]);
        buffers.ResidualStart = new S7TraceTotals(start[3], start[4], start[5]);
        S7ShardResult result;
        try
        {
            result = S7Shards.RunShard(inputs, r.RunId, shard, staging, settings.Workers, reuse: buffers);
        }
        catch
        {
            buffers.Dispose();
            throw;
        }

        _s7Buffers.Add(buffers);
        return result;
    }

    /// <summary>Sizes and write times of every file under the given paths: a cheap "did the inputs change" stamp.</summary>
    internal static string Stamp(params string[] paths)
    {
        var hash = new HashCode();
        foreach (var path in paths)
        {
            var files = File.Exists(path) ? [path] : Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
            foreach (var f in files)
            {
                // S7's own outputs live under data/ too; only inputs matter (outputs change during the run).
                if (f.Contains("ranking_residual_cache", StringComparison.Ordinal) || f.Contains("/.", StringComparison.Ordinal))
                {
                    continue;
                }

                var info = new FileInfo(f);
                hash.Add(f);
                hash.Add(info.Length);
                hash.Add(info.LastWriteTimeUtc.Ticks);
            }
        }

        return hash.ToHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The loaded inputs; a failed load is forgotten so the next call tries again (the failure may be transient).</summary>
    private T Value<T>(Lazy<T> lazy, Action forget)
    {
        try
        {
            return lazy.Value;
        }
        catch
        {
            lock (_gate)
            {
                forget();
            }

            throw;
        }
    }

    private static ShardError ToError(AllotError e) =>
        new() { Code = e.Code, Class = (int)e.Class, Message = e.Message, File = e.File, Row = e.Row, Key = e.Key };

    private AllotException Mismatch(string what) =>
        ClusterErrors.Fail(ClusterErrors.DataMismatch, $"{what}: the silo does not see the same data (check that every silo's --data-root is the same shared folder).", settings.DataRoot);

    private string? Resolve(string? path) => path is null ? null : Path.IsPathRooted(path) ? path : Path.Combine(settings.DataRoot, path);

    private string Staging(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(settings.DataRoot, relative));
        if (!Directory.Exists(full))
        {
            // The coordinator gave up on the run (or this silo sees another data root): write nothing.
            throw ClusterErrors.Fail(ClusterErrors.DataMismatch, $"the staging folder {relative} does not exist under silo {settings.Name}'s data root (the run was abandoned, or the data root is not shared).", full);
        }

        return full;
    }
}

/// <summary>Loaded inputs and how long the load took, reported once (in the run report's input-load seconds).</summary>
/// <typeparam name="T">The inputs' type.</typeparam>
internal sealed class Loaded<T>(T value, double seconds)
{
    private int _reported;

    public T Value => value;

    public static Loaded<T> Time(Func<T> load)
    {
        var clock = Stopwatch.StartNew();
        var value = load();
        return new Loaded<T>(value, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The load's seconds the first time, then 0.</summary>
    public double Report() => Interlocked.Exchange(ref _reported, 1) == 0 ? seconds : 0;
}

/// <summary>The grain: runs each call's shard off the Orleans scheduler (shards are long, CPU-bound work).</summary>
[SlotPlacement]
internal sealed class ShardWorkerGrain(ShardWorker worker, ILocalSiloDetails silo) : Grain, IShardWorkerGrain
{
    public Task<SiloAddress> Where() => Task.FromResult(silo.SiloAddress);

    public Task<ShardExecution> PrepareS4(S4ShardRequest request) =>
        Task.Factory.StartNew(() => worker.PrepareS4(request), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public Task<ShardExecution> PrepareS7(S7ShardRequest request) =>
        Task.Factory.StartNew(() => worker.PrepareS7(request), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public Task<S4ShardReply> RunS4(S4ShardRequest request) =>
        Task.Factory.StartNew(() => worker.RunS4(request), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public Task<S7ShardReply> RunS7(S7ShardRequest request) =>
        Task.Factory.StartNew(() => worker.RunS7(request), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
