using System.Runtime.InteropServices;
using Allot.Core.Apportionment;

namespace Allot.Segment1A.Integerisation;

/// <summary>
/// S7 largest-remainder integerisation in the contract's binary64 order: <c>a_i = N·w_i</c>, <c>f_i = ⌊a_i⌋</c>,
/// raw residual <c>a_i − f_i</c>, quantised <c>q_i = round_half_even(raw·1e8)</c> clamped to 99 999 999 (so the
/// stored residual <c>q_i/1e8</c> stays below 1), deficit <c>d = N − Σf_i ∈ [0, m)</c>; countries are ranked by
/// <c>q</c> descending, then ISO code ascending (ASCII), and the first <c>d</c> get one more unit.
/// Allocation-free: the caller supplies every buffer.
/// </summary>
internal static class ResidualIntegeriser
{
    /// <summary>Residuals are quantised to 8 decimal places.</summary>
    public const double QuantisationScale = 1e8;

    /// <summary>The largest N for which every integer up to it is a binary64 value (2^53).</summary>
    public const long MaxExactTotal = 1L << 53;

    /// <summary>The largest quantised residual (a raw residual that rounds to 1e8 is clamped to this).</summary>
    public const long MaxQuantised = 99_999_999;

    /// <summary>Integerises <paramref name="total"/> over <paramref name="weights"/> (see the type).</summary>
    /// <param name="merchantId">For error messages.</param>
    /// <param name="total">N ≥ 1.</param>
    /// <param name="weights">w, in country_set rank order.</param>
    /// <param name="isoCodes">Packed ISO codes (<see cref="IsoCode"/>), distinct, aligned with <paramref name="weights"/>.</param>
    /// <param name="result">Receives floors, quantised residuals, ranks and counts (each at least m long).</param>
    public static void Integerise(long merchantId, long total, ReadOnlySpan<double> weights, ReadOnlySpan<ushort> isoCodes, in IntegerisationBuffers result)
    {
        var m = weights.Length;
        var floors = result.Floors;
        var quantised = result.Quantised;
        long floorSum = 0;
        for (var i = 0; i < m; i++)
        {
            var a = total * weights[i];
            var f = Math.Floor(a);
            var raw = a - f;
            if (!(raw >= 0.0 && raw < 1.0) || !(f >= 0.0 && f <= total))
            {
                throw S7Errors.Fail(S7Errors.ResidualQuantisation, $"country {IsoCode.Name(isoCodes[i])}: N·w = {a:R} (w = {weights[i]:R}) gives no residual in [0, 1).", key: $"merchant_id={merchantId}");
            }

            floors[i] = (long)f;
            quantised[i] = Math.Min((long)Math.Round(raw * QuantisationScale, MidpointRounding.ToEven), MaxQuantised);
            floorSum += floors[i];
        }

        var deficit = total - floorSum;
        if (deficit < 0 || deficit >= m)
        {
            // Above 2^53 binary64 (the contract's arithmetic) no longer holds every integer, so N·w loses units and
            // "the weights do not sum to 1" would blame the wrong thing.
            var why = total > MaxExactTotal
                ? $"N is above 2^53 = {MaxExactTotal}, where binary64 N·w cannot hold every unit; such an n_outlets cannot be integerised under the contract's arithmetic"
                : "the weights do not sum to 1";
            throw S7Errors.Fail(S7Errors.IntegerSumMismatch, $"N = {total} but the floors sum to {floorSum}: the deficit {deficit} is outside [0, {m}); {why}.", key: $"merchant_id={merchantId}");
        }

        RankResiduals(quantised[..m], isoCodes, result.Ranks[..m]);

        long countSum = 0;
        for (var i = 0; i < m; i++)
        {
            var count = floors[i] + (result.Ranks[i] <= deficit ? 1 : 0);
            result.Counts[i] = count;
            countSum += count;
            if (Math.Abs(count - (total * weights[i])) > 1.0)
            {
                throw S7Errors.Fail(S7Errors.BoundViolation, $"country {IsoCode.Name(isoCodes[i])}: n = {count} is more than 1 away from N·w = {total * weights[i]:R}.", key: $"merchant_id={merchantId}");
            }
        }

        if (countSum != total)
        {
            throw S7Errors.Fail(S7Errors.IntegerSumMismatch, $"the counts sum to {countSum}, not N = {total}.", key: $"merchant_id={merchantId}");
        }
    }

    /// <summary>
    /// <c>ranks[i]</c> = 1-based position of country <c>i</c> in the order (quantised residual descending, ISO
    /// ascending). ISO codes of a merchant are distinct, so the order is total.
    /// </summary>
    public static void RankResiduals(ReadOnlySpan<long> quantised, ReadOnlySpan<ushort> isoCodes, Span<int> ranks)
    {
        // Quantised residuals are in [0, 1e8), so their bits read as u64 keep the order; a packed ISO code
        // ((c0 << 8) | c1) widened to u64 keeps ASCII order.
        var m = quantised.Length;
        var tieKeys = m <= 128 ? stackalloc ulong[m] : new ulong[m];
        for (var i = 0; i < m; i++)
        {
            tieKeys[i] = isoCodes[i];
        }

        LargestRemainder.RankRemainders(MemoryMarshal.Cast<long, ulong>(quantised), tieKeys, ranks[..m]);
    }
}
