using System.Globalization;
using System.Text;

namespace Allot.Data.Csv;

/// <summary>
/// The one CSV writer of the product. Deterministic bytes: UTF-8 (BOM only when asked, for spreadsheets that need
/// it to detect UTF-8), LF line ends, a header row, then rows of exactly the header's width, every text cell
/// neutralised and quoted by <see cref="CsvCell.Text"/>; numbers written by the typed methods stay numbers.
/// </summary>
public sealed class CsvFileWriter : IDisposable
{
    private static readonly UTF8Encoding NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly StreamWriter _writer;
    private readonly int _width;
    private int _field;

    /// <summary>Writes the header to <paramref name="destination"/> (left open) and waits for rows.</summary>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="header">Column names (written as neutralised text cells).</param>
    /// <param name="byteOrderMark">Start the file with the UTF-8 BOM (EF BB BF).</param>
    public CsvFileWriter(Stream destination, IReadOnlyList<string> header, bool byteOrderMark = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(header);
        if (header.Count == 0)
        {
            throw new ArgumentException("a CSV needs at least one column.", nameof(header));
        }

        if (byteOrderMark)
        {
            destination.Write(Encoding.UTF8.Preamble);
        }

        _writer = new StreamWriter(destination, NoBom, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        _width = header.Count;
        foreach (var name in header)
        {
            Text(name);
        }

        EndRow();
        Rows = 0;
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

    /// <summary>A text cell (neutralised and quoted as needed; null is empty).</summary>
    public CsvFileWriter Text(string? value) => Cell(CsvCell.Text(value));

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

    /// <summary>An integer cell.</summary>
    public CsvFileWriter Integer(long value)
    {
        Span<char> digits = stackalloc char[20];
        value.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
        return Cell(digits[..n]);
    }

    /// <summary>A double cell (shortest round trip; NaN empty).</summary>
    public CsvFileWriter Real(double value) => Cell(CsvCell.Real(value));

    /// <summary>A decimal cell (null empty).</summary>
    public CsvFileWriter Decimal(decimal? value) => Cell(CsvCell.Decimal(value));

    /// <summary>
    /// A number already rendered as text (e.g. a weight exactly as it was read). Written as is when it is a plain
    /// number (<see cref="CsvCell.IsNumber"/>), otherwise as a text cell, so it can never smuggle a formula.
    /// </summary>
    public CsvFileWriter NumberText(string? value) =>
        value is not null && CsvCell.IsNumber(value) ? Cell(value) : Text(value);

    /// <summary>An empty cell.</summary>
    public CsvFileWriter Empty() => Cell(string.Empty);

    /// <summary>Ends the current row; it must have exactly the header's width.</summary>
    public void EndRow()
    {
        if (_field != _width)
        {
            throw new InvalidOperationException($"a CSV row has {_field} cells but the header has {_width}.");
        }

        _writer.Write('\n');
        _field = 0;
        Rows++;
    }

    /// <summary>Flushes to the destination (which stays open).</summary>
    public void Flush() => _writer.Flush();

    /// <summary>Flushes and releases the writer (the destination stays open). A row left unended is not written
    /// out whole: callers end every row.</summary>
    public void Dispose() => _writer.Dispose();

    /// <summary>
    /// A cell quoted as <see cref="CsvCell.Text"/> quotes it (inner quotes doubled), written piece by piece: a long
    /// quoted cell (a pick list's rationale sentence) makes no string.
    /// </summary>
    private CsvFileWriter Quoted(ReadOnlySpan<char> value)
    {
        if (_field == _width)
        {
            throw new InvalidOperationException($"a CSV row has more cells than the header's {_width}.");
        }

        if (_field > 0)
        {
            _writer.Write(',');
        }

        _writer.Write('"');
        for (var quote = value.IndexOf('"'); quote >= 0; quote = value.IndexOf('"'))
        {
            _writer.Write(value[..(quote + 1)]);
            _writer.Write('"');
            value = value[(quote + 1)..];
        }

        _writer.Write(value);
        _writer.Write('"');
        _field++;
        return this;
    }

    private CsvFileWriter Cell(ReadOnlySpan<char> cell)
    {
        if (_field == _width)
        {
            throw new InvalidOperationException($"a CSV row has more cells than the header's {_width}.");
        }

        if (_field > 0)
        {
            _writer.Write(',');
        }

        // A lone empty cell would be a blank line, which readers skip: quote it.
        if (_width == 1 && cell.Length == 0)
        {
            _writer.Write("\"\"");
        }
        else
        {
            _writer.Write(cell);
        }

        _field++;
        return this;
    }
}
