using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Events;

/// <summary>
/// Formats a chunk's events and trace rows and writes them, at the speed the disk takes them. The chunk is cut into
/// small units of <see cref="MerchantsPerUnit"/> merchants (about 1.4 MB of JSON for the three logs); every worker
/// takes the next unit, formats it into one of a few pooled buffers (UTF-8, no per-line strings), optionally
/// compresses it into a zstd frame, and the unit's bytes are written as soon as every earlier unit is written, by
/// whichever worker finishes the gap. So formatting overlaps with writing, the bytes are still in the CPU cache when
/// they are copied into the page cache (a 64 MB write(2) from cold memory costs the kernel three times the sys time
/// of 1 MB writes), and memory stays bounded whatever the scale. Each unit's starting trace totals come from a prefix
/// sum over the chunk's draws, so the bytes are those of a serial pass whatever the worker count.
/// </summary>
internal sealed class S7ChunkFormatter : IDisposable
{
    /// <summary>Merchants per formatting unit (a function of nothing but this constant: never of the worker count).</summary>
    public const int MerchantsPerUnit = 256;

    private readonly int _workers;
    private readonly S7LogCompression _compression;
    private readonly Stack<UnitBuffer> _free = new();
    private readonly Dictionary<int, UnitBuffer> _ready = [];
    private readonly object _gate = new();
    private S7TraceTotals[] _gammaStarts = [];
    private S7TraceTotals[] _residualStarts = [];
    private int _pooled;
    private int _nextToWrite;
    private bool _writing;
    private Exception? _failure;

    /// <summary>Creates a formatter whose trace totals start at <paramref name="gammaStart"/> and <paramref name="residualStart"/>
    /// (zero for a whole run or a shard written to its own part; the earlier shards' totals when shards append in order).</summary>
    public S7ChunkFormatter(int workers, S7TraceTotals gammaStart = default, S7TraceTotals residualStart = default, S7LogCompression compression = S7LogCompression.None)
    {
        _workers = Math.Max(1, workers);
        _compression = compression;
        GammaTotals = gammaStart;
        ResidualTotals = residualStart;
    }

    /// <summary>
    /// Sets the trace totals the next chunk counts from: a formatter kept across shards that each write their own
    /// log parts (a cluster silo) starts every shard from that shard's predecessors' totals.
    /// </summary>
    public void StartAt(S7TraceTotals gamma, S7TraceTotals residual)
    {
        GammaTotals = gamma;
        ResidualTotals = residual;
    }

    /// <summary>Cumulative totals of the gamma substream after the last formatted event.</summary>
    public S7TraceTotals GammaTotals { get; private set; }

    /// <summary>Cumulative totals of the residual substream after the last formatted event.</summary>
    public S7TraceTotals ResidualTotals { get; private set; }

    /// <summary>Domestic-only merchants seen so far.</summary>
    public long DomesticOnly { get; private set; }

    /// <summary>Bytes handed to the three streams so far (compressed bytes when compressing).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Formats and writes the chunk's events and trace rows (in merchant order) to the three streams; returns when they are written.</summary>
    public void Format(S7Chunk chunk, S7Inputs inputs, S7EventContext ctx, byte[] ts, Stream gammaOut, Stream residualOut, Stream traceOut)
    {
        var countries = inputs.Countries;
        var units = (chunk.MerchantCount + MerchantsPerUnit - 1) / MerchantsPerUnit;
        if (_gammaStarts.Length < units)
        {
            _gammaStarts = new S7TraceTotals[units];
            _residualStarts = new S7TraceTotals[units];
        }

        var gamma = GammaTotals;
        var residual = ResidualTotals;
        for (var j = 0; j < chunk.MerchantCount; j++)
        {
            if (j % MerchantsPerUnit == 0)
            {
                _gammaStarts[j / MerchantsPerUnit] = gamma;
                _residualStarts[j / MerchantsPerUnit] = residual;
            }

            var m = countries.CountryCount(chunk.FirstMerchant + j);
            if (m > 1)
            {
                var d = chunk.Draws[j];
                gamma = new S7TraceTotals(gamma.Draws + d.Draws, gamma.Blocks + d.Blocks, gamma.Events + 1);
            }
            else
            {
                DomesticOnly++;
            }

            residual = residual with { Events = residual.Events + (ulong)m };
        }

        _nextToWrite = 0;
        _ready.Clear();
        var next = -1;
        var streams = new Streams(gammaOut, residualOut, traceOut);
        void Work()
        {
            try
            {
                while (true)
                {
                    // The buffer first, then the unit: a worker holding a unit always holds a buffer, so the earliest
                    // unit not yet written is always being formatted (taking the unit first could leave it waiting for
                    // a buffer while every buffer holds a later unit waiting for it).
                    var buffer = Rent();
                    if (buffer is null)
                    {
                        return;
                    }

                    var u = Interlocked.Increment(ref next);
                    if (u >= units)
                    {
                        Return(buffer);
                        return;
                    }

                    var first = u * MerchantsPerUnit;
                    buffer.Format(chunk, inputs, ctx, ts, first, Math.Min(chunk.MerchantCount, first + MerchantsPerUnit), _gammaStarts[u], _residualStarts[u]);
                    Completed(u, buffer, streams);
                }
            }
            catch (Exception ex)
            {
                // A unit that never completes would hold up every later one: stop the other workers at once.
                Fail(ex);
            }
        }

        var helpers = Math.Min(_workers, units) - 1;
        var tasks = new Task[Math.Max(0, helpers)];
        for (var t = 0; t < tasks.Length; t++)
        {
            tasks[t] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        try
        {
            Work();
        }
        catch (Exception ex)
        {
            Fail(ex);
        }

        foreach (var task in tasks)
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                Fail(ex);
            }
        }

        if (_failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        GammaTotals = gamma;
        ResidualTotals = residual;
    }

    /// <summary>Every formatted unit is written by the time <see cref="Format"/> returns; kept for callers that flush at the end.</summary>
    public void Complete()
    {
    }

    public void Dispose()
    {
        lock (_gate)
        {
            while (_free.TryPop(out var buffer))
            {
                buffer.Dispose();
            }
        }
    }

    private void Fail(Exception ex)
    {
        lock (_gate)
        {
            _failure ??= ex;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>A free buffer; waits while every pooled buffer holds formatted bytes not yet written (bounded memory).</summary>
    private UnitBuffer? Rent()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_failure is not null)
                {
                    return null;
                }

                if (_free.TryPop(out var buffer))
                {
                    return buffer;
                }

                if (_pooled < (2 * _workers) + 2)
                {
                    _pooled++;
                    return new UnitBuffer(_compression);
                }

                Monitor.Wait(_gate);
            }
        }
    }

    private void Return(UnitBuffer buffer)
    {
        lock (_gate)
        {
            _free.Push(buffer);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Queues unit <paramref name="unit"/>'s bytes; the worker that completes the next unit to write writes it and
    /// every queued unit after it, in order, outside the lock (one writer at a time).
    /// </summary>
    private void Completed(int unit, UnitBuffer buffer, Streams streams)
    {
        lock (_gate)
        {
            _ready.Add(unit, buffer);
            if (_writing)
            {
                return;
            }

            _writing = true;
        }

        try
        {
            while (true)
            {
                UnitBuffer? write;
                lock (_gate)
                {
                    if (!_ready.Remove(_nextToWrite, out write))
                    {
                        _writing = false;
                        return;
                    }

                    _nextToWrite++;
                }

                BytesWritten += write.WriteTo(streams);
                Return(write);
            }
        }
        catch
        {
            lock (_gate)
            {
                _writing = false;
            }

            throw;
        }
    }

    private sealed record Streams(Stream Gamma, Stream Residual, Stream Trace);

    /// <summary>The formatted bytes of one unit for the three logs, and (when compressing) their zstd frames.</summary>
    private sealed class UnitBuffer(S7LogCompression compression) : IDisposable
    {
        private readonly ZstdSharp.Compressor? _zstd = compression == S7LogCompression.Zstd ? new ZstdSharp.Compressor(S7LogCompressionFormat.ZstdLevel) : null;
        private byte[] _compressed = compression == S7LogCompression.Zstd ? new byte[1 << 20] : [];
        private int _gammaFrame;
        private int _residualFrame;
        private int _traceFrame;

        public JsonLineBuilder Gamma { get; } = new(1 << 18);

        public JsonLineBuilder Residual { get; } = new(1 << 20);

        public JsonLineBuilder Trace { get; } = new(1 << 20);

        public void Format(S7Chunk chunk, S7Inputs inputs, S7EventContext ctx, byte[] ts, int first, int end, S7TraceTotals gamma, S7TraceTotals residual)
        {
            Gamma.Clear();
            Residual.Clear();
            Trace.Clear();
            var countries = inputs.Countries;
            for (var j = first; j < end; j++)
            {
                var k = chunk.FirstMerchant + j;
                var id = countries.MerchantIds[k];
                var start = countries.Offsets[k];
                var m = countries.CountryCount(k);
                var local = start - chunk.FirstRow;
                var draw = chunk.Draws[j];
                var isos = countries.Countries(k);
                if (m > 1)
                {
                    S7EventFormatter.GammaVector(Gamma, ctx, ts, id, draw, isos, inputs.Alpha.Of(k), chunk.Gamma.AsSpan(local, m), chunk.Weights.AsSpan(local, m));
                    gamma = new S7TraceTotals(gamma.Draws + draw.Draws, gamma.Blocks + draw.Blocks, gamma.Events + 1);
                    S7EventFormatter.Trace(Trace, ts, ctx.GammaTrace, draw.GammaBefore, draw.GammaAfter, gamma);
                }

                for (var i = 0; i < m; i++)
                {
                    var q = chunk.Quantised[local + i];
                    S7EventFormatter.ResidualRank(Residual, ctx, ts, id, draw.ResidualCounter, isos[i], q / ResidualIntegeriser.QuantisationScale, chunk.Ranks[local + i]);
                    residual = residual with { Events = residual.Events + 1 };
                    S7EventFormatter.Trace(Trace, ts, ctx.ResidualTrace, draw.ResidualCounter, draw.ResidualCounter, residual);
                }
            }

            if (_zstd is not null)
            {
                // One zstd frame per unit and log: frames compress in parallel and concatenate into a valid .zst file.
                _gammaFrame = Compress(Gamma.Written, 0);
                _residualFrame = Compress(Residual.Written, _gammaFrame);
                _traceFrame = Compress(Trace.Written, _gammaFrame + _residualFrame);
            }
        }

        /// <summary>Writes the unit's bytes; returns how many.</summary>
        public long WriteTo(Streams streams)
        {
            if (_zstd is null)
            {
                streams.Gamma.Write(Gamma.Written);
                streams.Residual.Write(Residual.Written);
                streams.Trace.Write(Trace.Written);
                return (long)Gamma.Length + Residual.Length + Trace.Length;
            }

            streams.Gamma.Write(_compressed, 0, _gammaFrame);
            streams.Residual.Write(_compressed, _gammaFrame, _residualFrame);
            streams.Trace.Write(_compressed, _gammaFrame + _residualFrame, _traceFrame);
            return (long)_gammaFrame + _residualFrame + _traceFrame;
        }

        public void Dispose() => _zstd?.Dispose();

        private int Compress(ReadOnlySpan<byte> source, int at)
        {
            var bound = ZstdSharp.Compressor.GetCompressBound(source.Length);
            if (_compressed.Length < at + bound)
            {
                Array.Resize(ref _compressed, Math.Max(_compressed.Length * 2, at + bound));
            }

            return source.IsEmpty ? 0 : _zstd!.Wrap(source, _compressed.AsSpan(at));
        }
    }
}
