using Allot.Core.Errors;
using Allot.Data.Csv;
using Allot.Retail.Errors;

namespace Allot.Retail.Inputs;

/// <summary>
/// A thin retail adapter over the data plane's <see cref="CsvFileReader"/> (strict UTF-8 with or without BOM,
/// row-shape checks: an invalid byte is <c>E_CSV_ENCODING</c>, a short or long row <c>E_CSV_ROW_SHAPE</c>, both
/// naming the file and row). Header names are matched case-insensitively; a column that is read and named twice is
/// <see cref="RetailErrorCodes.DuplicateKey"/>; every cell is returned
/// as a trimmed string so store codes keep their leading zeros. A file that cannot be opened becomes
/// <see cref="RetailErrorCodes.FileUnreadable"/>, an absent column <see cref="RetailErrorCodes.MissingColumn"/>,
/// both naming the file.
/// </summary>
internal sealed class CsvSource : IDisposable
{
    private readonly CsvFileReader reader;
    private readonly Dictionary<string, int> columns = new(StringComparer.OrdinalIgnoreCase);

    // The second position of a name the header gives twice (case-insensitively): refused only when the column is read.
    private readonly Dictionary<string, int> repeated = new(StringComparer.OrdinalIgnoreCase);

    private CsvSource(string path, CsvFileReader reader)
    {
        Path = path;
        this.reader = reader;
        for (var i = 0; i < reader.Header.Count; i++)
        {
            if (!columns.TryAdd(reader.Header[i], i))
            {
                repeated.TryAdd(reader.Header[i], i);
            }
        }
    }

    /// <summary>The file as named by the user.</summary>
    public string Path { get; }

    /// <summary>Header names in file order (trimmed, BOM removed).</summary>
    public IReadOnlyList<string> Header => reader.Header;

    /// <summary>1-based data row of the current record (header excluded).</summary>
    public long Row => reader.Row;

    /// <summary>Opens <paramref name="path"/>.</summary>
    public static CsvSource Open(string path)
    {
        try
        {
            return new CsvSource(path, CsvFileReader.Open(path));
        }
        catch (AllotException ex) when (ex.Error.Code == CsvCodes.Unreadable)
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.FileUnreadable, ex.Error.Message, path);
        }
    }

    /// <summary>
    /// Index of the first present column among <paramref name="names"/>, or -1. A column that the header names twice is
    /// <see cref="RetailErrorCodes.DuplicateKey"/> naming both positions: which one holds the data would be a guess.
    /// </summary>
    public int Optional(params string[] names)
    {
        foreach (var n in names)
        {
            if (columns.TryGetValue(n, out var i))
            {
                if (repeated.TryGetValue(n, out var j))
                {
                    throw RetailErrorCodes.Input(
                        RetailErrorCodes.DuplicateKey,
                        $"the header names column '{reader.Header[i]}' twice, in columns {i + 1} and {j + 1} ('{reader.Header[j]}'; names match case-insensitively); keep one (which holds the data would be a guess)",
                        Path,
                        key: reader.Header[i]);
                }

                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the first present column among <paramref name="names"/>; throws naming the file otherwise.</summary>
    public int Require(params string[] names)
    {
        var i = Optional(names);
        if (i < 0)
        {
            throw RetailErrorCodes.Input(
                RetailErrorCodes.MissingColumn,
                $"required column '{string.Join("' or '", names)}' is missing (columns found: {string.Join(", ", columns.Keys.Order(StringComparer.Ordinal))}).{CsvHeaderHint.ForeignSeparator(columns.Keys)}",
                Path);
        }

        return i;
    }

    /// <summary>Advances to the next record; a malformed row is an input error naming the file and the row.</summary>
    public bool Read() => reader.Read();

    /// <summary>The trimmed cell at <paramref name="column"/>; empty when the column is absent.</summary>
    public string Get(int column) => column < 0 ? string.Empty : reader.Get(column).Trim();

    /// <inheritdoc />
    public void Dispose() => reader.Dispose();
}
