using System.Diagnostics;
using Allot.Core.Errors;
using Allot.Data.Diagnostics;
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
/// <param name="OnePassLoads">Whether an input load runs under <see cref="OnePassProcess"/>'s collection budget: only
/// when the silo owns its process (<c>allot cluster silo</c>), never for shard workers hosted in someone else's.</param>
/// <param name="Build">The build this silo reports and accepts; null for its own (<see cref="ClusterBuild.Identity"/>).
/// Only tests set it, to stand in a silo of another build inside one process.</param>
internal sealed record SiloSettings(string Name, string DataRoot, int Workers, bool OnePassLoads = false, string? Build = null);

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
    private RunLog? _runLog;

    public SiloSettings Settings => settings;

    /// <summary>The build this silo runs (<see cref="ClusterBuild"/>).</summary>
    public string Build => settings.Build ?? ClusterBuild.Identity;

    /// <summary>The threads shards run on (kept between calls).</summary>
    public ShardThreads Threads { get; } = new();

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
                _s4 = cached = (key, new Lazy<Loaded<S4Inputs>>(() => Loaded<S4Inputs>.Time(() => Pass(() => S4InputLoader.Load(layout, settings.Workers)))));
            }

            lazy = cached.Inputs;
        }

        var inputs = Value(lazy, () => _s4 = null);
        return (inputs.Value, report ? inputs.Report() : 0);
    }

    /// <summary>Loads ahead of the shards and cuts the run's shard plan from the inputs (the coordinator dispatches on it).</summary>
    /// <param name="r">The request.</param>
    /// <param name="report">False for an announcement (nobody receives its answer, so the load time is left for the prepare call to report).</param>
    public S4PrepareReply PrepareS4(S4ShardRequest r, bool report = true)
    {
        if (r.Build != Build)
        {
            // Nothing is loaded for a sender of another build; the coordinator reads this silo's build in the reply.
            return new S4PrepareReply { Execution = new ShardExecution { Build = Build, Silo = settings.Name } };
        }

        try
        {
            var (inputs, seconds) = LoadS4(r, report);
            return new S4PrepareReply
            {
                Execution = new ShardExecution { Build = Build, Silo = settings.Name, LoadSeconds = seconds },
                ShardPairs = [.. S4Shards.Plan(inputs.Pairs, r.PairsPerShard).Select(s => s.PairCount)],
            };
        }
        catch (AllotException)
        {
            // No plan: the coordinator reads the requirements itself, and the shard calls report the error (as a
            // value, with the run's error code) if its read does not.
            return new S4PrepareReply { Execution = new ShardExecution { Build = Build, Silo = settings.Name } };
        }
    }

    public S4ShardReply RunS4(S4ShardRequest r)
    {
        try
        {
            RequireBuild(r.Build);
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
                RowsPerPairBytes = S4ShardReply.PackRows(result.RowsPerPair),
                Execution = new ShardExecution { Build = Build, Silo = settings.Name, Seconds = clock.Elapsed.TotalSeconds, LoadSeconds = load },
            };
        }
        catch (AllotException ex)
        {
            return new S4ShardReply { Shard = r.Shard, Error = ToError(ex.Error), Execution = new ShardExecution { Build = Build, Silo = settings.Name } };
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
                _s7 = cached = (key, new Lazy<Loaded<S7Inputs>>(() => Loaded<S7Inputs>.Time(() => Pass(() => S7InputLoader.Load(options)))));
            }

            lazy = cached.Inputs;
        }

        var inputs = Value(lazy, () => _s7 = null);
        return (inputs.Value, report ? inputs.Report() : 0);
    }

    /// <summary>Loads ahead of the shards (called by the coordinator while it loads its own copy).</summary>
    public ShardExecution PrepareS7(S7ShardRequest r, bool report = true)
    {
        if (r.Build != Build)
        {
            return new ShardExecution { Build = Build, Silo = settings.Name };
        }

        try
        {
            return new ShardExecution { Build = Build, Silo = settings.Name, LoadSeconds = LoadS7(r, report).LoadSeconds };
        }
        catch (AllotException)
        {
            return new ShardExecution { Build = Build, Silo = settings.Name };
        }
    }

    public S7ShardReply RunS7(S7ShardRequest r)
    {
        try
        {
            RequireBuild(r.Build);
            var (inputs, load) = LoadS7(r);
            var clock = Stopwatch.StartNew();
            var shards = S7Shards.Plan(inputs.Countries.MerchantCount, r.MerchantsPerShard);
            if (r.Shard >= shards.Count || shards[r.Shard].FirstMerchant != r.FirstMerchant || shards[r.Shard].MerchantCount != r.MerchantCount)
            {
                throw Mismatch($"S7 shard {r.Shard} is merchants [{r.FirstMerchant}, +{r.MerchantCount}) for the coordinator but not for silo {settings.Name}");
            }

            var staging = new S7Staging(Staging(r.Staging[0]), Staging(r.Staging[1]), Staging(r.Staging[2]), Staging(r.Staging[3]));
            var (result, runLog, ranges) = RunS7Shard(inputs, r, shards[r.Shard], shards.Count, staging);
            return new S7ShardReply
            {
                Shard = result.Index,
                Rows = result.Rows,
                DomesticOnly = result.DomesticOnly,
                Gamma = [result.Gamma.Draws, result.Gamma.Blocks, result.Gamma.Events],
                Residual = [result.Residual.Draws, result.Residual.Blocks, result.Residual.Events],
                PhaseMs = [result.ComputeMs, result.WriteCacheMs, result.WriteLogsMs],
                TraceStart = [result.GammaStart.Draws, result.GammaStart.Blocks, result.GammaStart.Events, result.ResidualStart.Draws, result.ResidualStart.Blocks, result.ResidualStart.Events],
                RunLog = runLog ?? string.Empty,
                RunLogRanges = ranges,
                Execution = new ShardExecution { Build = Build, Silo = settings.Name, Seconds = clock.Elapsed.TotalSeconds, LoadSeconds = load },
            };
        }
        catch (AllotException ex)
        {
            return new S7ShardReply { Shard = r.Shard, Error = ToError(ex.Error), Execution = new ShardExecution { Build = Build, Silo = settings.Name } };
        }
    }

    /// <summary>
    /// Runs the shard. When it follows this silo's previous shard of the run (or is the run's first, or comes with
    /// its predecessors' totals), its logs are appended to the silo's run log files — one file per log in the log's
    /// <c>.shards</c> folder, written the way a single process writes the final files — so that the coordinator
    /// can take the run log as the final file (one silo) or copy ranges of it, and nobody writes parts. Otherwise
    /// the shard writes its own log parts with buffers kept from earlier shards. A failure drops the run log (its
    /// earlier shards' bytes stay in the file) and the buffers.
    /// </summary>
    private (S7ShardResult Result, string? RunLog, long[] Ranges) RunS7Shard(S7Inputs inputs, S7ShardRequest r, S7Shard shard, int shardCount, S7Staging staging)
    {
        var start = r.TraceStart.Length == 6 ? r.TraceStart : null;
        var log = TakeRunLog(r, shard, staging, start);
        if (log is not null)
        {
            long[] before = [log.Gamma.Position, log.Residual.Position, log.Trace.Position];
            S7ShardResult appended;
            try
            {
                appended = S7Shards.RunShard(inputs, r.RunId, shard, staging, settings.Workers, log.Append);
            }
            catch
            {
                log.Dispose();
                throw;
            }

            long[] ranges = [before[0], log.Gamma.Position - before[0], before[1], log.Residual.Position - before[1], before[2], log.Trace.Position - before[2]];
            log.NextShard = shard.Index + 1;
            if (log.NextShard >= shardCount)
            {
                log.Dispose(); // the run's last shard: nothing more is appended
            }
            else
            {
                RunLog? replaced;
                lock (_gate)
                {
                    (replaced, _runLog) = (_runLog, log);
                }

                replaced?.Dispose(); // a log started meanwhile by another slot of this silo: the newest continues
            }

            return (appended, log.Name, ranges);
        }

        return (RunS7Part(inputs, r, shard, staging), null, []);
    }

    /// <summary>
    /// The run log this shard may append to (taken: one shard at a time), a new one when the shard is the run's
    /// first or comes with its predecessors' totals, or null (write parts).
    /// </summary>
    private RunLog? TakeRunLog(S7ShardRequest r, S7Shard shard, S7Staging staging, ulong[]? start)
    {
        var key = string.Join('|', r.RunId, staging.GammaEvents, staging.ResidualEvents, staging.Trace);
        lock (_gate)
        {
            if (_runLog is { } log && log.Key == key && log.NextShard == shard.Index)
            {
                _runLog = null;
                return log;
            }

            if (_runLog is { } old && old.Key != key)
            {
                // Another run's (it failed, or its last shard went elsewhere): closed.
                _runLog = null;
                old.Dispose();
            }

            if (shard.Index != 0 && start is null)
            {
                return null;
            }
        }

        var gamma = start is null ? default : new S7TraceTotals(start[0], start[1], start[2]);
        var residual = start is null ? default : new S7TraceTotals(start[3], start[4], start[5]);
        return RunLog.Create(key, staging, settings.Workers, gamma, residual);
    }

    /// <summary>Writes the shard's own log parts with buffers kept from earlier shards, its trace counting from the totals the coordinator sent (or zero).</summary>
    private S7ShardResult RunS7Part(S7Inputs inputs, S7ShardRequest r, S7Shard shard, S7Staging staging)
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

    // A load is one pass over a run's inputs (mostly large arrays read once): in a silo that owns its process it
    // runs without collections up to the budget, as the CLI's runs do.
    private T Pass<T>(Func<T> load) => settings.OnePassLoads ? OnePassProcess.Pass(load) : load();

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

    /// <summary>Refuses a shard from a sender of another build before reading or writing anything.</summary>
    private void RequireBuild(string sender)
    {
        if (sender != Build)
        {
            throw ClusterBuild.Mismatch(settings.Name, Build, sender);
        }
    }

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

/// <summary>
/// A silo's run log: the three log files its consecutive shards of one run append to, in the logs' <c>.shards</c>
/// folders under a hidden name of its own, with the formatter and chunks those shards share.
/// </summary>
internal sealed class RunLog : IDisposable
{
    private RunLog(string key, string name, FileStream gamma, FileStream residual, FileStream trace, S7LogAppend append, S7ChunkFormatter formatter)
    {
        Key = key;
        Name = name;
        Gamma = gamma;
        Residual = residual;
        Trace = trace;
        Append = append;
        Formatter = formatter;
    }

    public string Key { get; }

    /// <summary>File name in each log's <c>.shards</c> folder.</summary>
    public string Name { get; }

    public FileStream Gamma { get; }

    public FileStream Residual { get; }

    public FileStream Trace { get; }

    public S7LogAppend Append { get; }

    public S7ChunkFormatter Formatter { get; }

    /// <summary>The shard that may append next.</summary>
    public int NextShard { get; set; }

    public static RunLog Create(string key, S7Staging staging, int workers, S7TraceTotals gamma, S7TraceTotals residual)
    {
        var name = $".run-{Guid.NewGuid():N}.jsonl";
        var streams = new[] { staging.GammaEvents, staging.ResidualEvents, staging.Trace }.Select(folder =>
        {
            var dir = Path.Combine(folder, S7Shards.ShardLogFolder);
            Directory.CreateDirectory(dir);
            // Unbuffered, as the local run's final files: the formatter hands over ~1 MB units.
            return new FileStream(Path.Combine(dir, name), FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }).ToArray();
        var formatter = new S7ChunkFormatter(workers, gamma, residual);
        var append = new S7LogAppend(streams[0], streams[1], streams[2])
        {
            Formatter = formatter,
            Chunks = [new S7Chunk(S7Chunk.MerchantsPerChunk * 4), new S7Chunk(S7Chunk.MerchantsPerChunk * 4)],
            GammaTotals = gamma,
            ResidualTotals = residual,
        };
        return new RunLog(key, name, streams[0], streams[1], streams[2], append, formatter);
    }

    public void Dispose()
    {
        Gamma.Dispose();
        Residual.Dispose();
        Trace.Dispose();
        Formatter.Dispose();
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

/// <summary>The grain: runs each call's shard off the Orleans scheduler, on the silo's shard threads.</summary>
[SlotPlacement]
internal sealed class ShardWorkerGrain(ShardWorker worker, ILocalSiloDetails silo) : Grain, IShardWorkerGrain
{
    public Task<SiloAddress> Where() => Task.FromResult(silo.SiloAddress);

    public Task<S4PrepareReply> PrepareS4(S4ShardRequest request) =>
        Task.Factory.StartNew(() => worker.PrepareS4(request), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public Task<ShardExecution> PrepareS7(S7ShardRequest request) =>
        Task.Factory.StartNew(() => worker.PrepareS7(request), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public Task<S4ShardReply> RunS4(S4ShardRequest request) => worker.Threads.Run(() => worker.RunS4(request));

    public Task<S7ShardReply> RunS7(S7ShardRequest request) => worker.Threads.Run(() => worker.RunS7(request));
}
