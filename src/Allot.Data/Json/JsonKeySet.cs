using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Allot.Data.Json;

/// <summary>
/// The keys of one JSON object read with a <see cref="Utf8JsonReader"/>, to refuse a key given twice. JSON leaves a
/// repeated name to the reader (System.Text.Json keeps the last value, other readers the first or fail), so an input or
/// log line that repeats one is ambiguous, not "the last value". Names are compared unescaped (<c>"n_\u006futlets"</c>
/// is <c>n_outlets</c>) and kept in one reused buffer: a streaming reader that calls <see cref="Clear"/> per object
/// allocates nothing per line once warm.
/// </summary>
public sealed class JsonKeySet
{
    private byte[] _bytes = new byte[512];
    private int[] _ends = new int[32];
    private int _count;
    private int _used;

    // One bit per hash bucket of the names seen: an event has ~20 keys, so most new names meet an empty bucket and are
    // never compared byte by byte (10^7 lines must not pay 20² comparisons each).
    private ulong _buckets;

    /// <summary>The name that <see cref="Add"/> last refused, as text (for the error message).</summary>
    public string Repeated { get; private set; } = string.Empty;

    /// <summary>Forgets every name: call it at the start of each object.</summary>
    public void Clear() => (_count, _used, _buckets) = (0, 0, 0);

    /// <summary>Records the property name <paramref name="reader"/> is on.</summary>
    /// <param name="reader">A reader whose current token is <see cref="JsonTokenType.PropertyName"/>.</param>
    /// <returns>False when the object already has this name (then <see cref="Repeated"/> holds it).</returns>
    public bool Add(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.PropertyName)
        {
            throw new InvalidOperationException($"the reader is on {reader.TokenType}, not on a property name.");
        }

        ReadOnlySpan<byte> raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        if (_bytes.Length - _used < raw.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + raw.Length));
        }

        // An unescaped name is never longer than its escaped form, so the room made above is enough.
        int length;
        if (reader.ValueIsEscaped)
        {
            length = reader.CopyString(_bytes.AsSpan(_used));
        }
        else
        {
            raw.CopyTo(_bytes.AsSpan(_used));
            length = raw.Length;
        }

        var name = _bytes.AsSpan(_used, length);
        var bit = 1UL << (int)((((uint)length * 31) + (length > 0 ? (name[0] * 7u) + name[^1] : 0u)) & 63);
        if ((_buckets & bit) != 0)
        {
            for (int i = 0, start = 0; i < _count; start = _ends[i++])
            {
                if (name.SequenceEqual(_bytes.AsSpan(start, _ends[i] - start)))
                {
                    Repeated = Encoding.UTF8.GetString(name);
                    return false;
                }
            }
        }

        _buckets |= bit;
        if (_count == _ends.Length)
        {
            Array.Resize(ref _ends, _count * 2);
        }

        _used += length;
        _ends[_count++] = _used;
        return true;
    }

    /// <summary>
    /// Throws when an object anywhere inside the value at <paramref name="reader"/> (a copy: the caller's reader does not
    /// move) gives a key twice. The value must be complete in the reader's buffer.
    /// </summary>
    /// <exception cref="JsonException">A key is repeated; the message names it.</exception>
    public static void ThrowIfAnyKeyRepeated(Utf8JsonReader reader)
    {
        var open = new List<JsonKeySet?>();
        do
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    open.Add(new JsonKeySet());
                    break;
                case JsonTokenType.StartArray:
                    open.Add(null);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    open.RemoveAt(open.Count - 1);
                    break;
                case JsonTokenType.PropertyName when open[^1] is { } keys && !keys.Add(ref reader):
                    throw new JsonException($"the key '{keys.Repeated}' appears twice in one object; a repeated key is ambiguous (readers disagree on which value counts).");
            }
        }
        while (open.Count > 0 && reader.Read());
    }
}
