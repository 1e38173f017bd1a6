using System.Diagnostics;
using System.Runtime.InteropServices;
using Allot.Core.Errors;
using Allot.Core.Random;
using Allot.Data.Diagnostics;
using Allot.Data.Publishing;
using Allot.Segment1A.Diagnostics;
using Allot.Segment1A.Dirichlet;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;

namespace Allot.Segment1A;

/// <summary>
/// Runs S7 end to end: load and check inputs, then per chunk of merchants sample (in parallel) and write the
/// cache and logs in merchant order into staging folders, then commit the whole set (cache write-once with
/// <c>E_IMMUTABLE_CONFLICT</c>, four run-scoped logs, the run report) in one <see cref="PublishTransaction"/>:
/// a reader sees all six outputs of a run or none of them (see <c>docs/publication.md</c>).
/// </summary>
public static class S7Runner
{
    /// <summary>Output dataset ids, in publication order after the cache.</summary>
    internal static readonly string[] LogDatasets = ["rng_event_dirichlet_gamma_vector", "rng_event_residual_rank", "rng_trace_log", "rng_audit_log"];

    /// <summary>Runs S7.</summary>
    /// <param name="options">The run's options.</param>
    /// <param name="progress">Receives live progress (merchants sampled and written of the total) from any thread; null for none.</param>
    public static S7RunResult Run(S7RunOptions options, IProgress<PhaseProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RunSharded(options, S7Shards.DefaultMerchantsPerShard, new LocalS7ShardExecutor(Math.Max(1, options.Workers), options.LogCompression, progress), execution: null);
    }

    /// <summary>
    /// Runs S7 with the shards computed by <paramref name="executor"/> (this process, or a cluster): shards are
    /// planned from the data alone and their parts land in this run's staging folders, so the cache and its receipt
    /// are the same whoever ran them; then the logs are assembled and everything is published as in a local run.
    /// </summary>
    /// <param name="options">The run's options.</param>
    /// <param name="merchantsPerShard">Merchants per shard (default <see cref="S7Shards.DefaultMerchantsPerShard"/>).</param>
    /// <param name="executor">Computes and writes the shards.</param>
    /// <param name="execution">Who ran what (silos, shards per silo, re-dispatches) for the report's
    /// <c>execution</c> object, outside the determinism receipt; null for a local run.</param>
    /// <param name="load">Loads the inputs this process needs (default <see cref="S7InputLoader.Load"/>); a cluster
    /// coordinator passes <see cref="S7InputLoader.LoadForPlanning"/>, its shards loading the rest where they run.</param>
    internal static S7RunResult RunSharded(S7RunOptions options, int merchantsPerShard, IS7ShardExecutor executor, Func<System.Text.Json.Nodes.JsonObject?>? execution, Func<S7InputOptions, S7Inputs>? load = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var meter = new S7ProcessMeter();
        var inputs = meter.Time("load", () => (load ?? S7InputLoader.Load)(options.Inputs));
        // The readers' row-group buffers are garbage now: return them to the OS before the long write phase, so the
        // peak is the live inputs plus bounded chunk and unit buffers (about 0.1 s at 10^7 merchants).
        meter.Time("load_gc", () =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            return 0;
        });

        foreach (var (phase, ms) in inputs.LoadTimingsMs)
        {
            meter.Add(phase, TimeSpan.FromMilliseconds(ms));
        }

        var lineage = inputs.Lineage;
        var master = MasterMaterial.Derive(lineage.Seed, lineage.ManifestFingerprint);
        var runId = S7RunId.Create(lineage, options.StartTimeUtc ?? DateTime.UtcNow);
        var tokens = lineage.Tokens(runId);
        var root = options.Inputs.DataRoot;
        var dictionary = inputs.Dictionary;
        var cacheTarget = dictionary.Resolve(root, "ranking_residual_cache_1A", tokens, S7Errors.SchemaInvalid);
        var logTargets = LogDatasets.ToDictionary(id => id, id => dictionary.Resolve(root, id, tokens, S7Errors.SchemaInvalid).TrimEnd('/', '\\'));
        var reportFolder = dictionary.Resolve(root, "s7_run_report", tokens, S7Errors.SchemaInvalid);
        foreach (var target in logTargets.Values.Append(reportFolder.TrimEnd('/', '\\')))
        {
            if (Directory.Exists(target) || File.Exists(target))
            {
                throw S7Errors.Fail(S7Errors.IoAtomics, "the run-scoped output folder already exists; run ids are unique per start time, so another run is writing here.", target);
            }
        }

        // One transaction for the whole set (cache + 4 logs + report), serialised by the data root's lock.
        var createdFolders = MissingAncestors(logTargets.Values.Append(cacheTarget.TrimEnd('/', '\\')).Append(reportFolder.TrimEnd('/', '\\')));
        var succeeded = false;
        var tx = new PublishTransaction([root], S7Errors.ImmutableConflict);
        try
        {
            var staging = new Dictionary<string, string>(StringComparer.Ordinal);
            var cacheStaging = tx.StageFolder(cacheTarget);
            foreach (var (id, target) in logTargets)
            {
                staging[id] = tx.StageFolder(target);
            }

            var reportStaging = tx.StageFolder(reportFolder, late: true);
            var stats = new RunStatistics();
            var sw = Stopwatch.StartNew();
            WriteAll(inputs, master, runId, merchantsPerShard, executor, cacheStaging, staging, stats, meter);
            var written = sw.Elapsed;
            var reportPath = Path.Combine(reportFolder, "run_report.json");
            S7RunResult? result = null;
            tx.Commit(beforeJournal: outcomes =>
            {
                // The report says whether the cache was published by this run or already there (decided under the lock).
                meter.Add("publish", sw.Elapsed - written);
                var cache = tx.StagedHash(cacheTarget);
                var report = new S7RunReport
                {
                    RunId = runId,
                    Seed = lineage.Seed,
                    ParameterHash = lineage.ParameterHash,
                    ManifestFingerprint = lineage.ManifestFingerprint,
                    NbFinalRunId = inputs.NbRunId,
                    HyperparametersSha256 = inputs.Hyperparameters.Sha256Hex,
                    Merchants = inputs.Countries.MerchantCount,
                    DomesticOnly = stats.DomesticOnly,
                    Rows = inputs.Countries.RowCount,
                    Events = new S7EventCounts(stats.GammaEvents, stats.ResidualEvents),
                    DrawsTotal = stats.Draws,
                    BlocksTotal = stats.Blocks,
                    FallbackRungs = RungCounts(inputs.Rungs),
                    Cache = new S7CacheReceipt(
                        (outcomes[0] == ItemOutcome.IdenticalExisting ? PublishOutcome.IdenticalExisting : PublishOutcome.Published).ToString(),
                        cache.Sha256Hex,
                        cache.Files),
                    Paths = new SortedDictionary<string, string>(logTargets, StringComparer.Ordinal) { ["ranking_residual_cache_1A"] = cacheTarget.TrimEnd('/', '\\') },
                    Workers = Math.Max(1, options.Workers),
                    TimingsMs = new SortedDictionary<string, double>(meter.PhaseMilliseconds, StringComparer.Ordinal) { ["total"] = meter.TotalMilliseconds }
                        .ToDictionary(t => t.Key, t => Math.Round(t.Value, 3), StringComparer.Ordinal),
                    PeakRssBytes = RunMeter.PeakResidentBytes(),
                    AllocatedBytes = meter.AllocatedBytes,
                    ReportPath = reportPath,
                    Execution = execution?.Invoke(),
                };
                result = new S7RunResult(report);
                var bytes = S7RunReport.ToJson(result.Report);
                using var stream = new FileStream(Path.Combine(reportStaging, "run_report.json"), FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            });
            succeeded = true;
            return result!;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var failure = tx.Failure(ex);
            throw S7Errors.Fail(S7Errors.IoAtomics, failure.Error.Message, cacheTarget);
        }
        catch (AllotException ex) when (ex.Code == PublishCodes.Io)
        {
            throw S7Errors.Fail(S7Errors.IoAtomics, ex.Error.Message, ex.Error.File);
        }
        finally
        {
            tx.Dispose();
            if (!succeeded)
            {
                RemoveIfEmpty(createdFolders);
            }
        }
    }

    /// <summary>Ancestors of <paramref name="targets"/> that do not exist yet, deepest first.</summary>
    private static List<string> MissingAncestors(IEnumerable<string> targets)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            for (var dir = Path.GetDirectoryName(Path.GetFullPath(target)); dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
            {
                missing.Add(dir);
            }
        }

        return [.. missing.OrderByDescending(d => d.Length)];
    }

    /// <summary>A failed run removes the empty folders it created, so it leaves the data root as it found it.</summary>
    private static void RemoveIfEmpty(List<string> folders)
    {
        foreach (var folder in folders)
        {
            try
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    private static void WriteAll(S7Inputs inputs, MasterMaterial master, string runId, int merchantsPerShard, IS7ShardExecutor executor, string cacheStaging, Dictionary<string, string> staging, RunStatistics stats, S7ProcessMeter meter)
    {
        var ctx = new S7EventContext(inputs.Lineage, runId);
        var shards = S7Shards.Plan(inputs.Countries.MerchantCount, merchantsPerShard);
        var folders = new S7Staging(cacheStaging, staging["rng_event_dirichlet_gamma_vector"], staging["rng_event_residual_rank"], staging["rng_trace_log"]);
        var results = executor.Run(inputs, runId, shards, folders);
        var sw = Stopwatch.StartNew();
        S7Shards.AssembleLogs(folders, results);
        meter.Add("assemble_logs", sw.Elapsed);
        foreach (var r in results)
        {
            // Summed over shards (over silos, in a cluster run): phases can exceed the wall time.
            meter.Add("compute", TimeSpan.FromMilliseconds(r.ComputeMs));
            meter.Add("write_cache", TimeSpan.FromMilliseconds(r.WriteCacheMs));
            meter.Add("write_logs", TimeSpan.FromMilliseconds(r.WriteLogsMs));
            stats.DomesticOnly += r.DomesticOnly;
            stats.GammaEvents += (long)r.Gamma.Events;
            stats.ResidualEvents += (long)r.Residual.Events;
            stats.Draws += r.Gamma.Draws;
            stats.Blocks += r.Gamma.Blocks;
        }

        WriteAudit(Path.Combine(staging["rng_audit_log"], "rng_audit_log.jsonl"), ctx, master);
    }

    private static void WriteAudit(string path, S7EventContext ctx, MasterMaterial master)
    {
        var b = new JsonLineBuilder();
        b.BeginObject();
        b.RawValue("ts_utc"u8, S7EventContext.Timestamp(DateTime.UtcNow));
        b.String("run_id"u8, ctx.RunId);
        b.RawValue("seed"u8, ctx.SeedJson);
        b.String("parameter_hash"u8, ctx.Lineage.ParameterHash);
        b.String("manifest_fingerprint"u8, ctx.Lineage.ManifestFingerprint);
        b.String("algorithm"u8, S7Names.Algorithm);
        b.Number("rng_key"u8, master.RootKey);
        b.Number("rng_counter_hi"u8, master.RootCounter.Hi);
        b.Number("rng_counter_lo"u8, master.RootCounter.Lo);
        b.String("build_version"u8, typeof(S7Runner).Assembly.GetName().Version?.ToString() ?? "0.0.0");
        b.String("platform"u8, $"{RuntimeInformation.OSDescription.Split(' ')[0]}-{RuntimeInformation.ProcessArchitecture}-dotnet{Environment.Version}".Replace(' ', '_'));
        b.EndObject();
        File.WriteAllBytes(path, b.Written.ToArray());
    }

    internal static SortedDictionary<string, long> RungCounts(AlphaRung[] rungs)
    {
        var counts = new long[5];
        foreach (var r in rungs)
        {
            counts[(int)r]++;
        }

        return new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["home_mcc_channel"] = counts[(int)AlphaRung.HomeMccChannel],
            ["home_channel"] = counts[(int)AlphaRung.HomeChannel],
            ["home"] = counts[(int)AlphaRung.Home],
            ["symmetric"] = counts[(int)AlphaRung.Symmetric],
        };
    }

    private sealed class RunStatistics
    {
        public long DomesticOnly { get; set; }

        public long GammaEvents { get; set; }

        public long ResidualEvents { get; set; }

        public ulong Draws { get; set; }

        public ulong Blocks { get; set; }
    }
}
