using System.Text;
using Allot.Core.Errors;
using Sylvan.Data.Csv;

namespace Allot.Data.Csv;

/// <summary>
/// The one CSV reader of the product (Sylvan underneath): a header row then data rows, comma-delimited,
/// RFC 4180 quoting, strict UTF-8 with an optional BOM. Every failure is an input error naming the file and the
/// 1-based data row (header excluded): an invalid UTF-8 byte (<see cref="CsvCodes.Encoding"/>, never a silent
/// U+FFFD), a row with fewer or more fields than the header (<see cref="CsvCodes.RowShape"/>), a broken quote or an
/// empty file (<see cref="CsvCodes.Malformed"/>). Cells are returned exactly as written (no trimming); header names
/// are trimmed of spaces. Streaming: one row in memory at a time.
/// </summary>
public sealed class CsvFileReader : IDisposable
{
    // The preamble makes StreamReader skip a UTF-8 BOM; throwOnInvalidBytes makes a bad byte an exception
    // instead of U+FFFD. Encoding detection stays off: a UTF-16 file is an error, not a guess.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    private readonly CsvDataReader _csv;
    private readonly string[] _header;

    private CsvFileReader(string path, CsvDataReader csv)
    {
        Path = path;
        _csv = csv;
        _header = new string[csv.FieldCount];
        for (var i = 0; i < _header.Length; i++)
        {
            _header[i] = csv.GetName(i).Trim().TrimStart('\uFEFF').Trim();
        }
    }

    /// <summary>The file, as named by the caller.</summary>
    public string Path { get; }

    /// <summary>Header names in file order, trimmed of spaces (duplicates are kept; callers decide).</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>1-based data row of the current record (header excluded); 0 before the first <see cref="Read"/>.</summary>
    public long Row { get; private set; }

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    /// <exception cref="AllotException">An input error (<see cref="CsvCodes"/>) naming the file.</exception>
    public static CsvFileReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // A folder given for a file opens as "access denied" on Linux: say what it is instead.
            throw Fail(CsvCodes.Unreadable, path, null, Directory.Exists(path) ? "this is a folder; name the CSV file in it." : $"cannot open the file: {ex.Message}");
        }

        try
        {
            var text = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: false, 1 << 16);
            var options = new CsvDataReaderOptions
            {
                HasHeaders = true,
                Delimiter = ',', // never auto-detected: a semicolon file is one wide column, then a row-shape error
                Quote = '"',
                Escape = '"',
                CsvStyle = CsvStyle.Standard,
                BufferSize = 1 << 16,
                MaxBufferSize = 1 << 24,
                OwnsReader = true,
            };
            return new CsvFileReader(path, CsvDataReader.Create(text, options));
        }
        catch (Exception ex)
        {
            stream.Dispose();
            if (Translate(ex, path, 0) is { } error)
            {
                throw error;
            }

            throw;
        }
    }

    /// <summary>Index of the first header column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name, StringComparison comparison = StringComparison.Ordinal)
    {
        for (var i = 0; i < _header.Length; i++)
        {
            if (string.Equals(_header[i], name, comparison))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Advances to the next data row; false at the end of the file. Blank lines at the end of a file of two or more
    /// columns are ignored (an editor artefact); a blank line followed by data is a short row.
    /// </summary>
    /// <exception cref="AllotException">An input error naming the file and the row.</exception>
    public bool Read()
    {
        if (!Next())
        {
            return false;
        }

        if (_header.Length > 1 && IsBlank())
        {
            var blank = Row;
            do
            {
                if (!Next())
                {
                    return false;
                }
            }
            while (IsBlank());

            throw Fail(CsvCodes.RowShape, Path, blank, $"the row is blank (short): it has no fields, the header has {_header.Length}.");
        }

        if (_csv.RowFieldCount != _header.Length)
        {
            var what = _csv.RowFieldCount < _header.Length ? "short" : "long";
            throw Fail(CsvCodes.RowShape, Path, Row, $"the row is {what}: it has {_csv.RowFieldCount} field(s), the header has {_header.Length}.");
        }

        return true;
    }

    /// <summary>The cell at <paramref name="column"/> of the current row, exactly as written (quotes removed).</summary>
    public string Get(int column) => _csv.GetString(column);

    /// <summary>The cell at <paramref name="column"/> without allocating (valid until the next <see cref="Read"/>).</summary>
    public ReadOnlySpan<char> GetSpan(int column) => _csv.GetFieldSpan(column);

    /// <inheritdoc />
    public void Dispose() => _csv.Dispose();

    private bool Next()
    {
        bool more;
        try
        {
            more = _csv.Read();
        }
        catch (Exception ex) when (Translate(ex, Path, Row + 1) is { } error)
        {
            throw error;
        }

        if (more)
        {
            Row++;
        }

        return more;
    }

    private bool IsBlank() => _csv.RowFieldCount == 1 && _csv.GetFieldSpan(0).IsEmpty;

    private static AllotException? Translate(Exception ex, string path, long row) => ex switch
    {
        // The decoder fails on a buffer, not a row: the row is found by a rescan of the bytes (a cold path).
        DecoderFallbackException => EncodingError(path),
        CsvMissingHeadersException => Fail(CsvCodes.Malformed, path, null, "the file is empty: a header row is required."),
        CsvRecordTooLargeException => Fail(CsvCodes.Malformed, path, row, "a record exceeds 16 MiB; is a quote left open?"),
        CsvFormatException f => Fail(CsvCodes.Malformed, path, row, $"the row is not valid CSV (a quote is left open or text follows a closing quote): {f.Message}"),
        IOException io => Fail(CsvCodes.Unreadable, path, row == 0 ? null : row, $"cannot read the file: {io.Message}"),
        _ => null,
    };

    private static AllotException EncodingError(string path)
    {
        // A compressed or binary file is not a badly encoded text: say what it is rather than "save it as UTF-8".
        if (Utf8Scan.NotText(path) is { } what)
        {
            return Fail(CsvCodes.Encoding, path, null, $"the file is {what}; a CSV input is plain UTF-8 text.");
        }

        var (offset, row) = Utf8Scan.FirstInvalid(path);
        var where = row == 0 ? "in the header" : "in this row";
        return Fail(
            CsvCodes.Encoding,
            path,
            row == 0 ? null : row,
            $"byte offset {offset} {where} is not valid UTF-8; save the file as UTF-8 (a GBK/GB18030, latin-1/Windows-1252 or UTF-16 export is not accepted; in Excel: \"CSV UTF-8\").");
    }

    private static AllotException Fail(string code, string path, long? row, string message) =>
        new(new AllotError(code, ErrorClass.Input, message, File: path, Row: row));
}
