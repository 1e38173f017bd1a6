using Allot.Engine.Segment1A.Inputs;
using Allot.Engine.Segment1A.Integerisation;

namespace Allot.Engine.Segment1A.Events;

/// <summary>
/// Formats a chunk's events and trace rows. The chunk is cut into contiguous merchant segments formatted in
/// parallel; each segment's starting trace totals come from a prefix sum, so the bytes are those of a serial
/// pass whatever the worker count, and segments are written back in merchant order.
/// </summary>
internal sealed class S7ChunkFormatter
{
    private readonly Segment[] _segments;

    public S7ChunkFormatter(int workers)
    {
        _segments = new Segment[Math.Max(1, workers)];
        for (var i = 0; i < _segments.Length; i++)
        {
            _segments[i] = new Segment();
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
        var countries = inputs.Countries;
        var segments = Math.Min(_segments.Length, Math.Max(1, chunk.MerchantCount / 512));
        var per = (chunk.MerchantCount + segments - 1) / segments;
        var gamma = GammaTotals;
        var residual = ResidualTotals;
        for (var s = 0; s < segments; s++)
        {
            var seg = _segments[s];
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

        Parallel.For(0, segments, new ParallelOptions { MaxDegreeOfParallelism = segments }, s => _segments[s].Format(chunk, inputs, ctx, ts));
        for (var s = 0; s < segments; s++)
        {
            gammaOut.Write(_segments[s].Gamma.Written);
            residualOut.Write(_segments[s].Residual.Written);
            traceOut.Write(_segments[s].Trace.Written);
        }

        GammaTotals = gamma;
        ResidualTotals = residual;
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
