namespace Allot.Data.Parquet;

/// <summary>
/// The rows of one row group, one converted array per requested column. Optional columns that the file lacks are
/// absent (<see cref="Has"/> is false).
/// </summary>
public sealed class ParquetBatch
{
    private readonly Dictionary<string, Array> _columns;

    internal ParquetBatch(string file, int rowGroup, long firstRow, int rowCount, Dictionary<string, Array> columns)
    {
        File = file;
        RowGroup = rowGroup;
        FirstRow = firstRow;
        RowCount = rowCount;
        _columns = columns;
    }

    /// <summary>The file the rows come from.</summary>
    public string File { get; }

    /// <summary>0-based row-group index within <see cref="File"/>.</summary>
    public int RowGroup { get; }

    /// <summary>1-based row number (within the file) of the batch's first row, for messages.</summary>
    public long FirstRow { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>True when the column was present in the file.</summary>
    public bool Has(string name) => _columns.ContainsKey(name);

    /// <summary>A column read as <see cref="ParquetColumnKind.Int64"/>.</summary>
    public long[] Int64(string name) => (long[])_columns[name];

    /// <summary>A column read as <see cref="ParquetColumnKind.UInt64"/>.</summary>
    public ulong[] UInt64(string name) => (ulong[])_columns[name];

    /// <summary>A column read as <see cref="ParquetColumnKind.String"/>.</summary>
    public string[] String(string name) => (string[])_columns[name];

    /// <summary>A column read as <see cref="ParquetColumnKind.Boolean"/>.</summary>
    public bool[] Boolean(string name) => (bool[])_columns[name];

    /// <summary>A column read as <see cref="ParquetColumnKind.Int32"/>.</summary>
    public int[] Int32(string name) => (int[])_columns[name];

    /// <summary>A column read as <see cref="ParquetColumnKind.Double"/>.</summary>
    public double[] Double(string name) => (double[])_columns[name];
}
