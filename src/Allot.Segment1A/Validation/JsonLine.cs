using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Allot.Segment1A.Validation;

/// <summary>
/// One flat JSONL object of the S7 logs, parsed once with <see cref="Utf8JsonReader"/> into slots of the
/// fields the validator knows (<see cref="EventField"/>). Values stay as UTF-8 spans of the batch buffer and
/// are converted only when a check reads them, with the same rules as <see cref="JsonElement"/>'s
/// <c>TryGet…</c> methods, so the validator's verdicts are those of a DOM parser without a DOM per line.
/// Instances are pooled per batch: a line is valid until its cursor moves to the next batch.
/// </summary>
internal sealed class JsonLine
{
    private static readonly byte[][] Utf8Names = Enum.GetNames<EventField>().Select(n => Encoding.UTF8.GetBytes(ToSnake(n))).ToArray();

    private readonly JsonValueKind[] _kind = new JsonValueKind[Utf8Names.Length];
    private readonly int[] _start = new int[Utf8Names.Length];
    private readonly int[] _length = new int[Utf8Names.Length];
    private readonly string?[] _unescaped = new string?[Utf8Names.Length];
    private readonly int[] _firstElement = new int[Utf8Names.Length];
    private readonly int[] _elementCount = new int[Utf8Names.Length];
    private readonly List<Element> _elements = [];
    private readonly Allot.Data.Json.JsonKeySet _keys = new();
    private byte[] _buffer = [];

    /// <summary>1-based line number in the file.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The JSON name of <paramref name="field"/> (for messages).</summary>
    public static string Name(EventField field) => Encoding.UTF8.GetString(Utf8Names[(int)field]);

    /// <summary>The kind of the field's value; <see cref="JsonValueKind.Undefined"/> when the field is absent.</summary>
    public JsonValueKind Kind(EventField field) => _kind[(int)field];

    /// <summary>
    /// Parses <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="start"/>.
    /// Returns null on success, else the reason the line is rejected (not UTF-8, not JSON, not an object, a key given twice).
    /// </summary>
    public string? Parse(byte[] buffer, int start, int length, long lineNumber)
    {
        _buffer = buffer;
        LineNumber = lineNumber;
        Array.Clear(_kind);
        Array.Clear(_unescaped);
        _elements.Clear();
        _keys.Clear();
        var span = buffer.AsSpan(start, length);
        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            return "the line is not valid UTF-8.";
        }

        try
        {
            var reader = new Utf8JsonReader(span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read())
            {
                return "the line is not valid JSON: it is empty.";
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                // Validate the rest first: invalid JSON is reported as such, like a DOM parser would.
                reader.Skip();
                return reader.Read() ? "the line is not valid JSON: text after the value." : "the line is not a JSON object.";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // A repeated name is two claims about one event: keeping the last (as a DOM would) passed a line whose
                // first value a first-wins reader takes, so the line is refused whatever the values.
                if (!_keys.Add(ref reader))
                {
                    return $"the key '{_keys.Repeated}' appears twice in the line.";
                }

                var field = Lookup(ref reader);
                reader.Read();
                if (field < 0)
                {
                    reader.Skip();
                    continue;
                }

                _unescaped[field] = null;
                _kind[field] = Record(ref reader, start, out _start[field], out _length[field], out _unescaped[field]);
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    _firstElement[field] = _elements.Count;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var kind = Record(ref reader, start, out var s, out var l, out var text);
                        _elements.Add(new Element(kind, s, l, text));
                        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                        {
                            reader.Skip();
                        }
                    }

                    _elementCount[field] = _elements.Count - _firstElement[field];
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                {
                    reader.Skip();
                }
            }

            // Whitespace may follow the object; anything else is invalid JSON (the reader throws).
            return reader.Read() ? "the line is not valid JSON: text after the object." : null;
        }
        catch (JsonException ex)
        {
            return $"the line is not valid JSON: {ex.Message}";
        }
    }

    /// <summary>The string value, unescaped; only for <see cref="JsonValueKind.String"/>.</summary>
    public string GetString(EventField field) =>
        _unescaped[(int)field] ?? Encoding.UTF8.GetString(_buffer, _start[(int)field], _length[(int)field]);

    /// <summary>True when the string value equals <paramref name="expectedUtf8"/> (no allocation).</summary>
    public bool StringEquals(EventField field, ReadOnlySpan<byte> expectedUtf8) =>
        _unescaped[(int)field] is { } text
            ? Encoding.UTF8.GetByteCount(text) == expectedUtf8.Length && Encoding.UTF8.GetString(expectedUtf8) == text
            : _buffer.AsSpan(_start[(int)field], _length[(int)field]).SequenceEqual(expectedUtf8);

    /// <summary>The raw UTF-8 text of the value (the number as written, the string without quotes).</summary>
    public ReadOnlySpan<byte> Raw(EventField field) => _buffer.AsSpan(_start[(int)field], _length[(int)field]);

    /// <summary>Number of elements of an array value.</summary>
    public int ElementCount(EventField field) => _elementCount[(int)field];

    /// <summary>The kind of element <paramref name="index"/> of an array value.</summary>
    public JsonValueKind ElementKind(EventField field, int index) => _elements[_firstElement[(int)field] + index].Kind;

    /// <summary>Element <paramref name="index"/> of an array value as a string (only for string elements).</summary>
    public string ElementString(EventField field, int index)
    {
        var e = _elements[_firstElement[(int)field] + index];
        return e.Unescaped ?? Encoding.UTF8.GetString(_buffer, e.Start, e.Length);
    }

    /// <summary>Element <paramref name="index"/> as a double, with <see cref="JsonElement.TryGetDouble"/>'s rules.</summary>
    public bool TryGetElementDouble(EventField field, int index, out double value)
    {
        var e = _elements[_firstElement[(int)field] + index];
        value = 0;
        return e.Kind == JsonValueKind.Number && TryDouble(_buffer.AsSpan(e.Start, e.Length), out value);
    }

    /// <summary>The raw text of element <paramref name="index"/> (for messages).</summary>
    public string ElementRawText(EventField field, int index)
    {
        var e = _elements[_firstElement[(int)field] + index];
        return e.Unescaped ?? Encoding.UTF8.GetString(_buffer, e.Start, e.Length);
    }

    /// <summary>The value as UInt64 with <see cref="JsonElement.TryGetUInt64"/>'s rules (a plain integer literal).</summary>
    public bool TryGetUInt64(EventField field, out ulong value)
    {
        value = 0;
        return _kind[(int)field] == JsonValueKind.Number && Utf8Parser.TryParse(Raw(field), out value, out var used) && used == _length[(int)field];
    }

    /// <summary>The value as Int64 with <see cref="JsonElement.TryGetInt64"/>'s rules.</summary>
    public bool TryGetInt64(EventField field, out long value)
    {
        value = 0;
        return _kind[(int)field] == JsonValueKind.Number && Utf8Parser.TryParse(Raw(field), out value, out var used) && used == _length[(int)field];
    }

    /// <summary>The value as a double with <see cref="JsonElement.TryGetDouble"/>'s rules (finite only).</summary>
    public bool TryGetDouble(EventField field, out double value)
    {
        value = 0;
        return _kind[(int)field] == JsonValueKind.Number && TryDouble(Raw(field), out value);
    }

    // JsonElement.TryGetDouble: Utf8Parser over the whole literal, and only finite values.
    private static bool TryDouble(ReadOnlySpan<byte> raw, out double value) =>
        Utf8Parser.TryParse(raw, out value, out var used) && used == raw.Length && double.IsFinite(value);

    private static JsonValueKind Record(ref Utf8JsonReader reader, int lineStart, out int start, out int length, out string? unescaped)
    {
        unescaped = null;
        start = lineStart + (int)reader.TokenStartIndex;
        length = reader.ValueSpan.Length;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                start++; // past the opening quote: ValueSpan is the text between the quotes
                if (reader.ValueIsEscaped)
                {
                    unescaped = reader.GetString();
                }

                return JsonValueKind.String;
            case JsonTokenType.Number:
                return JsonValueKind.Number;
            case JsonTokenType.StartArray:
                return JsonValueKind.Array;
            case JsonTokenType.StartObject:
                return JsonValueKind.Object;
            case JsonTokenType.True:
                return JsonValueKind.True;
            case JsonTokenType.False:
                return JsonValueKind.False;
            default:
                return JsonValueKind.Null;
        }
    }

    private static int Lookup(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            var name = reader.GetString()!;
            for (var i = 0; i < Utf8Names.Length; i++)
            {
                if (Encoding.UTF8.GetString(Utf8Names[i]) == name)
                {
                    return i;
                }
            }

            return -1;
        }

        var span = reader.ValueSpan;
        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (span.SequenceEqual(Utf8Names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string ToSnake(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private readonly record struct Element(JsonValueKind Kind, int Start, int Length, string? Unescaped);
}
