using System.Globalization;
using Allot.Core.Errors;
using Allot.Data.Csv;
using Allot.Data.Parquet;

namespace Allot.Data.Tables;

/// <summary>
/// Reads a small-to-medium table (CSV through the data plane's <see cref="CsvTable"/>, or Parquet) into named text columns. Parquet values
/// are rendered exactly: integers as integers, doubles by their exact decimal expansion, decimals as written.
/// Missing values become null.
/// </summary>
public sealed class TableReader
{
    /// <summary>Stable code for an unreadable or malformed table file.</summary>
    public const string UnreadableCode = "E_TABLE_UNREADABLE";

    /// <summary>Stable code for a required column that is absent.</summary>
    public const string MissingColumnCode = "E_MISSING_COLUMN";

    private readonly Dictionary<string, string?[]> _columns;

    private TableReader(string path, Dictionary<string, string?[]> columns, int rows)
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
            throw new AllotException(new AllotError(UnreadableCode, ErrorClass.Input, "file not found.", File: path));
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

    /// <summary>The values of column <paramref name="name"/>, or an error naming the file and column.</summary>
    public string?[] Column(string name) =>
        _columns.TryGetValue(name, out var c)
            ? c
            : throw new AllotException(new AllotError(
                MissingColumnCode,
                ErrorClass.Input,
                $"required column '{name}' is missing; columns present: {string.Join(", ", _columns.Keys)}.",
                File: Path));

    // The data plane's CSV reader: strict UTF-8, BOM accepted, a short or long row is an error naming the row.
    private static TableReader ReadCsv(string path)
    {
        var table = CsvTable.Read(path);
        var columns = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        for (var i = 0; i < table.Header.Count; i++)
        {
            var cells = table.Column(i);
            var values = new string?[cells.Count];
            for (var r = 0; r < values.Length; r++)
            {
                values[r] = cells[r].Length == 0 ? null : cells[r];
            }

            if (!columns.TryAdd(table.Header[i], values))
            {
                throw new AllotException(new AllotError(UnreadableCode, ErrorClass.Input, $"column '{table.Header[i]}' appears twice in the header.", File: path));
            }
        }

        return new TableReader(path, columns, table.RowCount);
    }

    private static TableReader ReadParquet(string path)
    {
        using var file = ParquetFile.Open(path, UnreadableCode);
        var fields = file.Describe();
        var lists = fields.Select(_ => new List<string?>()).ToArray();
        for (var g = 0; g < file.RowGroupCount; g++)
        {
            for (var f = 0; f < fields.Count; f++)
            {
                lists[f].AddRange(file.ReadValues(g, fields[f].Name).Select(Render));
            }
        }

        var columns = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        for (var f = 0; f < fields.Count; f++)
        {
            if (!columns.TryAdd(fields[f].Name, [.. lists[f]]))
            {
                throw new AllotException(new AllotError(UnreadableCode, ErrorClass.Input, $"column '{fields[f].Name}' appears twice.", File: path));
            }
        }

        return new TableReader(path, columns, checked((int)file.RowCount));
    }

    private static string? Render(object? v) => v switch
    {
        null => null,
        string s => s,
        double d => double.IsFinite(d) ? ExactDecimalText(ExactNumber.FromDouble(d)) : d.ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    /// <summary>Exact decimal text of a power-of-ten fraction (denominators here are 10^k).</summary>
    private static string ExactDecimalText(ExactNumber n)
    {
        if (n.Denominator.IsOne)
        {
            return n.Numerator.ToString(CultureInfo.InvariantCulture);
        }

        var scale = n.Denominator.ToString(CultureInfo.InvariantCulture).Length - 1;
        var digits = System.Numerics.BigInteger.Abs(n.Numerator).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = digits[..^scale] + "." + digits[^scale..];
        return (n.IsNegative ? "-" : string.Empty) + text.TrimEnd('0').TrimEnd('.');
    }
}
