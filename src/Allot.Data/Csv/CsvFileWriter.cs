using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Allot.Data.Csv;

/// <summary>
/// The one CSV writer of the product. Deterministic bytes: UTF-8 (BOM only when asked, for spreadsheets that need
/// it to detect UTF-8), LF line ends, a header row, then rows of exactly the header's width, every text cell
/// neutralised and quoted by <see cref="CsvCell.Text"/>; numbers written by the typed methods stay numbers.
/// Cells go straight into a byte buffer as UTF-8 (numbers formatted as UTF-8 in place), and cells that repeat over
/// many rows can be rendered once as a <see cref="CsvFragment"/> and copied in: a 243 MB pick list spends its time on
/// what differs from line to line.
/// </summary>
public sealed class CsvFileWriter : IDisposable
{
    private const int BufferBytes = 1 << 16;

    [ThreadStatic]
    private static MemoryStream? renderScratch;

    private readonly Stream _destination;
    private readonly int _width;
    private readonly bool _loneEmptyQuoted;
    private byte[] _buffer;
    private int _used;
    private int _field;

    /// <summary>Writes the header to <paramref name="destination"/> (left open) and waits for rows.</summary>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="header">Column names (written as neutralised text cells).</param>
    /// <param name="byteOrderMark">Start the file with the UTF-8 BOM (EF BB BF).</param>
    public CsvFileWriter(Stream destination, IReadOnlyList<string> header, bool byteOrderMark = false)
        : this(destination, header?.Count ?? throw new ArgumentNullException(nameof(header)), loneEmptyQuoted: true)
    {
        if (header.Count == 0)
        {
            throw new ArgumentException("a CSV needs at least one column.", nameof(header));
        }

        if (byteOrderMark)
        {
            Raw(Encoding.UTF8.Preamble);
        }

        foreach (var name in header)
        {
            Text(name);
        }

        EndRow();
        Rows = 0;
    }

    private CsvFileWriter(Stream destination, int width, bool loneEmptyQuoted)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _destination = destination;
        _width = width;
        _loneEmptyQuoted = loneEmptyQuoted;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    }

    /// <summary>Data rows written so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Renders a whole file in memory (for outputs that are hashed or compared before publication).</summary>
    public static byte[] ToBytes(IReadOnlyList<string> header, Action<CsvFileWriter> rows, bool byteOrderMark = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var buffer = new MemoryStream();
        using (var writer = new CsvFileWriter(buffer, header, byteOrderMark))
        {
            rows(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Renders <paramref name="cells"/> consecutive cells once (written by <paramref name="render"/> with this class's
    /// own methods, so neutralised and quoted the same way) for <see cref="Fragment"/> to copy into many rows.
    /// </summary>
    public static CsvFragment Render(int cells, Action<CsvFileWriter> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        return Render(cells, render, static (writer, r) => r(writer));
    }

    /// <summary>
    /// <see cref="Render(int, Action{CsvFileWriter})"/> with the values passed as <paramref name="state"/>, so a
    /// static lambda renders them and a caller on a hot path allocates no closure.
    /// </summary>
    public static CsvFragment Render<TState>(int cells, TState state, Action<CsvFileWriter, TState> render)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 1);
        ArgumentNullException.ThrowIfNull(render);

        // One scratch stream per thread (a pick list renders a fragment or two per row), taken while in use so that
        // a render within a render gets its own.
        var buffer = renderScratch ?? new MemoryStream(256);
        renderScratch = null;
        try
        {
            buffer.SetLength(0);
            using (var writer = new CsvFileWriter(buffer, cells, loneEmptyQuoted: false))
            {
                render(writer, state);
                if (writer._field != cells)
                {
                    throw new InvalidOperationException($"a CSV fragment of {cells} cells got {writer._field}.");
                }
            }

            return new CsvFragment(buffer.ToArray(), cells);
        }
        finally
        {
            renderScratch = buffer;
        }
    }

    /// <summary>A text cell (neutralised and quoted as needed; null is empty).</summary>
    public CsvFileWriter Text(string? value) => Text((value ?? string.Empty).AsSpan());

    /// <summary>
    /// A text cell quoted as RFC 4180 requires but <b>not</b> neutralised: for files that imitate what other
    /// producers write (test and demo inputs carry formula-like cells on purpose, to prove Allot's outputs
    /// neutralise them). Never use it for an output a person opens.
    /// </summary>
    public CsvFileWriter Verbatim(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return CsvCell.NeedsQuotes(value) ? Quoted(value) : Cell(value);
    }

    /// <summary>A text cell given as characters (no string made unless it must be neutralised).</summary>
    public CsvFileWriter Text(ReadOnlySpan<char> value)
    {
        if (CsvCell.NeedsNeutralising(value))
        {
            return Cell(CsvCell.Text(new string(value)));
        }

        return CsvCell.NeedsQuotes(value) ? Quoted(value) : Cell(value);
    }

    /// <summary>
    /// A text cell given as UTF-8 (for text built as bytes, such as the pick list's rationale sentence, so it is never
    /// transcoded): neutralised and quoted exactly as <see cref="Text(ReadOnlySpan{char})"/> would write the same
    /// characters. Invalid UTF-8 is refused, as a lone surrogate is for characters.
    /// </summary>
    public CsvFileWriter TextUtf8(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new ArgumentException("a CSV cell given as UTF-8 holds an invalid byte sequence.", nameof(utf8));
        }

        if (utf8.IsEmpty)
        {
            // The characters' path for an empty cell (a lone empty cell is quoted so it is not a blank line).
            return Empty();
        }

        if (utf8[0] is (byte)'=' or (byte)'+' or (byte)'-' or (byte)'@' or (byte)'\t' or (byte)'\r' && !IsAsciiNumber(utf8))
        {
            // A formula's first character: rare, so the characters' own path does it (one rule for neutralising).
            return Text(Encoding.UTF8.GetString(utf8).AsSpan());
        }

        Separator();
        if (utf8.IndexOfAny(",\"\r\n"u8) < 0 && !EdgeIsWhiteSpace(utf8))
        {
            Raw(utf8);
        }
        else
        {
            Raw((byte)'"');
            for (var quote = utf8.IndexOf((byte)'"'); quote >= 0; quote = utf8.IndexOf((byte)'"'))
            {
                Raw(utf8[..(quote + 1)]);
                Raw((byte)'"');
                utf8 = utf8[(quote + 1)..];
            }

            Raw(utf8);
            Raw((byte)'"');
        }

        _field++;
        return this;

        static bool IsAsciiNumber(ReadOnlySpan<byte> bytes)
        {
            if (!Ascii.IsValid(bytes))
            {
                return false;
            }

            var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
            try
            {
                var n = Encoding.ASCII.GetChars(bytes, chars);
                return CsvCell.IsNumber(chars.AsSpan(0, n));
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }

        // Matches char.IsWhiteSpace on the first and last characters (no white space lies outside the BMP).
        static bool EdgeIsWhiteSpace(ReadOnlySpan<byte> bytes) =>
            ((Rune.DecodeFromUtf8(bytes, out var first, out _) == OperationStatus.Done && Rune.IsWhiteSpace(first))
                || (Rune.DecodeLastFromUtf8(bytes, out var last, out _) == OperationStatus.Done && Rune.IsWhiteSpace(last)));
    }

    /// <summary>An integer cell.</summary>
    public CsvFileWriter Integer(long value) => Number(value, 20, default);

    /// <summary>A double cell (shortest round trip; NaN empty).</summary>
    public CsvFileWriter Real(double value) =>
        double.IsFinite(value) ? Number(value, 32, "R") : Cell(CsvCell.Real(value));

    /// <summary>A decimal cell (null empty).</summary>
    public CsvFileWriter Decimal(decimal? value) => value is { } d ? Number(d, 40, default) : Empty();

    /// <summary>
    /// A number already rendered as text (e.g. a weight exactly as it was read). Written as is when it is a plain
    /// number (<see cref="CsvCell.IsNumber"/>), otherwise as a text cell, so it can never smuggle a formula.
    /// </summary>
    public CsvFileWriter NumberText(string? value) =>
        value is not null && CsvCell.IsNumber(value) ? Cell(value) : Text(value);

    /// <summary>An empty cell.</summary>
    public CsvFileWriter Empty() => Cell(string.Empty);

    /// <summary>The cells of <paramref name="fragment"/>, as <see cref="Render"/> wrote them.</summary>
    public CsvFileWriter Fragment(CsvFragment fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        if (fragment.Cells == 1 && fragment.Bytes.Length == 0)
        {
            return Empty();
        }

        if (_field + fragment.Cells > _width)
        {
            throw new InvalidOperationException($"a CSV row has more cells than the header's {_width}.");
        }

        if (_field > 0)
        {
            Raw((byte)',');
        }

        Raw(fragment.Bytes);
        _field += fragment.Cells;
        return this;
    }

    /// <summary>Ends the current row; it must have exactly the header's width.</summary>
    public void EndRow()
    {
        if (_field != _width)
        {
            throw new InvalidOperationException($"a CSV row has {_field} cells but the header has {_width}.");
        }

        Raw((byte)'\n');
        _field = 0;
        Rows++;
    }

    /// <summary>Flushes to the destination (which stays open).</summary>
    public void Flush()
    {
        Drain();
        _destination.Flush();
    }

    /// <summary>Flushes and releases the writer (the destination stays open). A row left unended is not written
    /// out whole: callers end every row.</summary>
    public void Dispose()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        try
        {
            Flush();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>
    /// A cell quoted as <see cref="CsvCell.Text"/> quotes it (inner quotes doubled), written piece by piece: a long
    /// quoted cell (a pick list's rationale sentence) makes no string.
    /// </summary>
    private CsvFileWriter Quoted(ReadOnlySpan<char> value)
    {
        Separator();
        Raw((byte)'"');
        for (var quote = value.IndexOf('"'); quote >= 0; quote = value.IndexOf('"'))
        {
            Chars(value[..(quote + 1)]);
            Raw((byte)'"');
            value = value[(quote + 1)..];
        }

        Chars(value);
        Raw((byte)'"');
        _field++;
        return this;
    }

    private CsvFileWriter Cell(ReadOnlySpan<char> cell)
    {
        Separator();

        // A lone empty cell would be a blank line, which readers skip: quote it.
        if (_loneEmptyQuoted && _width == 1 && cell.Length == 0)
        {
            Raw("\"\""u8);
        }
        else
        {
            Chars(cell);
        }

        _field++;
        return this;
    }

    /// <summary>A number formatted as UTF-8 straight into the buffer (<paramref name="room"/>: its longest form, in bytes).</summary>
    private CsvFileWriter Number<T>(T value, int room, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        Separator();
        Reserve(room);
        value.TryFormat(_buffer.AsSpan(_used), out var n, format, CultureInfo.InvariantCulture);
        _used += n;
        _field++;
        return this;
    }

    /// <summary>The comma before every cell but a row's first; refuses a cell past the header's width.</summary>
    private void Separator()
    {
        if (_field == _width)
        {
            throw new InvalidOperationException($"a CSV row has more cells than the header's {_width}.");
        }

        if (_field > 0)
        {
            Raw((byte)',');
        }
    }

    /// <summary>Characters as UTF-8; a lone surrogate is refused (as the strict encoder did), never replaced.</summary>
    private void Chars(ReadOnlySpan<char> chars)
    {
        while (chars.Length > 0)
        {
            Reserve(Math.Min(chars.Length * 3, BufferBytes / 2));
            var status = Utf8.FromUtf16(chars, _buffer.AsSpan(_used), out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
            _used += written;
            chars = chars[read..];
            if (status == OperationStatus.InvalidData)
            {
                throw new EncoderFallbackException($"a CSV cell holds invalid UTF-16 (a lone surrogate) at character {read}.");
            }
        }
    }

    private void Raw(byte b)
    {
        if (_used == _buffer.Length)
        {
            Drain();
        }

        _buffer[_used++] = b;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _used)
        {
            Drain();
            if (bytes.Length > _buffer.Length)
            {
                _destination.Write(bytes);
                return;
            }
        }

        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    /// <summary>Makes room for <paramref name="bytes"/> (at most the buffer's size) at the end of the buffer.</summary>
    private void Reserve(int bytes)
    {
        if (_buffer.Length - _used < bytes)
        {
            Drain();
        }
    }

    private void Drain()
    {
        if (_used > 0)
        {
            _destination.Write(_buffer, 0, _used);
            _used = 0;
        }
    }
}

/// <summary>Consecutive CSV cells rendered once by <see cref="CsvFileWriter.Render"/> (UTF-8, separated by commas).</summary>
public sealed class CsvFragment
{
    internal CsvFragment(byte[] bytes, int cells)
    {
        Bytes = bytes;
        Cells = cells;
    }

    /// <summary>How many cells.</summary>
    public int Cells { get; }

    internal byte[] Bytes { get; }
}
