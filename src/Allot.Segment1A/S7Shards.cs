using System.Buffers.Text;
using System.Diagnostics;
using Allot.Core.Random;
using Allot.Data.Diagnostics;
using Allot.Data.Publishing;
using Allot.Segment1A.Cache;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;

namespace Allot.Segment1A;

/// <summary>One shard of S7: a contiguous range of merchants (in the loader's merchant order).</summary>
/// <param name="Index">Position in the plan (0-based); names the shard's part files.</param>
/// <param name="FirstMerchant">First merchant index.</param>
/// <param name="MerchantCount">Merchants in the shard (0 only for the single shard of an empty run).</param>
internal sealed record S7Shard(int Index, int FirstMerchant, int MerchantCount);

/// <summary>The counters and timings of one computed S7 shard (what a shard worker returns to the coordinator).</summary>
/// <param name="Index">Shard index.</param>
/// <param name="Rows">Cache rows written.</param>
/// <param name="DomesticOnly">Merchants with a single country (no gamma event).</param>
/// <param name="Gamma">Totals of the gamma substream over the shard (its trace part counts from zero).</param>
/// <param name="Residual">Totals of the residual substream over the shard.</param>
/// <param name="ComputeMs">Time sampling and integerising.</param>
/// <param name="WriteCacheMs">Time writing the cache part.</param>
/// <param name="WriteLogsMs">Time formatting and writing the log parts.</param>
/// <param name="GammaStart">Gamma totals the shard's trace part counts from: zero, or the totals of every shard
/// before it when they were known at dispatch (then the part is appended as it is).</param>
/// <param name="ResidualStart">Residual totals the shard's trace part counts from (as <paramref name="GammaStart"/>).</param>
internal sealed record S7ShardResult(int Index, long Rows, long DomesticOnly, S7TraceTotals Gamma, S7TraceTotals Residual, double ComputeMs, double WriteCacheMs, double WriteLogsMs, S7TraceTotals GammaStart = default, S7TraceTotals ResidualStart = default);

/// <summary>Where a shard writes: the cache's staging folder and the staging folder of each log dataset.</summary>
/// <param name="Cache">The cache partition's staging folder.</param>
/// <param name="GammaEvents">Staging folder of <c>rng_event_dirichlet_gamma_vector</c>.</param>
/// <param name="ResidualEvents">Staging folder of <c>rng_event_residual_rank</c>.</param>
/// <param name="Trace">Staging folder of <c>rng_trace_log</c>.</param>
internal sealed record S7Staging(string Cache, string GammaEvents, string ResidualEvents, string Trace);

/// <summary>
/// Open log files a shard appends to directly, with the trace totals of the shards before it: the single-process
/// run writes shards in order into the final log files, so it needs no assembly pass (copying gigabytes of logs).
/// </summary>
/// <param name="Gamma">The gamma events file.</param>
/// <param name="Residual">The residual events file.</param>
/// <param name="Trace">The trace file.</param>
internal sealed class S7LogAppend(Stream Gamma, Stream Residual, Stream Trace)
{
    public Stream Gamma { get; } = Gamma;

    public Stream Residual { get; } = Residual;

    public Stream Trace { get; } = Trace;

    /// <summary>Gamma totals after the shards appended so far.</summary>
    public S7TraceTotals GammaTotals { get; set; }

    /// <summary>Residual totals after the shards appended so far.</summary>
    public S7TraceTotals ResidualTotals { get; set; }

    /// <summary>
    /// One formatter for every shard of the run: its segment buffers grow to a chunk's bytes once and are reused,
    /// where a formatter per shard would allocate (and the kernel zero) those large buffers again for each shard.
    /// </summary>
    public S7ChunkFormatter? Formatter { get; init; }

    /// <summary>Two chunks (alternating) for every shard of the run, for the same reason (their row arrays only ever grow).</summary>
    public S7Chunk[]? Chunks { get; init; }

    /// <summary>Called with the number of merchants after each chunk is written (live progress).</summary>
    public Action<int>? Progress { get; init; }
}

/// <summary>
/// What a process that writes shards into their own log parts (a cluster silo) keeps from one shard to the next:
/// the chunk formatter and the two chunks (their buffers grow once, instead of being allocated and zeroed again for
/// every shard), and the trace totals the next shard's part counts from. One per concurrently running shard; not
/// thread-safe. Dispose it (do not reuse it) after a shard failed.
/// </summary>
/// <param name="workers">Threads of the formatter.</param>
internal sealed class S7PartBuffers(int workers) : IDisposable
{
    public S7ChunkFormatter Formatter { get; } = new(workers);

    /// <summary>Created by the first shard (sized from it), then reused.</summary>
    public S7Chunk[]? Chunks { get; set; }

    /// <summary>Gamma totals the next shard's trace part counts from (zero when unknown: the assembly then adds them).</summary>
    public S7TraceTotals GammaStart { get; set; }

    /// <summary>Residual totals the next shard's trace part counts from.</summary>
    public S7TraceTotals ResidualStart { get; set; }

    public void Dispose() => Formatter.Dispose();
}

/// <summary>Runs the shards of an S7 plan into the staging folders and returns their results in shard order.</summary>
internal interface IS7ShardExecutor
{
    /// <summary>Computes and writes every shard; results in shard order.</summary>
    IReadOnlyList<S7ShardResult> Run(S7Inputs inputs, string runId, IReadOnlyList<S7Shard> shards, S7Staging staging);
}

/// <summary>
/// S7's shards as a function of the data: every <see cref="DefaultMerchantsPerShard"/> merchants (a multiple of the
/// chunk size, so the cache's row groups hold the same merchants as before sharding). A shard writes
/// <list type="bullet">
/// <item>the cache part <c>part-{index:D5}.parquet</c> (the cache is published as these parts, byte-identical
/// whoever ran them);</item>
/// <item>in a cluster, hidden per-shard JSONL parts of the three event/trace logs under <c>.shards/</c> in each log's
/// staging folder, which <see cref="AssembleLogs"/> concatenates in shard order into the single files the contract
/// names; a shard's trace part counts its totals from zero and the assembly adds the totals of the shards before
/// it, so the trace reads as one serial pass. In one process, shards run in order and append to the final files
/// directly, starting from the earlier shards' totals: the same bytes without the copy.</item>
/// </list>
/// Logs are run-scoped: two runs with the same start time give the same log bytes except <c>ts_utc</c> (the wall
/// clock when each chunk was formatted).
/// </summary>
internal static class S7Shards
{
    /// <summary>Nominal merchants per shard (a data-only constant; tests pass smaller values to get many shards).</summary>
    public const int DefaultMerchantsPerShard = 4 * S7Chunk.MerchantsPerChunk;

    /// <summary>Hidden folder, inside each log's staging folder, holding the per-shard log parts.</summary>
    public const string ShardLogFolder = ".shards";

    /// <summary>Cache part file name of shard <paramref name="index"/>.</summary>
    public static string CachePartName(int index) => $"part-{index:D5}.parquet";

    /// <summary>Log part file name of shard <paramref name="index"/> (inside <see cref="ShardLogFolder"/>).</summary>
    public static string LogPartName(int index) => $"part-{index:D5}.jsonl";

    /// <summary>
    /// Trace part file name of shard <paramref name="index"/> whose rows count from the given totals: the start is in
    /// the name (when not zero) so two attempts of a shard dispatched with different starts never replace each
    /// other's part, and the assembly reads the part its reply describes.
    /// </summary>
    public static string TracePartName(int index, S7TraceTotals gamma, S7TraceTotals residual) =>
        gamma == default && residual == default
            ? LogPartName(index)
            : FormattableString.Invariant($"part-{index:D5}.from-{gamma.Draws}-{gamma.Blocks}-{gamma.Events}-{residual.Draws}-{residual.Blocks}-{residual.Events}.jsonl");

    /// <summary>Cuts the merchants into shards; an empty run has one empty shard.</summary>
    public static IReadOnlyList<S7Shard> Plan(int merchantCount, int merchantsPerShard = DefaultMerchantsPerShard)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(merchantsPerShard, 1);
        var shards = new List<S7Shard>();
        for (var first = 0; first < merchantCount; first += merchantsPerShard)
        {
            shards.Add(new S7Shard(shards.Count, first, Math.Min(merchantsPerShard, merchantCount - first)));
        }

        if (shards.Count == 0)
        {
            shards.Add(new S7Shard(0, 0, 0));
        }

        return shards;
    }

    /// <summary>
    /// Computes one shard and writes its parts. Idempotent: each file is written under a hidden name and renamed
    /// over its final name, so a retried shard replaces its own parts with the same bytes (up to <c>ts_utc</c> in
    /// the logs) and a crashed attempt leaves only hidden files, removed before the partition is hashed.
    /// </summary>
    /// <param name="inputs">The run's inputs.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="staging">The staging folders.</param>
    /// <param name="workers">Threads.</param>
    /// <param name="append">Log files to append to in shard order (single process), or null to write this shard's
    /// own log parts for <see cref="AssembleLogs"/> (cluster).</param>
    /// <param name="reuse">When writing own log parts: the formatter and chunks kept from earlier shards, and the
    /// trace totals to start from; null for fresh buffers and totals from zero.</param>
    public static S7ShardResult RunShard(S7Inputs inputs, string runId, S7Shard shard, S7Staging staging, int workers, S7LogAppend? append = null, S7PartBuffers? reuse = null)
    {
        var master = MasterMaterial.Derive(inputs.Lineage.Seed, inputs.Lineage.ManifestFingerprint);
        var ctx = new S7EventContext(inputs.Lineage, runId);
        var countries = inputs.Countries;
        var suffix = $".{Guid.NewGuid():N}.tmp";
        var cacheFinal = Path.Combine(staging.Cache, CachePartName(shard.Index));
        // The cache writer writes part-00000.parquet in a folder: a hidden scratch folder per attempt, renamed after.
        var cacheScratch = Path.Combine(staging.Cache, $".shard-{shard.Index:D5}{suffix}");
        var cacheTemp = Path.Combine(cacheScratch, S7Names.CachePart);
        string[] logFolders = [staging.GammaEvents, staging.ResidualEvents, staging.Trace];
        reuse = append is null ? reuse : null;
        var logFinals = logFolders.Select(f => Path.Combine(f, ShardLogFolder, LogPartName(shard.Index))).ToArray();
        logFinals[2] = Path.Combine(staging.Trace, ShardLogFolder, TracePartName(shard.Index, reuse?.GammaStart ?? default, reuse?.ResidualStart ?? default));
        var logTemps = logFinals.Select(f => Path.Combine(Path.GetDirectoryName(f)!, "." + Path.GetFileName(f) + suffix)).ToArray();
        double computeMs = 0, cacheMs = 0, logsMs = 0;
        try
        {
            Folders.Create(cacheScratch);
            if (append is null)
            {
                foreach (var f in logFinals)
                {
                    Folders.Create(Path.GetDirectoryName(f)!);
                }
            }

            var gammaStart = append?.GammaTotals ?? reuse?.GammaStart ?? default;
            var residualStart = append?.ResidualTotals ?? reuse?.ResidualStart ?? default;
            S7TraceTotals gamma, residual;
            long domesticOnly, rows;
            using (var cache = new ResidualCacheWriter(cacheTemp, inputs.Lineage.ManifestFingerprint))
            using (var ownGamma = append is null ? CreatePart(logTemps[0]) : null)
            using (var ownResidual = append is null ? CreatePart(logTemps[1]) : null)
            using (var ownTrace = append is null ? CreatePart(logTemps[2]) : null)
            {
                var gammaOut = append?.Gamma ?? ownGamma!;
                var residualOut = append?.Residual ?? ownResidual!;
                var traceOut = append?.Trace ?? ownTrace!;
                var chunkRows = shard.MerchantCount == 0 ? 1 : countries.Offsets[shard.FirstMerchant + shard.MerchantCount] - countries.Offsets[shard.FirstMerchant];
                var chunks = append?.Chunks ?? reuse?.Chunks ?? [new S7Chunk(Math.Max(1, Math.Min(chunkRows, S7Chunk.MerchantsPerChunk * 4))), new S7Chunk(Math.Max(1, Math.Min(chunkRows, S7Chunk.MerchantsPerChunk * 4)))];
                if (reuse is not null)
                {
                    reuse.Chunks = chunks;
                    reuse.Formatter.StartAt(gammaStart, residualStart);
                }

                using var ownFormatter = (append?.Formatter ?? reuse?.Formatter) is null ? new S7ChunkFormatter(workers, gammaStart, residualStart) : null;
                var formatter = append?.Formatter ?? reuse?.Formatter ?? ownFormatter!;
                var domesticStart = formatter.DomesticOnly;
                var end = shard.FirstMerchant + shard.MerchantCount;

                // Chunks alternate between two buffers: the cache writer turns chunk i into a row group on its own
                // thread while chunk i's logs are formatted and written and chunk i + 1 is computed; chunk i's
                // buffer is reused for chunk i + 2 only after its row group is written.
                var cacheWrite = Task.CompletedTask;
                try
                {
                    for (var (first, i) = (shard.FirstMerchant, 0); first < end; first += S7Chunk.MerchantsPerChunk, i++)
                    {
                        var count = Math.Min(S7Chunk.MerchantsPerChunk, end - first);
                        var chunk = chunks[i & 1];
                        var sw = Stopwatch.StartNew();
                        chunk.Compute(inputs, master, first, count, workers);
                        computeMs += sw.Elapsed.TotalMilliseconds;
                        cacheWrite.GetAwaiter().GetResult();
                        cacheWrite = Task.Run(() =>
                        {
                            var cacheTime = Stopwatch.StartNew();
                            cache.Write(chunk, inputs);
                            cacheMs += cacheTime.Elapsed.TotalMilliseconds;
                        });
                        sw.Restart();
                        formatter.Format(chunk, inputs, ctx, S7EventContext.Timestamp(DateTime.UtcNow), gammaOut, residualOut, traceOut);
                        logsMs += sw.Elapsed.TotalMilliseconds;
                        append?.Progress?.Invoke(count);
                        Diagnostics.S7MemoryBudget.Tick();
                    }
                }
                catch
                {
                    // Never leave the cache writer running into a disposed writer; its own error is secondary.
                    cacheWrite.ContinueWith(t => t.Exception, TaskScheduler.Default).Wait();
                    throw;
                }

                cacheWrite.GetAwaiter().GetResult();
                var tail = Stopwatch.StartNew();
                formatter.Complete();
                logsMs += tail.Elapsed.TotalMilliseconds;
                gamma = Subtract(formatter.GammaTotals, gammaStart);
                residual = Subtract(formatter.ResidualTotals, residualStart);
                domesticOnly = formatter.DomesticOnly - domesticStart;
                rows = cache.Rows;
                if (append is not null)
                {
                    append.GammaTotals = formatter.GammaTotals;
                    append.ResidualTotals = formatter.ResidualTotals;
                }
            }

            File.Move(cacheTemp, cacheFinal, overwrite: true);
            if (append is null)
            {
                for (var i = 0; i < logFinals.Length; i++)
                {
                    File.Move(logTemps[i], logFinals[i], overwrite: true);
                }
            }

            return new S7ShardResult(shard.Index, rows, domesticOnly, gamma, residual, computeMs, cacheMs, logsMs, gammaStart, residualStart);
        }
        finally
        {
            foreach (var temp in logTemps)
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }

            if (Directory.Exists(cacheScratch))
            {
                Directory.Delete(cacheScratch, recursive: true);
            }
        }
    }

    /// <summary>
    /// After every shard is in: removes hidden leftovers from the cache staging folder and assembles each log's
    /// shard parts, in shard order, into the file the contract names (the trace with running totals), then removes
    /// the shard parts.
    /// </summary>
    public static void AssembleLogs(S7Staging staging, IReadOnlyList<S7ShardResult> results)
    {
        RemoveHiddenEntries(staging.Cache);
        if (!Directory.Exists(Path.Combine(staging.Trace, ShardLogFolder)))
        {
            // Already assembled: the shards appended to the final files themselves (single-process run), or a
            // cluster executor assembled them while later shards were still computing.
            return;
        }

        using var assembler = new S7LogAssembler(staging);
        foreach (var r in results)
        {
            assembler.Append(r);
        }

        assembler.Complete();
    }

    /// <summary>The trace log's file name.</summary>
    public const string TraceFileName = "rng_trace_log.jsonl";

    /// <summary>Deletes every entry whose name starts with "." (scratch of attempts that died).</summary>
    public static void RemoveHiddenEntries(string folder)
    {
        foreach (var dir in Directory.EnumerateDirectories(folder, ".*"))
        {
            Directory.Delete(dir, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(folder, ".*"))
        {
            File.Delete(file);
        }
    }

    internal static S7TraceTotals Add(S7TraceTotals a, S7TraceTotals b) => new(a.Draws + b.Draws, a.Blocks + b.Blocks, a.Events + b.Events);

    private static S7TraceTotals Subtract(S7TraceTotals a, S7TraceTotals b) => new(a.Draws - b.Draws, a.Blocks - b.Blocks, a.Events - b.Events);

    /// <summary>
    /// Copies a shard's trace part adding the earlier shards' totals to the last three fields of each row
    /// (<c>draws_total</c>, <c>blocks_total</c>, <c>events_total</c>, always last, written by
    /// <see cref="S7EventFormatter.Trace"/>); the substream is told by its label.
    /// </summary>
    internal static void OffsetTrace(string part, Stream output, S7TraceTotals gamma, S7TraceTotals residual)
    {
        var gammaLabel = "\"substream_label\":\"dirichlet_gamma_vector\""u8.ToArray();
        var drawsKey = ",\"draws_total\":"u8.ToArray();
        using var input = Open(part);
        var reader = new LineReader(input);
        var buffer = new byte[64];
        while (reader.Next() is { } line)
        {
            var span = line.Span;
            var at = span.LastIndexOf(drawsKey);
            if (at < 0)
            {
                throw new InvalidDataException($"trace part {part} has a row without draws_total.");
            }

            var offset = span.IndexOf(gammaLabel) >= 0 ? gamma : residual;
            output.Write(span[..at]);
            var rest = span[(at + drawsKey.Length)..];
            var draws = ReadNumber(ref rest, ",\"blocks_total\":"u8);
            var blocks = ReadNumber(ref rest, ",\"events_total\":"u8);
            var events = ReadNumber(ref rest, "}"u8);
            output.Write(drawsKey);
            Write(output, buffer, draws + offset.Draws);
            output.Write(",\"blocks_total\":"u8);
            Write(output, buffer, blocks + offset.Blocks);
            output.Write(",\"events_total\":"u8);
            Write(output, buffer, events + offset.Events);
            output.Write(rest);
        }
    }

    private static ulong ReadNumber(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> terminator)
    {
        var end = rest.IndexOf(terminator);
        if (end < 0 || !Utf8Parser.TryParse(rest[..end], out ulong value, out var consumed) || consumed != end)
        {
            throw new InvalidDataException("a trace row's totals are not in the expected form.");
        }

        rest = rest[(end + (terminator.Length == 1 ? 0 : terminator.Length))..];
        return value;
    }

    private static void Write(Stream output, byte[] buffer, ulong value)
    {
        Utf8Formatter.TryFormat(value, buffer, out var written);
        output.Write(buffer, 0, written);
    }

    internal static FileStream Create(string path) => new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);

    // Unbuffered, as the local run's log files: the formatter hands over ~1 MB units already in the CPU cache.
    private static FileStream CreatePart(string path) => new(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);

    internal static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);

    /// <summary>Reads lines including their '\n' (the trace is ASCII JSON, one row per line).</summary>
    private sealed class LineReader(Stream input)
    {
        private byte[] _buffer = new byte[1 << 20];
        private int _start;
        private int _end;

        public ReadOnlyMemory<byte>? Next()
        {
            while (true)
            {
                var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var line = new ReadOnlyMemory<byte>(_buffer, _start, newline + 1);
                    _start += newline + 1;
                    return line;
                }

                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                if (_end == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var read = input.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0)
                {
                    if (_end == _start)
                    {
                        return null;
                    }

                    var last = new ReadOnlyMemory<byte>(_buffer, _start, _end - _start);
                    _start = _end;
                    return last;
                }

                _end += read;
            }
        }
    }
}

/// <summary>
/// Appends shards' log parts, strictly in shard order, to the single log files the contract names: events are
/// concatenated, trace rows get the earlier shards' totals added. Used after all shards are in, or by a cluster
/// coordinator as each next shard arrives, so assembly overlaps the computing of later shards.
/// </summary>
internal sealed class S7LogAssembler : IDisposable
{
    private readonly S7Staging _staging;
    private readonly FileStream _gamma;
    private readonly FileStream _residual;
    private readonly FileStream _trace;
    private S7TraceTotals _gammaTotals;
    private S7TraceTotals _residualTotals;

    public S7LogAssembler(S7Staging staging)
    {
        _staging = staging;
        _gamma = S7Shards.Create(Path.Combine(staging.GammaEvents, S7Names.EventPart));
        _residual = S7Shards.Create(Path.Combine(staging.ResidualEvents, S7Names.EventPart));
        _trace = S7Shards.Create(Path.Combine(staging.Trace, S7Shards.TraceFileName));
    }

    /// <summary>Shards appended so far (the next one to append is this index).</summary>
    public int Appended { get; private set; }

    /// <summary>Appends shard <see cref="Appended"/>'s parts.</summary>
    public void Append(S7ShardResult result)
    {
        if (result.Index != Appended)
        {
            throw new InvalidOperationException($"shard {result.Index} appended out of order (expected {Appended}).");
        }

        Copy(_staging.GammaEvents, _gamma, result.Index);
        Copy(_staging.ResidualEvents, _residual, result.Index);
        var trace = Path.Combine(_staging.Trace, S7Shards.ShardLogFolder, S7Shards.TracePartName(result.Index, result.GammaStart, result.ResidualStart));
        if (result.GammaStart == _gammaTotals && result.ResidualStart == _residualTotals)
        {
            // The part already counts from the earlier shards' totals (they were known when it was dispatched).
            FileAppend.Append(trace, _trace);
        }
        else if (result.GammaStart == default && result.ResidualStart == default)
        {
            S7Shards.OffsetTrace(trace, _trace, _gammaTotals, _residualTotals);
        }
        else
        {
            throw new InvalidOperationException($"shard {result.Index}'s trace part counts from totals other than its predecessors'.");
        }

        // The parts are in the final files now: removed at once, their pages mostly never reach the disk.
        File.Delete(Part(_staging.GammaEvents, result.Index));
        File.Delete(Part(_staging.ResidualEvents, result.Index));
        File.Delete(trace);

        _gammaTotals = S7Shards.Add(_gammaTotals, result.Gamma);
        _residualTotals = S7Shards.Add(_residualTotals, result.Residual);
        Appended++;
    }

    /// <summary>
    /// Appends shard <see cref="Appended"/>'s logs from ranges of a silo's run log files (named
    /// <paramref name="runLog"/> in each log's <see cref="S7Shards.ShardLogFolder"/>): offset and length in the
    /// gamma, residual and trace files. The silo appended the shard after the ones before it, so its trace already
    /// counts from their totals: every range is copied as it is.
    /// </summary>
    public void AppendRanges(S7ShardResult result, string runLog, long[] ranges)
    {
        if (result.Index != Appended)
        {
            throw new InvalidOperationException($"shard {result.Index} appended out of order (expected {Appended}).");
        }

        if (result.GammaStart != _gammaTotals || result.ResidualStart != _residualTotals)
        {
            throw new InvalidOperationException($"shard {result.Index}'s trace counts from totals other than its predecessors'.");
        }

        FileAppend.AppendRange(Path.Combine(_staging.GammaEvents, S7Shards.ShardLogFolder, runLog), ranges[0], ranges[1], _gamma);
        FileAppend.AppendRange(Path.Combine(_staging.ResidualEvents, S7Shards.ShardLogFolder, runLog), ranges[2], ranges[3], _residual);
        FileAppend.AppendRange(Path.Combine(_staging.Trace, S7Shards.ShardLogFolder, runLog), ranges[4], ranges[5], _trace);
        _gammaTotals = S7Shards.Add(_gammaTotals, result.Gamma);
        _residualTotals = S7Shards.Add(_residualTotals, result.Residual);
        Appended++;
    }

    /// <summary>Closes the files and removes the shard parts.</summary>
    public void Complete()
    {
        Dispose();
        foreach (var folder in new[] { _staging.GammaEvents, _staging.ResidualEvents, _staging.Trace })
        {
            Directory.Delete(Path.Combine(folder, S7Shards.ShardLogFolder), recursive: true);
        }
    }

    public void Dispose()
    {
        _gamma.Dispose();
        _residual.Dispose();
        _trace.Dispose();
    }

    // Events are concatenated as they are: the kernel copies them where it can (no pass through this process).
    private static void Copy(string folder, FileStream output, int index) => FileAppend.Append(Part(folder, index), output);

    private static string Part(string folder, int index) => Path.Combine(folder, S7Shards.ShardLogFolder, S7Shards.LogPartName(index));
}

/// <summary>
/// Runs the shards one after another in this process, each with every worker (as before sharding), appending the
/// logs straight into the final files in shard order (the bytes a cluster run assembles from parts).
/// </summary>
internal sealed class LocalS7ShardExecutor(int workers, S7LogCompression compression = S7LogCompression.None, IProgress<PhaseProgress>? progress = null) : IS7ShardExecutor
{
    /// <summary>The phase name of the live progress (merchants sampled, integerised and written).</summary>
    public const string ProgressPhase = "sample+write";

    /// <inheritdoc />
    public IReadOnlyList<S7ShardResult> Run(S7Inputs inputs, string runId, IReadOnlyList<S7Shard> shards, S7Staging staging)
    {
        using var gamma = Create(Path.Combine(staging.GammaEvents, S7LogCompressionFormat.FileName(S7Names.EventPart, compression)));
        using var residual = Create(Path.Combine(staging.ResidualEvents, S7LogCompressionFormat.FileName(S7Names.EventPart, compression)));
        using var trace = Create(Path.Combine(staging.Trace, S7LogCompressionFormat.FileName(S7Shards.TraceFileName, compression)));
        using var formatter = new S7ChunkFormatter(workers, compression: compression);
        var rows = inputs.Countries.RowCount;
        var merchants = inputs.Countries.MerchantCount;
        var done = 0L;
        progress?.Report(new PhaseProgress(ProgressPhase, 0, merchants, "merchants"));
        var append = new S7LogAppend(gamma, residual, trace)
        {
            Formatter = formatter,
            Chunks = [new S7Chunk(Math.Max(1, Math.Min(rows, S7Chunk.MerchantsPerChunk * 4))), new S7Chunk(Math.Max(1, Math.Min(rows, S7Chunk.MerchantsPerChunk * 4)))],
            Progress = progress is null ? null : n => progress.Report(new PhaseProgress(ProgressPhase, done += n, merchants, "merchants")),
        };
        return [.. shards.Select(s => S7Shards.RunShard(inputs, runId, s, staging, workers, append))];
    }

    // Unbuffered: the formatter hands over ~1 MB units already in the CPU cache; a FileStream buffer would copy them once more.
    private static FileStream Create(string path) => new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
}
