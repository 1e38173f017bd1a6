using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Allot.Segment1A.Events;

/// <summary>
/// Builds flat JSON lines into one growable UTF-8 buffer without per-value allocations. Strings are written
/// without escaping: every string S7 writes is a validated token (hex, ISO capitals, <c>[A-Za-z0-9._-]</c>, fixed
/// labels), never free text. Doubles use the shortest round-trip form (<c>"R"</c>).
/// </summary>
internal sealed class JsonLineBuilder
{
    private byte[] _buffer;
    private bool _first;

    /// <summary>Creates a builder with <paramref name="capacity"/> bytes to start with (it grows as needed).</summary>
    public JsonLineBuilder(int capacity = 1 << 12) => _buffer = new byte[Math.Max(64, capacity)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void BeginObject()
    {
        Raw("{"u8);
        _first = true;
    }

    public void EndObject() => Raw("}\n"u8);

    /// <summary>Starts an object with <c>ts_utc</c> and a pre-encoded run of constant fields (starting with a comma).</summary>
    public void BeginObject(ReadOnlySpan<byte> timestamp, ReadOnlySpan<byte> constantFields)
    {
        Raw("{\"ts_utc\":"u8);
        Raw(timestamp);
        Raw(constantFields);
        _first = false;
    }

    public void Append(ReadOnlySpan<byte> bytes) => Raw(bytes);

    public void String(ReadOnlySpan<byte> name, string value)
    {
        Name(name);
        Raw("\""u8);
        Ensure(value.Length);
        Length += Encoding.ASCII.GetBytes(value, _buffer.AsSpan(Length));
        Raw("\""u8);
    }

    public void RawValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> json)
    {
        Name(name);
        Raw(json);
    }

    public void Number(ReadOnlySpan<byte> name, long value)
    {
        Name(name);
        Int64(value);
    }

    public void Number(ReadOnlySpan<byte> name, ulong value)
    {
        Name(name);
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(Length), out var n);
        Length += n;
    }

    public void Number(ReadOnlySpan<byte> name, double value)
    {
        Name(name);
        Double(value);
    }

    public void DecimalString(ReadOnlySpan<byte> name, ulong value)
    {
        Name(name);
        Raw("\""u8);
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(Length), out var n);
        Length += n;
        Raw("\""u8);
    }

    public void DoubleArray(ReadOnlySpan<byte> name, ReadOnlySpan<double> values)
    {
        Name(name);
        Raw("["u8);
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                Raw(","u8);
            }

            Double(values[i]);
        }

        Raw("]"u8);
    }

    public void StringArray(ReadOnlySpan<byte> name, ReadOnlySpan<ushort> isoCodes)
    {
        Name(name);
        Raw("["u8);
        for (var i = 0; i < isoCodes.Length; i++)
        {
            Ensure(5);
            if (i > 0)
            {
                _buffer[Length++] = (byte)',';
            }

            _buffer[Length++] = (byte)'"';
            _buffer[Length++] = (byte)(isoCodes[i] >> 8);
            _buffer[Length++] = (byte)(isoCodes[i] & 0xFF);
            _buffer[Length++] = (byte)'"';
        }

        Raw("]"u8);
    }

    public void Iso(ReadOnlySpan<byte> name, ushort isoCode)
    {
        Name(name);
        Ensure(4);
        _buffer[Length++] = (byte)'"';
        _buffer[Length++] = (byte)(isoCode >> 8);
        _buffer[Length++] = (byte)(isoCode & 0xFF);
        _buffer[Length++] = (byte)'"';
    }

    private void Name(ReadOnlySpan<byte> name)
    {
        Ensure(name.Length + 4);
        if (!_first)
        {
            _buffer[Length++] = (byte)',';
        }

        _first = false;
        _buffer[Length++] = (byte)'"';
        name.CopyTo(_buffer.AsSpan(Length));
        Length += name.Length;
        _buffer[Length++] = (byte)'"';
        _buffer[Length++] = (byte)':';
    }

    private void Int64(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(Length), out var n);
        Length += n;
    }

    private void Double(double value)
    {
        Ensure(32);
        value.TryFormat(_buffer.AsSpan(Length), out var n, "R", CultureInfo.InvariantCulture);
        Length += n;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}
