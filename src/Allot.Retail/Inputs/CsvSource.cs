using System.Text;
using Allot.Retail.Errors;
using Sylvan.Data.Csv;

namespace Allot.Retail.Inputs;

/// <summary>
/// Reads a pipeline CSV as text: UTF-8 with or without BOM, header matched after trimming spaces and BOMs
/// (case-insensitive), every cell returned as a trimmed string so store codes keep their leading zeros.
/// Open failures become <see cref="RetailErrorCodes.FileUnreadable"/>, absent columns
/// <see cref="RetailErrorCodes.MissingColumn"/>, both naming the file.
/// </summary>
internal sealed class CsvSource : IDisposable
{
    private readonly CsvDataReader reader;
    private readonly Dictionary<string, int> columns = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> header = [];

    private CsvSource(string path, CsvDataReader reader)
    {
        Path = path;
        this.reader = reader;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i).Trim().Trim('\uFEFF').Trim();
            columns.TryAdd(name, i);
            header.Add(name);
        }
    }

    /// <summary>The file as named by the user.</summary>
    public string Path { get; }

    /// <summary>Header names in file order (trimmed, BOM removed).</summary>
    public IReadOnlyList<string> Header => header;

    /// <summary>1-based data row of the current record (header excluded).</summary>
    public long Row { get; private set; }

    /// <summary>Opens <paramref name="path"/>.</summary>
    public static CsvSource Open(string path)
    {
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var text = new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, 1 << 16);
            var options = new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', BufferSize = 1 << 20 };
            return new CsvSource(path, CsvDataReader.Create(text, options));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CsvMissingHeadersException or ArgumentException)
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.FileUnreadable, $"cannot read the file: {ex.Message}", path);
        }
    }

    /// <summary>Index of the first present column among <paramref name="names"/>, or -1.</summary>
    public int Optional(params string[] names)
    {
        foreach (var n in names)
        {
            if (columns.TryGetValue(n, out var i))
            {
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
                $"required column '{string.Join("' or '", names)}' is missing (columns found: {string.Join(", ", columns.Keys.Order(StringComparer.Ordinal))})",
                Path);
        }

        return i;
    }

    /// <summary>Advances to the next record.</summary>
    public bool Read()
    {
        try
        {
            if (!reader.Read())
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is IOException or CsvFormatException)
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.FileUnreadable, $"cannot read the file: {ex.Message}", Path, Row + 1);
        }

        Row++;
        return true;
    }

    /// <summary>The trimmed cell at <paramref name="column"/>; empty when the column is absent or the row is short.</summary>
    public string Get(int column)
    {
        if (column < 0 || column >= reader.RowFieldCount)
        {
            return string.Empty;
        }

        return reader.GetString(column).Trim();
    }

    /// <inheritdoc />
    public void Dispose() => reader.Dispose();
}
