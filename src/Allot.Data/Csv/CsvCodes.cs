namespace Allot.Data.Csv;

/// <summary>
/// The data plane's CSV error codes (class input, exit code 3; meanings in the error catalogue and in
/// <c>docs/data-plane.md</c>). Every CSV the product reads raises these, whatever the system.
/// </summary>
public static class CsvCodes
{
    /// <summary>The CSV file does not exist or cannot be opened.</summary>
    public const string Unreadable = "E_CSV_UNREADABLE";

    /// <summary>A byte sequence is not valid UTF-8 (e.g. a latin-1 or UTF-16 file).</summary>
    public const string Encoding = "E_CSV_ENCODING";

    /// <summary>A row has fewer or more fields than the header.</summary>
    public const string RowShape = "E_CSV_ROW_SHAPE";

    /// <summary>The file has no header, an unterminated quote or a record too large to be a row.</summary>
    public const string Malformed = "E_CSV_MALFORMED";
}
