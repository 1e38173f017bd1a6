using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Allot.Core.Errors;
using Allot.Core.Random;

namespace Allot.Segment1A.Validation;

/// <summary>Typed access to the fields of one event line; a missing or mistyped field is <c>E_RNG_ENVELOPE</c>.</summary>
internal readonly partial struct EventFields(JsonElement element, JsonlCursor cursor, string key)
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339Micros();

    public JsonElement Element => element;

    public AllotException Fail(string code, string message) => S7Errors.Fail(code, message, cursor.File, cursor.Line, key);

    public JsonElement Get(string name) =>
        element.TryGetProperty(name, out var v) ? v : throw Fail(S7Errors.RngEnvelope, $"field '{name}' is missing.");

    public string String(string name)
    {
        var v = Get(name);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Fail(S7Errors.RngEnvelope, $"field '{name}' must be a string.");
    }

    public ulong UInt64(string name)
    {
        var v = Get(name);
        return v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out var x) ? x : throw Fail(S7Errors.RngEnvelope, $"field '{name}' must be an unsigned integer.");
    }

    public long Int64(string name)
    {
        var v = Get(name);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var x) ? x : throw Fail(S7Errors.RngEnvelope, $"field '{name}' must be an integer.");
    }

    public double Double(string name)
    {
        var v = Get(name);
        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var x) ? x : throw Fail(S7Errors.RngEnvelope, $"field '{name}' must be a number.");
    }

    /// <summary>
    /// Checks the envelope: every field present and typed, <c>ts_utc</c> in RFC 3339 with 6 fractional digits,
    /// lineage equal to the run's, module and label as expected, <c>after − before = blocks</c>, <c>draws</c> a
    /// decimal string. Returns (before, after, blocks, draws).
    /// </summary>
    public (Counter128 Before, Counter128 After, ulong Blocks, ulong Draws) Envelope(S7Lineage lineage, string runId, string module, string label)
    {
        if (!Rfc3339Micros().IsMatch(String("ts_utc")))
        {
            throw Fail(S7Errors.RngEnvelope, $"ts_utc '{String("ts_utc")}' is not RFC 3339 UTC with exactly 6 fractional digits.");
        }

        Expect("run_id", String("run_id"), runId);
        Expect("seed", UInt64("seed").ToString(CultureInfo.InvariantCulture), lineage.Seed.ToString(CultureInfo.InvariantCulture));
        Expect("parameter_hash", String("parameter_hash"), lineage.ParameterHash);
        Expect("manifest_fingerprint", String("manifest_fingerprint"), lineage.ManifestFingerprint);
        Expect("module", String("module"), module);
        Expect("substream_label", String("substream_label"), label);
        var before = new Counter128(UInt64("rng_counter_before_hi"), UInt64("rng_counter_before_lo"));
        var after = new Counter128(UInt64("rng_counter_after_hi"), UInt64("rng_counter_after_lo"));
        var blocks = UInt64("blocks");
        if (Counter128.BlocksBetween(before, after) != blocks)
        {
            throw Fail(S7Errors.RngEnvelope, $"counter arithmetic: after {after} − before {before} = {Counter128.BlocksBetween(before, after)} but blocks = {blocks}.");
        }

        var drawsText = String("draws");
        if (drawsText.Length == 0 || (drawsText.Length > 1 && drawsText[0] == '0') || !ulong.TryParse(drawsText, NumberStyles.None, CultureInfo.InvariantCulture, out var draws))
        {
            throw Fail(S7Errors.RngEnvelope, $"draws '{drawsText}' must be a decimal u64 string.");
        }

        return (before, after, blocks, draws);
    }

    private void Expect(string name, string actual, string expected)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw Fail(S7Errors.RngEnvelope, $"envelope {name} '{actual}' differs from the run's '{expected}'.");
        }
    }
}
