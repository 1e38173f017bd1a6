using System.Globalization;
using Allot.Core.Errors;
using Allot.Data.Csv;
using Allot.Data.Parquet;

namespace Allot.Data.Tables;

/// <summary>
/// Reads a table (CSV through the data plane's <see cref="CsvFileReader"/>, or Parquet) into named
/// <see cref="TextColumn"/>s: each column one character buffer, so a million rows stay compact. Parquet values are
/// rendered as text: integers as integers, decimals exactly at their declared scale, dates, times, timestamps and
/// UUIDs in ISO 8601 / canonical form (<see cref="ParquetTextForm"/>), doubles in the shortest form that reads back as
/// the same double (flagged by <see cref="TextColumn.IsBinary64"/>, so their exact binary value is never lost).
/// Missing values become empty cells.
/// </summary>
public sealed class TableReader
{
    /// <summary>Stable code for an unreadable or malformed table file.</summary>
    public const string UnreadableCode = "E_TABLE_UNREADABLE";

    /// <summary>Stable code for a required column that is absent.</summary>
    public const string MissingColumnCode = "E_MISSING_COLUMN";

    private readonly Dictionary<string, TextColumn> _columns;

    private TableReader(string path, Dictionary<string, TextColumn> columns, int rows)
    {
        Path = path;
        _columns = columns;
        RowCount = rows;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Number of data rows.</summary>
    public int RowCount { get; }

    /// <summary>Column names in file order.</summary>
    public IReadOnlyCollection<string> Columns => _columns.Keys;

    /// <summary>Reads <paramref name="path"/> by its extension (<c>.parquet</c> or anything else as CSV).</summary>
    public static TableReader Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new AllotException(new AllotError(UnreadableCode, ErrorClass.Input, Directory.Exists(path) ? "this is a folder; name a CSV or Parquet file." : "file not found.", File: path));
        }

        try
        {
            return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? ReadParquet(path) : ReadCsv(path);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or NotSupportedException)
        {
            throw new AllotException(new AllotError(UnreadableCode, ErrorClass.Input, $"cannot read the table: {ex.Message}", File: path), ex);
        }
    }

    /// <summary>True when the table has column <paramref name="name"/>.</summary>
    public bool Has(string name) => _columns.ContainsKey(name);

    /// <summary>The cells of column <paramref name="name"/>, or an error naming the file and column.</summary>
    public TextColumn Column(string name) =>
        _columns.TryGetValue(name, out var c)
            ? c
            : throw new AllotException(new AllotError(
                MissingColumnCode,
                ErrorClass.Input,
                $"required column '{name}' is missing; columns present: {string.Join(", ", _columns.Keys)}.{CsvHeaderHint.ForeignSeparator(_columns.Keys)}",
                File: Path));

    // The data plane's CSV reader: strict UTF-8, BOM accepted, a short or long row is an error naming the row.
    // Cells go straight from the reader's buffer into the column buffers: no string per cell.
    private static TableReader ReadCsv(string path)
    {
        using var reader = CsvFileReader.Open(path);
        var capacity = (int)Math.Clamp(new FileInfo(path).Length / Math.Max(1, 8 * reader.Header.Count), 16, 1 << 24);
        var cells = reader.Header.Select(h => new TextColumn(h, capacity)).ToArray();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i].Append(reader.GetSpan(i));
            }
        }

        var columns = new Dictionary<string, TextColumn>(StringComparer.Ordinal);
        foreach (var c in cells)
        {
            if (!columns.TryAdd(c.Name, c))
            {
                throw new AllotException(new AllotError(UnreadableCode, ErrorClass.Input, $"column '{c.Name}' appears twice in the header.", File: path));
            }
        }

        return new TableReader(path, columns, rows);
    }

    private static TableReader ReadParquet(string path)
    {
        using var file = ParquetFile.Open(path, UnreadableCode);
        var fields = file.Describe();
        var cells = fields.Select(f => new TextColumn(f.Name, (int)Math.Min(file.RowCount, 1 << 24), f.Type == ParquetValueType.Floating, emptyIsNull: false)).ToArray();
        for (var g = 0; g < file.RowGroupCount; g++)
        {
            for (var f = 0; f < fields.Count; f++)
            {
                foreach (var v in file.ReadValues(g, fields[f].Name))
                {
                    if (v is null)
                    {
                        cells[f].AppendNull();
                    }
                    else
                    {
                        cells[f].Append(Render(v));
                    }
                }
            }
        }

        var columns = new Dictionary<string, TextColumn>(StringComparer.Ordinal);
        foreach (var c in cells)
        {
            if (!columns.TryAdd(c.Name, c))
            {
                throw new AllotException(new AllotError(UnreadableCode, ErrorClass.Input, $"column '{c.Name}' appears twice.", File: path));
            }
        }

        return new TableReader(path, columns, checked((int)file.RowCount));
    }

    private static string Render(object v) => v switch
    {
        string s => s,
        // Shortest round trip ("0.42", as DuckDB and pandas show it), not the exact binary expansion
        // (0.41999999999999998445…): the column is flagged binary64, so readers recover the exact double.
        double d => d.ToString("R", CultureInfo.InvariantCulture),

        // A float widens to a double exactly; its text is that double's, so reading it back as a double is exact.
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? string.Empty,
    };
}
