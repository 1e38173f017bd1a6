using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Allot.Core.Errors;
using Allot.Core.Random;

namespace Allot.Segment1A.Validation;

/// <summary>Typed access to the fields of one event line; a missing or mistyped field is <c>E_RNG_ENVELOPE</c>.</summary>
internal readonly struct EventFields(JsonLine line, JsonlCursor cursor, string key)
{
    public JsonLine Line => line;

    public AllotException Fail(string code, string message) => S7Errors.Fail(code, message, cursor.File, cursor.Line, key);

    public void Require(EventField field)
    {
        if (line.Kind(field) == JsonValueKind.Undefined)
        {
            throw Fail(S7Errors.RngEnvelope, $"field '{JsonLine.Name(field)}' is missing.");
        }
    }

    public string String(EventField field)
    {
        RequireString(field);
        return line.GetString(field);
    }

    /// <summary>True when the string field equals <paramref name="expectedUtf8"/>; the field must be a string.</summary>
    public bool StringIs(EventField field, ReadOnlySpan<byte> expectedUtf8)
    {
        RequireString(field);
        return line.StringEquals(field, expectedUtf8);
    }

    public ulong UInt64(EventField field)
    {
        Require(field);
        return line.TryGetUInt64(field, out var x) ? x : throw Fail(S7Errors.RngEnvelope, $"field '{JsonLine.Name(field)}' must be an unsigned integer.");
    }

    public long Int64(EventField field)
    {
        Require(field);
        return line.TryGetInt64(field, out var x) ? x : throw Fail(S7Errors.RngEnvelope, $"field '{JsonLine.Name(field)}' must be an integer.");
    }

    public double Double(EventField field)
    {
        Require(field);
        return line.TryGetDouble(field, out var x) ? x : throw Fail(S7Errors.RngEnvelope, $"field '{JsonLine.Name(field)}' must be a number.");
    }

    /// <summary>
    /// Checks the envelope: every field present and typed, <c>ts_utc</c> in RFC 3339 with 6 fractional digits,
    /// lineage equal to the run's, module and label as expected, <c>after − before = blocks</c>, <c>draws</c> a
    /// decimal string. Returns (before, after, blocks, draws).
    /// </summary>
    public (Counter128 Before, Counter128 After, ulong Blocks, ulong Draws) Envelope(EnvelopeExpectation expected, Utf8Text module, Utf8Text label)
    {
        RequireString(EventField.TsUtc);
        if (!IsRfc3339Micros(line.Raw(EventField.TsUtc)))
        {
            throw Fail(S7Errors.RngEnvelope, $"ts_utc '{String(EventField.TsUtc)}' is not RFC 3339 UTC with exactly 6 fractional digits.");
        }

        Expect(EventField.RunId, expected.RunId);
        var seed = UInt64(EventField.Seed);
        if (seed != expected.Seed)
        {
            throw Fail(S7Errors.RngEnvelope, $"envelope seed '{seed.ToString(CultureInfo.InvariantCulture)}' differs from the run's '{expected.Seed.ToString(CultureInfo.InvariantCulture)}'.");
        }

        Expect(EventField.ParameterHash, expected.ParameterHash);
        Expect(EventField.ManifestFingerprint, expected.ManifestFingerprint);
        Expect(EventField.Module, module);
        Expect(EventField.SubstreamLabel, label);
        var before = new Counter128(UInt64(EventField.RngCounterBeforeHi), UInt64(EventField.RngCounterBeforeLo));
        var after = new Counter128(UInt64(EventField.RngCounterAfterHi), UInt64(EventField.RngCounterAfterLo));
        var blocks = UInt64(EventField.Blocks);
        if (Counter128.BlocksBetween(before, after) != blocks)
        {
            throw Fail(S7Errors.RngEnvelope, $"counter arithmetic: after {after} − before {before} = {Counter128.BlocksBetween(before, after)} but blocks = {blocks}.");
        }

        RequireString(EventField.Draws);
        var raw = line.Raw(EventField.Draws);
        ulong draws = 0;
        var valid = raw.IndexOf((byte)'\\') < 0
            ? raw.Length > 0 && !(raw.Length > 1 && raw[0] == '0') && raw.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 && Utf8Parser.TryParse(raw, out draws, out var used) && used == raw.Length
            : line.GetString(EventField.Draws) is var text && text.Length > 0 && !(text.Length > 1 && text[0] == '0') && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out draws);
        if (!valid)
        {
            throw Fail(S7Errors.RngEnvelope, $"draws '{line.GetString(EventField.Draws)}' must be a decimal u64 string.");
        }

        return (before, after, blocks, draws);
    }

    private void RequireString(EventField field)
    {
        Require(field);
        if (line.Kind(field) != JsonValueKind.String)
        {
            throw Fail(S7Errors.RngEnvelope, $"field '{JsonLine.Name(field)}' must be a string.");
        }
    }

    private void Expect(EventField field, Utf8Text expected)
    {
        if (!StringIs(field, expected.Bytes))
        {
            throw Fail(S7Errors.RngEnvelope, $"envelope {JsonLine.Name(field)} '{String(field)}' differs from the run's '{expected.Text}'.");
        }
    }

    // ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$ without a regex: checked on every event line.
    internal static bool IsRfc3339Micros(ReadOnlySpan<byte> s)
    {
        const string pattern = "dddd-dd-ddTdd:dd:dd.ddddddZ";
        if (s.Length != pattern.Length)
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            var ok = pattern[i] == 'd' ? s[i] is >= (byte)'0' and <= (byte)'9' : s[i] == pattern[i];
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The lineage every envelope must carry.</summary>
internal sealed record EnvelopeExpectation(Utf8Text RunId, ulong Seed, Utf8Text ParameterHash, Utf8Text ManifestFingerprint);

/// <summary>A string with its UTF-8 bytes, compared against log values without decoding them.</summary>
internal sealed record Utf8Text(string Text)
{
    public byte[] Bytes { get; } = Encoding.UTF8.GetBytes(Text);
}
