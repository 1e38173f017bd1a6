using System.Text.Json;
using Allot.Core.Random;
using Allot.Data.Diagnostics;
using Allot.Data.Publishing;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Validation;

/// <summary>
/// <c>validate-s7</c>: replays every merchant from the RNG and the inputs and requires the cache, the events and
/// the trace to match bit for bit. Checks, in order per merchant: cache ranges, sums, bounds and rank
/// contiguity, then the replayed values; event envelopes (lineage, counters, <c>after − before = blocks</c>),
/// draw and block accounting, then payloads; cumulative trace totals. Files are streamed.
/// </summary>
public static class S7Validator
{
    /// <summary>Validates; throws the first violation as an <see cref="Core.Errors.AllotException"/>.</summary>
    /// <param name="options">What to validate.</param>
    /// <param name="progress">Receives merchants replayed so far (phase <c>replay</c>), or null.</param>
    public static S7ValidationReport Validate(S7ValidationOptions options, IProgress<PhaseProgress>? progress = null) =>
        Validate(options, progress, new FastPathSettings());

    /// <summary>
    /// <see cref="Validate(S7ValidationOptions, IProgress{PhaseProgress}?)"/> with the fast path's settings (tests:
    /// off, to compare verdicts with the full parse alone; small batches). <see cref="FastPathSettings.Proven"/>
    /// counts the merchants whose logs the fast path proved, also when the validation then fails.
    /// </summary>
    internal static S7ValidationReport Validate(S7ValidationOptions options, IProgress<PhaseProgress>? progress, FastPathSettings fastPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inputs = S7InputLoader.Load(options.Inputs);
        var lineage = inputs.Lineage;
        var master = MasterMaterial.Derive(lineage.Seed, lineage.ManifestFingerprint);
        var root = options.Inputs.DataRoot;
        var dictionary = inputs.Dictionary;
        ThrowIfHalfPublished(root, inputs);
        var runId = ResolveRunId(root, inputs, options.RunId);
        var tokens = lineage.Tokens(runId);
        var cacheFolder = dictionary.Resolve(root, "ranking_residual_cache_1A", tokens, S7Errors.SchemaInvalid);
        if (!Directory.Exists(cacheFolder))
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, "the ranking_residual_cache_1A partition does not exist; run S7 first.", cacheFolder);
        }

        // The exact file list of every folder of the set: a stray entry fails even under a recomputed receipt.
        // The cache is one part per shard (part-00000.parquet … in order, docs/cluster.md): nothing else.
        var cacheParts = Directory.EnumerateFiles(cacheFolder, "part-*.parquet").Count();
        var expectedParts = Enumerable.Range(0, Math.Max(1, cacheParts)).Select(S7Shards.CachePartName).ToHashSet(StringComparer.Ordinal);
        RequireExactly(cacheFolder, expectedParts, S7Names.CachePart + " … " + S7Shards.CachePartName(Math.Max(0, cacheParts - 1)));
        // The event and trace logs are plain (.jsonl) or zstd-compressed (.jsonl.zst, --log-compression zstd).
        string Name(string id, string jsonlName) => S7LogCompressionFormat.Existing(dictionary.Resolve(root, id, tokens, S7Errors.SchemaInvalid), jsonlName);
        var gammaName = Name("rng_event_dirichlet_gamma_vector", S7Names.EventPart);
        var residualName = Name("rng_event_residual_rank", S7Names.EventPart);
        var traceName = Name("rng_trace_log", S7Shards.TraceFileName);
        RequireExactly(dictionary.Resolve(root, "rng_event_dirichlet_gamma_vector", tokens, S7Errors.SchemaInvalid), gammaName);
        RequireExactly(dictionary.Resolve(root, "rng_event_residual_rank", tokens, S7Errors.SchemaInvalid), residualName);
        RequireExactly(dictionary.Resolve(root, "rng_trace_log", tokens, S7Errors.SchemaInvalid), traceName);
        RequireExactly(dictionary.Resolve(root, "rng_audit_log", tokens, S7Errors.SchemaInvalid), "rng_audit_log.jsonl");
        RequireExactly(dictionary.Resolve(root, "s7_run_report", tokens, S7Errors.SchemaInvalid), ReportFile);

        var cacheFiles = Segment1AParquetFiles.List(cacheFolder, "ranking_residual_cache_1A");
        string LogFile(string id, string name)
        {
            var path = Path.Combine(dictionary.Resolve(root, id, tokens, S7Errors.SchemaInvalid), name);
            return File.Exists(path) ? path : throw S7Errors.Fail(S7Errors.UpstreamMissing, $"{id} log is missing for run {runId}.", path);
        }

        var maxM = 1;
        for (var k = 0; k < inputs.Countries.MerchantCount; k++)
        {
            maxM = Math.Max(maxM, inputs.Countries.CountryCount(k));
        }

        var replay = new MerchantReplay(maxM);
        var state = new ValidationState(inputs, runId, maxM);
        var gammaFile = LogFile("rng_event_dirichlet_gamma_vector", gammaName);
        var residualFile = LogFile("rng_event_residual_rank", residualName);
        var traceFile = LogFile("rng_trace_log", traceName);
        var merchants = inputs.Countries.MerchantCount;
        using (var cache = new ResidualCacheCursor(cacheFiles, lineage.ManifestFingerprint))
        {
            // Fast path: batches whose lines are the canonical rendering of the replay (CanonicalLogCheck). Their
            // cache rows are checked here, in merchant order, exactly as below.
            var k = 0;
            var positions = new CanonicalLogCheck.LogPosition[3];
            bool? endsClean = null;
            if (fastPath.Enabled)
            {
                using (var fast = new CanonicalLogCheck(inputs, master, runId, gammaFile, residualFile, traceFile, options.Workers > 0 ? options.Workers : Environment.ProcessorCount, fastPath.MerchantsPerBatch))
                {
                    for (var b = 0; fast.Next(b) is { } batch; b++)
                    {
                        var chunk = batch.Replay;
                        for (var j = 0; j < batch.Count; j++, k++)
                        {
                            if ((k & 0xFFF) == 0)
                            {
                                progress?.Report(new PhaseProgress("replay", k, merchants, "merchants"));
                            }

                            replay.Load(inputs, chunk, k);
                            CacheChecks.Check(cache, replay, inputs, state);
                        }

                        state.Gamma = batch.GammaEnd;
                        state.Residual = new S7TraceTotals(0, 0, (ulong)inputs.Countries.Offsets[k]);
                        state.TraceRows = (long)state.Gamma.Events + (long)state.Residual.Events;
                        fast.Commit(batch);
                        fastPath.Proven = k;
                    }

                    fast.Positions.CopyTo(positions);
                    endsClean = k == merchants ? fast.EndsClean : null;
                }
            }

            // The full parse from the first merchant the fast path did not prove (none on a run's own logs).
            var cursors = new JsonlCursor?[3];
            JsonlCursor Cursor(int f, string file) => cursors[f] ??= new JsonlCursor(file, positions[f].Offset, positions[f].Line);
            try
            {
                for (; k < merchants; k++)
                {
                    if ((k & 0xFFF) == 0)
                    {
                        progress?.Report(new PhaseProgress("replay", k, merchants, "merchants"));
                    }

                    replay.Replay(inputs, master, k);
                    CacheChecks.Check(cache, replay, inputs, state);
                    if (replay.M > 1)
                    {
                        EventChecks.CheckGamma(Cursor(0, gammaFile), Cursor(2, traceFile), replay, inputs, master, state);
                    }

                    EventChecks.CheckResiduals(Cursor(1, residualFile), Cursor(2, traceFile), replay, inputs, state);
                }

                if (cache.Next() >= 0)
                {
                    throw S7Errors.Fail(S7Errors.ReplayMismatch, "the cache has rows after the last merchant of the inputs.", cache.File, cache.Row);
                }

                progress?.Report(new PhaseProgress("replay", merchants, merchants, "merchants"));
                if (endsClean != true)
                {
                    RequireEnd(Cursor(0, gammaFile), "dirichlet_gamma_vector");
                    RequireEnd(Cursor(1, residualFile), "residual_rank");
                    RequireEnd(Cursor(2, traceFile), "trace");
                }
            }
            finally
            {
                foreach (var cursor in cursors)
                {
                    cursor?.Dispose();
                }
            }
        }

        CheckAudit(LogFile("rng_audit_log", "rng_audit_log.jsonl"), lineage, runId, master);
        var cacheSha = DeterminismReceipt.ComputeSha256Hex(cacheFolder);
        S7ReportChecks.Check(
            Path.Combine(dictionary.Resolve(root, "s7_run_report", tokens, S7Errors.SchemaInvalid), ReportFile),
            inputs,
            runId,
            state.Gamma,
            state.Residual,
            cacheSha,
            DeterminismReceipt.OrderedFiles(cacheFolder));
        return new S7ValidationReport
        {
            RunId = runId,
            Merchants = inputs.Countries.MerchantCount,
            CacheRows = state.CacheRows,
            GammaEvents = (long)state.Gamma.Events,
            ResidualEvents = (long)state.Residual.Events,
            TraceRows = state.TraceRows,
            DrawsTotal = state.Gamma.Draws,
            BlocksTotal = state.Gamma.Blocks,
            CacheSha256 = cacheSha,
        };
    }

    /// <summary>File name of the run report inside its run-scoped folder.</summary>
    internal const string ReportFile = "run_report.json";

    /// <summary>
    /// The run to validate. Only complete runs count: a run is committed as one set whose last item is its report,
    /// so run folders without a report are leftovers of runs killed before the transaction existed (or foreign
    /// folders) and never make a plain <c>validate-s7</c> ambiguous.
    /// </summary>
    private static string ResolveRunId(string root, S7Inputs inputs, string? runId)
    {
        var probe = inputs.Dictionary.Resolve(root, "rng_event_residual_rank", inputs.Lineage.Tokens("probe"), S7Errors.SchemaInvalid).TrimEnd('/', '\\');
        var parent = Path.GetDirectoryName(probe)!;
        var all = Directory.Exists(parent)
            ? Directory.EnumerateDirectories(parent, "run_id=*").Select(d => Path.GetFileName(d)["run_id=".Length..]).Order(StringComparer.Ordinal).ToList()
            : [];
        bool Complete(string id) => File.Exists(Path.Combine(inputs.Dictionary.Resolve(root, "s7_run_report", inputs.Lineage.Tokens(id), S7Errors.SchemaInvalid), ReportFile));
        var runs = all.Where(Complete).ToList();
        var incomplete = all.Except(runs).ToList();
        var note = incomplete.Count == 0 ? string.Empty : $" (ignored: {incomplete.Count} incomplete run folder(s) without a run report, e.g. {incomplete[0]}; `allot gc` does not remove them, they predate the publication journal)";
        if (runId is not null)
        {
            PathToken.Require("run_id", runId, S7Errors.SchemaInvalid);
            if (incomplete.Contains(runId))
            {
                throw S7Errors.Fail(S7Errors.UpstreamMissing, $"run '{runId}' is incomplete: its logs exist but its run report does not (a run killed before its outputs were committed as one set).", parent);
            }

            return runs.Contains(runId) ? runId : throw S7Errors.Fail(S7Errors.UpstreamMissing, $"no S7 logs for run '{runId}'.", parent);
        }

        return runs.Count switch
        {
            0 => throw S7Errors.Fail(S7Errors.UpstreamMissing, $"no complete S7 run (run_id=… with logs and a run report) found; run S7 first{note}.", parent),
            1 => runs[0],
            _ => throw S7Errors.Fail(S7Errors.UpstreamMissing, $"several S7 runs ({string.Join(", ", runs)}): choose one with --run-id{note}.", parent),
        };
    }

    /// <summary>A journal in the data root naming a target of this lineage's S7 set ⇒ <see cref="PublishCodes.HalfPublished"/>.</summary>
    private static void ThrowIfHalfPublished(string root, S7Inputs inputs)
    {
        var tokens = inputs.Lineage.Tokens("probe");
        var cache = inputs.Dictionary.Resolve(root, "ranking_residual_cache_1A", tokens, S7Errors.SchemaInvalid);
        var runScoped = S7Runner.LogDatasets.Append("s7_run_report")
            .Select(id => Path.GetDirectoryName(inputs.Dictionary.Resolve(root, id, tokens, S7Errors.SchemaInvalid).TrimEnd('/', '\\'))!)
            .ToHashSet(StringComparer.Ordinal);
        var full = Path.GetFullPath(root);
        foreach (var path in PublishJournal.In(full))
        {
            var journal = PublishJournal.Read(path);
            var targets = journal?.Entries.Select(e => e.Target).Where(t => t == Path.GetFullPath(cache).TrimEnd('/', '\\') || runScoped.Contains(Path.GetDirectoryName(t)!)).ToList();
            if (targets is { Count: > 0 })
            {
                PublishJournal.ThrowIfHalfPublished(full, targets, $"allot gc --data-root {root}");
            }
        }
    }

    private static void RequireExactly(string folder, string file) => RequireExactly(folder, new HashSet<string>(StringComparer.Ordinal) { file }, file);

    private static void RequireExactly(string folder, HashSet<string> files, string description)
    {
        var stray = DeterminismReceipt.FirstUnexpectedEntry(folder, files.Contains);
        if (stray is not null)
        {
            throw PublishCodes.Fail(PublishCodes.UnexpectedEntry, $"'{stray}' is not an S7 output (this folder holds exactly {description}); published folders are never edited: remove the stray entry.", Path.Combine(folder, stray));
        }
    }

    private static void RequireEnd(JsonlCursor cursor, string family)
    {
        var extra = cursor.Next();
        if (extra is not null)
        {
            throw S7Errors.Fail(S7Errors.RngAccounting, $"the {family} log has more lines than the replay produces events.", cursor.File, cursor.Line);
        }
    }

    private static void CheckAudit(string file, S7Lineage lineage, string runId, MasterMaterial master)
    {
        using var cursor = new JsonlCursor(file);
        var line = cursor.Next() ?? throw S7Errors.Fail(S7Errors.RngEnvelope, "the audit log is empty.", file);
        var f = new EventFields(line, cursor, "rng_audit_log");
        if (f.String(EventField.RunId) != runId || f.UInt64(EventField.Seed) != lineage.Seed || f.String(EventField.ParameterHash) != lineage.ParameterHash
            || f.String(EventField.ManifestFingerprint) != lineage.ManifestFingerprint || f.String(EventField.Algorithm) != S7Names.Algorithm
            || f.UInt64(EventField.RngKey) != master.RootKey || f.UInt64(EventField.RngCounterHi) != master.RootCounter.Hi || f.UInt64(EventField.RngCounterLo) != master.RootCounter.Lo)
        {
            throw f.Fail(S7Errors.RngEnvelope, "the audit row does not match the run's lineage, algorithm or root RNG state.");
        }

        if (cursor.Next() is not null)
        {
            throw S7Errors.Fail(S7Errors.RngEnvelope, "the audit log must have exactly one row.", file, cursor.Line);
        }
    }

    /// <summary>How the fast path runs (<see cref="CanonicalLogCheck"/>).</summary>
    internal sealed class FastPathSettings(bool enabled = true, int merchantsPerBatch = CanonicalLogCheck.DefaultMerchantsPerBatch)
    {
        public bool Enabled { get; } = enabled;

        public int MerchantsPerBatch { get; } = merchantsPerBatch;

        /// <summary>Merchants whose logs the fast path proved (set as batches commit).</summary>
        public long Proven { get; set; }
    }

    /// <summary>Running totals across merchants.</summary>
    internal sealed class ValidationState(S7Inputs inputs, string runId, int maxM)
    {
        public S7Inputs Inputs { get; } = inputs;

        public string RunId { get; } = runId;

        public EnvelopeExpectation Expected { get; } = new(new Utf8Text(runId), inputs.Lineage.Seed, new Utf8Text(inputs.Lineage.ParameterHash), new Utf8Text(inputs.Lineage.ManifestFingerprint));

        public S7TraceTotals Gamma;

        public S7TraceTotals Residual;

        public long CacheRows { get; set; }

        public long TraceRows { get; set; }

        public int[] SeenRanks { get; } = new int[maxM + 1];

        public CacheChecks.CacheRow[] Rows { get; } = new CacheChecks.CacheRow[maxM];
    }

    internal static string Key(long merchantId) => $"merchant_id={merchantId}";

    internal static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    internal static string IsoName(ushort iso) => IsoCode.Name(iso);

    internal static JsonLine NextEvent(JsonlCursor cursor, string family, long merchantId) =>
        cursor.Next() ?? throw S7Errors.Fail(S7Errors.RngAccounting, $"the {family} log ends before the events of the merchant.", cursor.File, cursor.Line, Key(merchantId));
}
