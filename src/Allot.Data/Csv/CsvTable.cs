namespace Allot.Data.Csv;

/// <summary>
/// A whole CSV file read into text columns by name (through <see cref="CsvFileReader"/>, so with the same strict
/// UTF-8, BOM and row-shape rules). For small-to-medium tables; stream with <see cref="CsvFileReader"/> otherwise.
/// </summary>
internal sealed class CsvTable
{
    private readonly string[][] _columns;

    private CsvTable(string path, IReadOnlyList<string> header, string[][] columns, int rows)
    {
        Path = path;
        Header = header;
        _columns = columns;
        RowCount = rows;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Header names in file order (trimmed).</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Number of data rows.</summary>
    public int RowCount { get; }

    /// <summary>Reads every row of <paramref name="path"/>.</summary>
    /// <exception cref="Core.Errors.AllotException">An input error (<see cref="CsvCodes"/>) naming the file and row.</exception>
    public static CsvTable Read(string path)
    {
        using var reader = CsvFileReader.Open(path);
        var width = reader.Header.Count;
        var lists = new List<string>[width];
        for (var i = 0; i < width; i++)
        {
            lists[i] = [];
        }

        var rows = 0;
        while (reader.Read())
        {
            rows++;
            for (var i = 0; i < width; i++)
            {
                lists[i].Add(reader.Get(i));
            }
        }

        return new CsvTable(path, reader.Header.ToArray(), lists.Select(l => l.ToArray()).ToArray(), rows);
    }

    /// <summary>The cells of the column at header position <paramref name="index"/>, one per data row.</summary>
    public IReadOnlyList<string> Column(int index) => _columns[index];

    /// <summary>The cells of the first column named <paramref name="name"/>, or null when there is none.</summary>
    public IReadOnlyList<string>? Column(string name, StringComparison comparison = StringComparison.Ordinal) =>
        IndexOf(name, comparison) is var i and >= 0 ? _columns[i] : null;

    /// <summary>Index of the first column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name, StringComparison comparison = StringComparison.Ordinal)
    {
        for (var i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], name, comparison))
            {
                return i;
            }
        }

        return -1;
    }
}
