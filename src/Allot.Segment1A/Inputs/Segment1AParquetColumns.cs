using Allot.Data.Parquet;

namespace Allot.Segment1A.Inputs;

/// <summary>
/// Whole typed columns of one Parquet file (all row groups concatenated) through the data plane's one reader
/// (<see cref="ParquetFile"/>): any integer width or signedness that holds the values, REQUIRED or OPTIONAL
/// columns, strings with or without the UTF8 annotation. Anything else — an unreadable file, a missing column,
/// an unexpected type, a null, an out-of-range value — is <c>E_SCHEMA_INVALID</c> naming the file, row and column.
/// </summary>
internal sealed class Segment1AParquetColumns : IDisposable
{
    private readonly ParquetFile _file;

    private Segment1AParquetColumns(ParquetFile file) => _file = file;

    /// <summary>Total rows.</summary>
    public long RowCount => _file.RowCount;

    public static Segment1AParquetColumns Open(string file) => new(ParquetFile.Open(file, S7Errors.SchemaInvalid));

    public bool Has(string column) => _file.Has(column);

    public long[] Int64(string column) => (long[])_file.ReadColumn(new ParquetColumnSpec(column, ParquetColumnKind.Int64));

    public int[] Int32(string column) => (int[])_file.ReadColumn(new ParquetColumnSpec(column, ParquetColumnKind.Int32));

    public bool[] Boolean(string column) => (bool[])_file.ReadColumn(new ParquetColumnSpec(column, ParquetColumnKind.Boolean));

    /// <summary>Visits a text column value by value (repeated values share one string).</summary>
    public void EachText(string column, Action<int, ReadOnlyMemory<char>> visit)
    {
        var values = Strings(column);
        for (var i = 0; i < values.Length; i++)
        {
            visit(i, values[i].AsMemory());
        }
    }

    /// <summary>
    /// True when the row-group statistics prove that every value of <paramref name="column"/> equals
    /// <paramref name="expected"/>; false when they cannot, in which case the caller scans the values.
    /// </summary>
    public bool StatisticsProveAllEqual(string column, string expected) => _file.StatisticsProveAllEqual(column, expected);

    public string[] Strings(string column) => (string[])_file.ReadColumn(new ParquetColumnSpec(column, ParquetColumnKind.String));

    public void Dispose() => _file.Dispose();
}
