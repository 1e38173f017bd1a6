using Allot.Core.Errors;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;
using static Allot.Segment1A.Validation.S7Validator;

namespace Allot.Segment1A.Validation;

/// <summary>
/// Checks one merchant's cache rows: identity and order, residual ranges, bounds and rank contiguity per row;
/// the sum over the merchant; then every value against the replay.
/// </summary>
internal static class CacheChecks
{
    public static bool IsQuantised(double residual) =>
        residual >= 0.0 && residual < 1.0 && SameBits(Math.Round(residual * ResidualIntegeriser.QuantisationScale) / ResidualIntegeriser.QuantisationScale, residual);

    public static void Check(ResidualCacheCursor cache, MerchantReplay replay, S7Inputs inputs, ValidationState state)
    {
        var id = replay.MerchantId;
        var m = replay.M;
        var isos = inputs.Countries.IsoCodes.AsSpan(replay.Start, m);
        var rows = state.Rows;
        long countSum = 0;
        System.Array.Clear(state.SeenRanks);
        for (var i = 0; i < m; i++)
        {
            var r = cache.Next();
            if (r < 0)
            {
                throw S7Errors.Fail(S7Errors.ReplayMismatch, $"the cache ends before country {i + 1} of {m} of the merchant.", cache.File, cache.Row, Key(id));
            }

            state.CacheRows++;
            AllotException Fail(string code, string message) => S7Errors.Fail(code, message, cache.File, cache.Row, Key(id));
            if (!string.Equals(cache.Fingerprint[r], inputs.Lineage.ManifestFingerprint, StringComparison.Ordinal))
            {
                throw Fail(S7Errors.PathEmbedMismatch, $"manifest_fingerprint '{cache.Fingerprint[r]}' differs from the run's.");
            }

            if (cache.MerchantId[r] != id || !string.Equals(cache.CountryIso[r], IsoName(isos[i]), StringComparison.Ordinal))
            {
                throw Fail(S7Errors.ReplayMismatch, $"expected ({id}, {IsoName(isos[i])}) at rank {i}; found ({cache.MerchantId[r]}, {cache.CountryIso[r]}): rows are missing, extra or not sorted by merchant_id then rank.");
            }

            var residual = cache.Residual[r];
            if (!IsQuantised(residual))
            {
                throw Fail(S7Errors.ResidualQuantisation, $"residual {residual:R} is not an 8-dp value in [0, 1).");
            }

            var total = cache.NTotal[r];
            var count = cache.Count[r];
            if (Math.Abs(count - (total * cache.Weight[r])) > 1.0)
            {
                throw Fail(S7Errors.BoundViolation, $"count {count} is more than 1 away from n_total·weight = {total * cache.Weight[r]:R}.");
            }

            var rank = cache.Rank[r];
            if (rank < 1 || rank > m || state.SeenRanks[rank] != 0)
            {
                throw Fail(S7Errors.SchemaInvalid, $"residual_rank {rank} breaks the contiguous ranks 1..{m} of the merchant.");
            }

            if (total != replay.Total)
            {
                throw Fail(S7Errors.ReplayMismatch, $"n_total {total} differs from nb_final's N = {replay.Total}.");
            }

            state.SeenRanks[rank] = 1;
            countSum += count;
            rows[i] = new CacheRow(cache.File, cache.Row, residual, rank, cache.Weight[r], cache.Floor[r], count);
        }

        if (countSum != replay.Total)
        {
            throw S7Errors.Fail(S7Errors.IntegerSumMismatch, $"the merchant's counts sum to {countSum}, not n_total = {replay.Total}.", cache.File, cache.Row, Key(id));
        }

        for (var i = 0; i < m; i++)
        {
            var row = rows[i];
            if (!SameBits(row.Residual, replay.Residual(i)) || row.Rank != replay.Ranks[i] || !SameBits(row.Weight, replay.Weights[i])
                || row.Floor != replay.Floors[i] || row.Count != replay.Counts[i])
            {
                throw S7Errors.Fail(
                    S7Errors.ReplayMismatch,
                    $"{IsoName(isos[i])}: (residual {row.Residual:R}, rank {row.Rank}, weight {row.Weight:R}, floor {row.Floor}, count {row.Count}) but the replay gives ({replay.Residual(i):R}, {replay.Ranks[i]}, {replay.Weights[i]:R}, {replay.Floors[i]}, {replay.Counts[i]}).",
                    row.File,
                    row.Row,
                    Key(id));
            }
        }
    }

    /// <summary>One cache row as read, kept until the merchant's sum has been checked.</summary>
    internal readonly record struct CacheRow(string File, long Row, double Residual, int Rank, double Weight, long Floor, long Count);
}
