using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Events;

/// <summary>
/// Formats a chunk's events and trace rows. The chunk is cut into contiguous merchant segments formatted in
/// parallel; each segment's starting trace totals come from a prefix sum, so the bytes are those of a serial
/// pass whatever the worker count, and segments are written back in merchant order. Two sets of segment buffers
/// alternate so that writing one chunk's bytes overlaps with computing and formatting the next.
/// </summary>
internal sealed class S7ChunkFormatter : IDisposable
{
    private readonly Segment[][] _sets = new Segment[2][];
    private readonly Task[] _writes = [Task.CompletedTask, Task.CompletedTask];
    private Task _lastWrite = Task.CompletedTask;
    private int _set;

    /// <summary>Creates a formatter whose trace totals start at <paramref name="gammaStart"/> and <paramref name="residualStart"/>
    /// (zero for a whole run or a shard written to its own part; the earlier shards' totals when shards append in order).</summary>
    public S7ChunkFormatter(int workers, S7TraceTotals gammaStart = default, S7TraceTotals residualStart = default)
    {
        GammaTotals = gammaStart;
        ResidualTotals = residualStart;
        for (var set = 0; set < 2; set++)
        {
            _sets[set] = new Segment[Math.Max(1, workers)];
            for (var i = 0; i < _sets[set].Length; i++)
            {
                _sets[set][i] = new Segment();
            }
        }
    }

    /// <summary>Cumulative totals of the gamma substream after the last formatted event.</summary>
    public S7TraceTotals GammaTotals { get; private set; }

    /// <summary>Cumulative totals of the residual substream after the last formatted event.</summary>
    public S7TraceTotals ResidualTotals { get; private set; }

    /// <summary>Domestic-only merchants seen so far.</summary>
    public long DomesticOnly { get; private set; }

    public void Format(S7Chunk chunk, S7Inputs inputs, S7EventContext ctx, byte[] ts, Stream gammaOut, Stream residualOut, Stream traceOut)
    {
        var set = _set;
        _set ^= 1;
        _writes[set].GetAwaiter().GetResult(); // this set's previous bytes are on disk before it is reused
        var buffers = _sets[set];
        var countries = inputs.Countries;
        var segments = Math.Min(buffers.Length, Math.Max(1, chunk.MerchantCount / 512));
        var per = (chunk.MerchantCount + segments - 1) / segments;
        var gamma = GammaTotals;
        var residual = ResidualTotals;
        for (var s = 0; s < segments; s++)
        {
            var seg = buffers[s];
            seg.First = Math.Min(chunk.MerchantCount, s * per);
            seg.End = Math.Min(chunk.MerchantCount, (s + 1) * per);
            seg.GammaStart = gamma;
            seg.ResidualStart = residual;
            for (var j = seg.First; j < seg.End; j++)
            {
                var k = chunk.FirstMerchant + j;
                var m = countries.CountryCount(k);
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
        }

        Parallel.For(0, segments, new ParallelOptions { MaxDegreeOfParallelism = segments }, s => buffers[s].Format(chunk, inputs, ctx, ts));
        var previous = _lastWrite;
        _lastWrite = _writes[set] = Task.Run(() =>
        {
            previous.GetAwaiter().GetResult(); // keep chunks in order in the files
            for (var s = 0; s < segments; s++)
            {
                gammaOut.Write(buffers[s].Gamma.Written);
                residualOut.Write(buffers[s].Residual.Written);
                traceOut.Write(buffers[s].Trace.Written);
            }
        });

        GammaTotals = gamma;
        ResidualTotals = residual;
    }

    /// <summary>Waits until every formatted chunk is written; rethrows a write failure.</summary>
    public void Complete() => _lastWrite.GetAwaiter().GetResult();

    /// <summary>On failure: lets a pending write finish before the streams are closed; its own error is secondary.</summary>
    public void Dispose()
    {
        try
        {
            _lastWrite.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The run is already failing (or Complete() reported this); the staged files are deleted anyway.
        }
    }

    private sealed class Segment
    {
        public JsonLineBuilder Gamma { get; } = new();

        public JsonLineBuilder Residual { get; } = new();

        public JsonLineBuilder Trace { get; } = new();

        public int First { get; set; }

        public int End { get; set; }

        public S7TraceTotals GammaStart { get; set; }

        public S7TraceTotals ResidualStart { get; set; }

        public void Format(S7Chunk chunk, S7Inputs inputs, S7EventContext ctx, byte[] ts)
        {
            Gamma.Clear();
            Residual.Clear();
            Trace.Clear();
            var countries = inputs.Countries;
            var gamma = GammaStart;
            var residual = ResidualStart;
            for (var j = First; j < End; j++)
            {
                var k = chunk.FirstMerchant + j;
                var id = countries.MerchantIds[k];
                var start = countries.Offsets[k];
                var m = countries.Offsets[k + 1] - start;
                var local = start - chunk.FirstRow;
                var draw = chunk.Draws[j];
                var isos = countries.IsoCodes.AsSpan(start, m);
                if (m > 1)
                {
                    S7EventFormatter.GammaVector(Gamma, ctx, ts, id, draw, isos, inputs.Alpha.AsSpan(start, m), chunk.Gamma.AsSpan(local, m), chunk.Weights.AsSpan(local, m));
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
        }
    }
}
