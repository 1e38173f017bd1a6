using System.Text.Json;
using Allot.Core.Random;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;
using static Allot.Segment1A.Validation.S7Validator;

namespace Allot.Segment1A.Validation;

/// <summary>Checks one merchant's events and trace rows against its replay.</summary>
internal static class EventChecks
{
    public static void CheckGamma(JsonlCursor gamma, JsonlCursor trace, MerchantReplay replay, S7Inputs inputs, MasterMaterial master, ValidationState state)
    {
        var id = replay.MerchantId;
        using var doc = NextEvent(gamma, S7Names.GammaLabel, id);
        var f = new EventFields(doc.RootElement, gamma, Key(id));
        var eventMerchant = f.Int64("merchant_id");
        if (eventMerchant != id)
        {
            throw f.Fail(S7Errors.RngAccounting, $"expected the dirichlet_gamma_vector event of merchant {id}, found merchant {eventMerchant}: events are missing, extra or out of order.");
        }

        var (before, after, blocks, draws) = f.Envelope(inputs.Lineage, state.RunId, S7Names.GammaModule, S7Names.GammaLabel);
        if (before != replay.Draw.GammaBefore)
        {
            throw f.Fail(S7Errors.RngEnvelope, $"rng counter before {before} is not the start {replay.Draw.GammaBefore} of the merchant's dirichlet_gamma_vector substream.");
        }

        if (draws != replay.Draw.Draws || blocks != replay.Draw.Blocks)
        {
            throw f.Fail(S7Errors.RngAccounting, $"the event books draws {draws} and blocks {blocks}; the replay consumed draws {replay.Draw.Draws} and blocks {replay.Draw.Blocks}.");
        }

        if (after != replay.Draw.GammaAfter)
        {
            throw f.Fail(S7Errors.RngEnvelope, $"rng counter after {after} differs from the replay's {replay.Draw.GammaAfter}.");
        }

        var m = replay.M;
        var isos = Array(f, "country_isos", m);
        var alpha = Array(f, "alpha", m);
        var gammaRaw = Array(f, "gamma_raw", m);
        var weights = Array(f, "weights", m);
        var weightSum = 0.0;
        foreach (var w in weights)
        {
            weightSum += w.ValueKind == JsonValueKind.Number ? w.GetDouble() : double.NaN;
        }

        if (!(Math.Abs(weightSum - 1.0) <= 1e-6))
        {
            throw f.Fail(S7Errors.SchemaInvalid, $"the weights sum to {weightSum:R}, outside 1 ± 1e-6.");
        }

        var expectedIsos = inputs.Countries.IsoCodes.AsSpan(replay.Start, m);
        if (f.String("home_country_iso") != IsoName(expectedIsos[0]))
        {
            throw f.Fail(S7Errors.ReplayMismatch, $"home_country_iso '{f.String("home_country_iso")}' differs from the country set's {IsoName(expectedIsos[0])}.");
        }

        for (var i = 0; i < m; i++)
        {
            if (isos[i].GetString() != IsoName(expectedIsos[i]))
            {
                throw f.Fail(S7Errors.ReplayMismatch, $"country_isos[{i}] is '{isos[i].GetString()}'; the country set has {IsoName(expectedIsos[i])} at rank {i}.");
            }

            Compare(f, "alpha", i, alpha[i], inputs.Alpha[replay.Start + i]);
            Compare(f, "gamma_raw", i, gammaRaw[i], replay.Gamma[i]);
            Compare(f, "weights", i, weights[i], replay.Weights[i]);
        }

        state.Gamma = new S7TraceTotals(state.Gamma.Draws + draws, state.Gamma.Blocks + blocks, state.Gamma.Events + 1);
        CheckTrace(trace, S7Names.GammaModule, S7Names.GammaLabel, before, after, state.Gamma, inputs, state, id);
    }

    public static void CheckResiduals(JsonlCursor residual, JsonlCursor trace, MerchantReplay replay, S7Inputs inputs, ValidationState state)
    {
        var id = replay.MerchantId;
        var m = replay.M;
        var isos = inputs.Countries.IsoCodes.AsSpan(replay.Start, m);
        System.Array.Clear(state.SeenRanks);
        for (var i = 0; i < m; i++)
        {
            using var doc = NextEvent(residual, S7Names.ResidualLabel, id);
            var f = new EventFields(doc.RootElement, residual, Key(id));
            var eventMerchant = f.Int64("merchant_id");
            if (eventMerchant != id)
            {
                throw f.Fail(S7Errors.RngAccounting, $"expected residual_rank event {i + 1} of {m} for merchant {id}, found merchant {eventMerchant}: events are missing, extra or out of order.");
            }

            var (before, after, blocks, draws) = f.Envelope(inputs.Lineage, state.RunId, S7Names.ResidualModule, S7Names.ResidualLabel);
            if (before != replay.Draw.ResidualCounter || after != replay.Draw.ResidualCounter)
            {
                throw f.Fail(S7Errors.RngEnvelope, $"residual_rank counters ({before} → {after}) must both equal the merchant's residual_rank substream start {replay.Draw.ResidualCounter}.");
            }

            if (draws != 0 || blocks != 0)
            {
                throw f.Fail(S7Errors.RngAccounting, $"residual_rank consumes nothing, but the event books draws {draws} and blocks {blocks}.");
            }

            var iso = f.String("country_iso");
            if (iso != IsoName(isos[i]))
            {
                throw f.Fail(S7Errors.ReplayMismatch, $"country_iso '{iso}' where the country set has {IsoName(isos[i])} at rank {i}.");
            }

            var value = f.Double("residual");
            if (!CacheChecks.IsQuantised(value))
            {
                throw f.Fail(S7Errors.ResidualQuantisation, $"residual {value:R} is not an 8-dp value in [0, 1).");
            }

            var rank = f.Int64("residual_rank");
            if (rank < 1 || rank > m || state.SeenRanks[rank] != 0)
            {
                throw f.Fail(S7Errors.SchemaInvalid, $"residual_rank {rank} breaks the contiguous ranks 1..{m} of the merchant.");
            }

            state.SeenRanks[rank] = 1;
            if (rank != replay.Ranks[i] || !SameBits(value, replay.Residual(i)))
            {
                throw f.Fail(S7Errors.ReplayMismatch, $"{iso}: residual {value:R} rank {rank}; the replay gives residual {replay.Residual(i):R} rank {replay.Ranks[i]}.");
            }

            state.Residual = state.Residual with { Events = state.Residual.Events + 1 };
            CheckTrace(trace, S7Names.ResidualModule, S7Names.ResidualLabel, before, after, state.Residual, inputs, state, id);
        }
    }

    private static void CheckTrace(JsonlCursor trace, string module, string label, Counter128 before, Counter128 after, S7TraceTotals totals, S7Inputs inputs, ValidationState state, long merchantId)
    {
        using var doc = trace.Next() ?? throw S7Errors.Fail(S7Errors.RngAccounting, "the trace log ends before the events do.", trace.File, trace.Line, Key(merchantId));
        var f = new EventFields(doc.RootElement, trace, Key(merchantId));
        state.TraceRows++;
        if (f.String("run_id") != state.RunId || f.UInt64("seed") != inputs.Lineage.Seed || f.String("parameter_hash") != inputs.Lineage.ParameterHash)
        {
            throw f.Fail(S7Errors.RngEnvelope, "the trace row's run_id, seed or parameter_hash differs from the run's.");
        }

        if (f.String("module") != module || f.String("substream_label") != label
            || f.UInt64("rng_counter_before_lo") != before.Lo || f.UInt64("rng_counter_before_hi") != before.Hi
            || f.UInt64("rng_counter_after_lo") != after.Lo || f.UInt64("rng_counter_after_hi") != after.Hi)
        {
            throw f.Fail(S7Errors.RngAccounting, $"the trace row does not follow the {label} event it should record.");
        }

        if (f.UInt64("draws_total") != totals.Draws || f.UInt64("blocks_total") != totals.Blocks || f.UInt64("events_total") != totals.Events)
        {
            throw f.Fail(S7Errors.RngAccounting, $"trace totals draws {f.UInt64("draws_total")}, blocks {f.UInt64("blocks_total")}, events {f.UInt64("events_total")}; the replay gives {totals.Draws}, {totals.Blocks}, {totals.Events} for ({module}, {label}).");
        }
    }

    private static JsonElement[] Array(EventFields f, string name, int m)
    {
        var v = f.Get(name);
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw f.Fail(S7Errors.SchemaInvalid, $"'{name}' must be an array.");
        }

        var items = v.EnumerateArray().ToArray();
        return items.Length == m ? items : throw f.Fail(S7Errors.SchemaInvalid, $"'{name}' has {items.Length} entries; the merchant has {m} countries (arrays must have equal lengths).");
    }

    private static void Compare(EventFields f, string name, int i, JsonElement element, double expected)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !SameBits(value, expected))
        {
            throw f.Fail(S7Errors.ReplayMismatch, $"{name}[{i}] = {element.GetRawText()} but the replay gives {expected:R}.");
        }
    }
}
