using Allot.Core.Random;
using Allot.Segment1A.Dirichlet;

namespace Allot.Segment1A.Events;

/// <summary>Formats S7's events and trace rows (one flat JSON object per line) with the full envelope.</summary>
internal static class S7EventFormatter
{
    public static void Envelope(JsonLineBuilder b, ReadOnlySpan<byte> ts, ReadOnlySpan<byte> constantFields, Counter128 before, Counter128 after, ulong draws)
    {
        b.BeginObject(ts, constantFields);
        b.Number("rng_counter_before_lo"u8, before.Lo);
        b.Number("rng_counter_before_hi"u8, before.Hi);
        b.Number("rng_counter_after_lo"u8, after.Lo);
        b.Number("rng_counter_after_hi"u8, after.Hi);
        b.Number("blocks"u8, (ulong)Counter128.BlocksBetween(before, after));
        b.DecimalString("draws"u8, draws);
    }

    public static void GammaVector(JsonLineBuilder b, S7EventContext ctx, ReadOnlySpan<byte> ts, long merchantId, in MerchantDraw draw, ReadOnlySpan<ushort> isos, ReadOnlySpan<double> alpha, ReadOnlySpan<double> gamma, ReadOnlySpan<double> weights)
    {
        Envelope(b, ts, ctx.GammaEnvelope, draw.GammaBefore, draw.GammaAfter, draw.Draws);
        b.Number("merchant_id"u8, merchantId);
        b.Iso("home_country_iso"u8, isos[0]);
        b.StringArray("country_isos"u8, isos);
        b.DoubleArray("alpha"u8, alpha);
        b.DoubleArray("gamma_raw"u8, gamma);
        b.DoubleArray("weights"u8, weights);
        b.EndObject();
    }

    public static void ResidualRank(JsonLineBuilder b, S7EventContext ctx, ReadOnlySpan<byte> ts, long merchantId, Counter128 counter, ushort iso, double residual, int rank)
    {
        Envelope(b, ts, ctx.ResidualEnvelope, counter, counter, 0);
        b.Number("merchant_id"u8, merchantId);
        b.Iso("country_iso"u8, iso);
        b.Number("residual"u8, residual);
        b.Number("residual_rank"u8, rank);
        b.EndObject();
    }

    public static void Trace(JsonLineBuilder b, ReadOnlySpan<byte> ts, ReadOnlySpan<byte> constantFields, Counter128 before, Counter128 after, in S7TraceTotals totals)
    {
        b.BeginObject(ts, constantFields);
        b.Number("rng_counter_before_lo"u8, before.Lo);
        b.Number("rng_counter_before_hi"u8, before.Hi);
        b.Number("rng_counter_after_lo"u8, after.Lo);
        b.Number("rng_counter_after_hi"u8, after.Hi);
        b.Number("draws_total"u8, totals.Draws);
        b.Number("blocks_total"u8, totals.Blocks);
        b.Number("events_total"u8, totals.Events);
        b.EndObject();
    }
}
