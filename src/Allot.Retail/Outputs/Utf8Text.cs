using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Allot.Retail.Outputs;

/// <summary>
/// Text built as UTF-8 in a buffer reused from line to line. The pick list's rationale sentence (55 % of its bytes,
/// with Chinese names in it) is assembled here from pieces that are UTF-8 already (fixed words, numbers formatted as
/// UTF-8, a row's and a label's text encoded once) and handed to the CSV writer as bytes: built as characters it was
/// copied twice and transcoded whole on every line.
/// </summary>
internal sealed class Utf8Text
{
    // Labels (climates, store types, seasons, dominant types) are a handful of strings shared by reference across a
    // run: each is encoded once and kept in a small direct-mapped cache (by reference; a label that collides or a run
    // whose labels are all distinct strings is simply encoded again, so memory stays bounded).
    private const int LabelSlots = 64;

    private readonly (string? Label, byte[] Utf8)[] labels = new (string?, byte[])[LabelSlots];
    private byte[] bytes = new byte[512];
    private int length;

    /// <summary>The text so far.</summary>
    public ReadOnlySpan<byte> Span => bytes.AsSpan(0, length);

    /// <summary>Empties the text (the buffer is kept).</summary>
    public Utf8Text Clear()
    {
        length = 0;
        return this;
    }

    /// <summary>Bytes that are UTF-8 already (literals, encoded parts).</summary>
    public Utf8Text Append(ReadOnlySpan<byte> utf8)
    {
        Reserve(utf8.Length);
        utf8.CopyTo(bytes.AsSpan(length));
        length += utf8.Length;
        return this;
    }

    /// <summary>Characters, encoded here; a lone surrogate is refused as the CSV writer refuses it.</summary>
    public Utf8Text Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length * 3);
        if (Utf8.FromUtf16(text, bytes.AsSpan(length), out var read, out var written, replaceInvalidSequences: false) == OperationStatus.InvalidData)
        {
            throw new EncoderFallbackException($"a rationale holds invalid UTF-16 (a lone surrogate) at character {read}.");
        }

        length += written;
        return this;
    }

    /// <summary>A label that recurs across lines (a climate, a store type): encoded once, then copied.</summary>
    public Utf8Text AppendLabel(string label)
    {
        ref var slot = ref labels[RuntimeHelpers.GetHashCode(label) & (LabelSlots - 1)];
        if (!ReferenceEquals(slot.Label, label))
        {
            slot = (label, Encode(label));
        }

        return Append(slot.Utf8);
    }

    /// <summary>A number formatted as UTF-8 in place (invariant culture; <paramref name="format"/> as for <c>ToString</c>).</summary>
    public Utf8Text Append<T>(T value, string? format = null)
        where T : IUtf8SpanFormattable
    {
        Reserve(64);
        int written;
        while (!value.TryFormat(bytes.AsSpan(length), out written, format, CultureInfo.InvariantCulture))
        {
            Array.Resize(ref bytes, bytes.Length * 2);
        }

        length += written;
        return this;
    }

    /// <summary>The text as a string (for outputs other than the pick list).</summary>
    public override string ToString() => Encoding.UTF8.GetString(Span);

    /// <summary>Characters as UTF-8, with the same refusal of lone surrogates as <see cref="Append(ReadOnlySpan{char})"/>.</summary>
    public static byte[] Encode(string text)
    {
        var utf8 = new byte[Encoding.UTF8.GetByteCount(text)];
        if (Utf8.FromUtf16(text, utf8, out var read, out _, replaceInvalidSequences: false) == OperationStatus.InvalidData)
        {
            throw new EncoderFallbackException($"a rationale holds invalid UTF-16 (a lone surrogate) at character {read}.");
        }

        return utf8;
    }

    private void Reserve(int more)
    {
        if (bytes.Length - length < more)
        {
            Array.Resize(ref bytes, Math.Max(length + more, bytes.Length * 2));
        }
    }
}
