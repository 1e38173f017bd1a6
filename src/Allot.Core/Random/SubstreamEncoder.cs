using System.Buffers.Binary;
using System.Text;

namespace Allot.Core.Random;

/// <summary>
/// Builds the byte strings that are hashed to derive RNG state, with the engine's typed encodings:
/// <c>u64 → LE64</c>, <c>index → LE32</c>, <c>string → LE32(len(utf8)) ‖ utf8</c>, ISO codes upper-cased then
/// encoded as strings. Writes into a caller-supplied buffer (usually <c>stackalloc</c>) so derivation does not allocate.
/// </summary>
public ref struct SubstreamEncoder
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>An encoder writing into <paramref name="buffer"/>.</summary>
    public SubstreamEncoder(Span<byte> buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Appends raw bytes (e.g. the master material or fingerprint bytes).</summary>
    public void AppendBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
    }

    /// <summary>Appends <c>LE64(value)</c> (a u64 id).</summary>
    public void AppendU64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    /// <summary>Appends <c>LE32(value)</c> (an index id).</summary>
    public void AppendIndex(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    /// <summary>Appends <c>LE32(len(utf8(s))) ‖ utf8(s)</c>.</summary>
    public void AppendString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), (uint)length);
        Encoding.UTF8.GetBytes(value, Reserve(length));
    }

    /// <summary>Appends an ISO code: upper-cased (invariant), then as a string.</summary>
    public void AppendIso(string iso) => AppendString(iso.ToUpperInvariant());

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            throw new ArgumentException($"substream encoding exceeds its {_buffer.Length}-byte buffer.");
        }

        var span = _buffer.Slice(_length, count);
        _length += count;
        return span;
    }
}
