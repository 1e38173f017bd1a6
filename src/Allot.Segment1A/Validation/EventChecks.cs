using System.Text.Json;
using Allot.Core.Random;
using Allot.Segment1A.Events;
using Allot.Segment1A.Inputs;
using static Allot.Segment1A.Validation.S7Validator;

namespace Allot.Segment1A.Validation;

/// <summary>Checks one merchant's events and trace rows against its replay.</summary>
internal static class EventChecks
{
    private static readonly Utf8Text GammaModule = new(S7Names.GammaModule);
    private static readonly Utf8Text GammaLabel = new(S7Names.GammaLabel);
    private static readonly Utf8Text ResidualModule = new(S7Names.ResidualModule);
    private static readonly Utf8Text ResidualLabel = new(S7Names.ResidualLabel);

    public static void CheckGamma(JsonlCursor gamma, JsonlCursor trace, MerchantReplay replay, S7Inputs inputs, MasterMaterial master, ValidationState state)
    {
        var id = replay.MerchantId;
        var f = new EventFields(NextEvent(gamma, S7Names.GammaLabel, id), gamma, Key(id));
        var eventMerchant = f.Int64(EventField.MerchantId);
        if (eventMerchant != id)
        {
            throw f.Fail(S7Errors.RngAccounting, $"expected the dirichlet_gamma_vector event of merchant {id}, found merchant {eventMerchant}: events are missing, extra or out of order.");
        }

        var (before, after, blocks, draws) = f.Envelope(state.Expected, GammaModule, GammaLabel);
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
        RequireArray(f, EventField.CountryIsos, m);
        RequireArray(f, EventField.Alpha, m);
        RequireArray(f, EventField.GammaRaw, m);
        RequireArray(f, EventField.Weights, m);
        var weightSum = 0.0;
        for (var i = 0; i < m; i++)
        {
            weightSum += f.Line.TryGetElementDouble(EventField.Weights, i, out var w) ? w : double.NaN;
        }

        if (!(Math.Abs(weightSum - 1.0) <= 1e-6))
        {
            throw f.Fail(S7Errors.SchemaInvalid, $"the weights sum to {weightSum:R}, outside 1 ± 1e-6.");
        }

        var expectedIsos = inputs.Countries.IsoCodes.AsSpan(replay.Start, m);
        if (f.String(EventField.HomeCountryIso) != IsoName(expectedIsos[0]))
        {
            throw f.Fail(S7Errors.ReplayMismatch, $"home_country_iso '{f.String(EventField.HomeCountryIso)}' differs from the country set's {IsoName(expectedIsos[0])}.");
        }

        for (var i = 0; i < m; i++)
        {
            var iso = f.Line.ElementKind(EventField.CountryIsos, i) == JsonValueKind.String ? f.Line.ElementString(EventField.CountryIsos, i) : null;
            if (iso != IsoName(expectedIsos[i]))
            {
                throw f.Fail(S7Errors.ReplayMismatch, $"country_isos[{i}] is '{iso}'; the country set has {IsoName(expectedIsos[i])} at rank {i}.");
            }

            Compare(f, EventField.Alpha, i, inputs.Alpha.Of(replay.K)[i]);
            Compare(f, EventField.GammaRaw, i, replay.Gamma[i]);
            Compare(f, EventField.Weights, i, replay.Weights[i]);
        }

        state.Gamma = new S7TraceTotals(state.Gamma.Draws + draws, state.Gamma.Blocks + blocks, state.Gamma.Events + 1);
        CheckTrace(trace, GammaModule, GammaLabel, before, after, state.Gamma, state, id);
    }

    public static void CheckResiduals(JsonlCursor residual, JsonlCursor trace, MerchantReplay replay, S7Inputs inputs, ValidationState state)
    {
        var id = replay.MerchantId;
        var m = replay.M;
        var isos = inputs.Countries.IsoCodes.AsSpan(replay.Start, m);
        System.Array.Clear(state.SeenRanks);
        for (var i = 0; i < m; i++)
        {
            var f = new EventFields(NextEvent(residual, S7Names.ResidualLabel, id), residual, Key(id));
            var eventMerchant = f.Int64(EventField.MerchantId);
            if (eventMerchant != id)
            {
                throw f.Fail(S7Errors.RngAccounting, $"expected residual_rank event {i + 1} of {m} for merchant {id}, found merchant {eventMerchant}: events are missing, extra or out of order.");
            }

            var (before, after, blocks, draws) = f.Envelope(state.Expected, ResidualModule, ResidualLabel);
            if (before != replay.Draw.ResidualCounter || after != replay.Draw.ResidualCounter)
            {
                throw f.Fail(S7Errors.RngEnvelope, $"residual_rank counters ({before} → {after}) must both equal the merchant's residual_rank substream start {replay.Draw.ResidualCounter}.");
            }

            if (draws != 0 || blocks != 0)
            {
                throw f.Fail(S7Errors.RngAccounting, $"residual_rank consumes nothing, but the event books draws {draws} and blocks {blocks}.");
            }

            var iso = f.String(EventField.CountryIso);
            if (iso != IsoName(isos[i]))
            {
                throw f.Fail(S7Errors.ReplayMismatch, $"country_iso '{iso}' where the country set has {IsoName(isos[i])} at rank {i}.");
            }

            var value = f.Double(EventField.Residual);
            if (!CacheChecks.IsQuantised(value))
            {
                throw f.Fail(S7Errors.ResidualQuantisation, $"residual {value:R} is not an 8-dp value in [0, 1).");
            }

            var rank = f.Int64(EventField.ResidualRank);
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
            CheckTrace(trace, ResidualModule, ResidualLabel, before, after, state.Residual, state, id);
        }
    }

    private static void CheckTrace(JsonlCursor trace, Utf8Text module, Utf8Text label, Counter128 before, Counter128 after, S7TraceTotals totals, ValidationState state, long merchantId)
    {
        var line = trace.Next() ?? throw S7Errors.Fail(S7Errors.RngAccounting, "the trace log ends before the events do.", trace.File, trace.Line, Key(merchantId));
        var f = new EventFields(line, trace, Key(merchantId));
        state.TraceRows++;
        var expected = state.Expected;
        if (!f.StringIs(EventField.RunId, expected.RunId.Bytes) || f.UInt64(EventField.Seed) != expected.Seed || !f.StringIs(EventField.ParameterHash, expected.ParameterHash.Bytes))
        {
            throw f.Fail(S7Errors.RngEnvelope, "the trace row's run_id, seed or parameter_hash differs from the run's.");
        }

        if (!f.StringIs(EventField.Module, module.Bytes) || !f.StringIs(EventField.SubstreamLabel, label.Bytes)
            || f.UInt64(EventField.RngCounterBeforeLo) != before.Lo || f.UInt64(EventField.RngCounterBeforeHi) != before.Hi
            || f.UInt64(EventField.RngCounterAfterLo) != after.Lo || f.UInt64(EventField.RngCounterAfterHi) != after.Hi)
        {
            throw f.Fail(S7Errors.RngAccounting, $"the trace row does not follow the {label.Text} event it should record.");
        }

        if (f.UInt64(EventField.DrawsTotal) != totals.Draws || f.UInt64(EventField.BlocksTotal) != totals.Blocks || f.UInt64(EventField.EventsTotal) != totals.Events)
        {
            throw f.Fail(S7Errors.RngAccounting, $"trace totals draws {f.UInt64(EventField.DrawsTotal)}, blocks {f.UInt64(EventField.BlocksTotal)}, events {f.UInt64(EventField.EventsTotal)}; the replay gives {totals.Draws}, {totals.Blocks}, {totals.Events} for ({module.Text}, {label.Text}).");
        }
    }

    private static void RequireArray(EventFields f, EventField field, int m)
    {
        f.Require(field);
        var name = JsonLine.Name(field);
        if (f.Line.Kind(field) != JsonValueKind.Array)
        {
            throw f.Fail(S7Errors.SchemaInvalid, $"'{name}' must be an array.");
        }

        var count = f.Line.ElementCount(field);
        if (count != m)
        {
            throw f.Fail(S7Errors.SchemaInvalid, $"'{name}' has {count} entries; the merchant has {m} countries (arrays must have equal lengths).");
        }
    }

    private static void Compare(EventFields f, EventField field, int i, double expected)
    {
        if (!f.Line.TryGetElementDouble(field, i, out var value) || !SameBits(value, expected))
        {
            throw f.Fail(S7Errors.ReplayMismatch, $"{JsonLine.Name(field)}[{i}] = {f.Line.ElementRawText(field, i)} but the replay gives {expected:R}.");
        }
    }
}
