using Parquet;
using Parquet.Schema;

namespace Allot.Segment1A.Inputs;

/// <summary>
/// Reads whole typed columns of one Parquet file (all row groups concatenated), accepting the physical types
/// a producer may reasonably choose (int32/int64/uint64 for integers) and turning anything else — a missing
/// column, an unexpected type, a null in a required column — into <c>E_SCHEMA_INVALID</c> naming the file and column.
/// </summary>
internal sealed class Segment1AParquetColumns : IDisposable
{
    private readonly FileStream _stream;
    private readonly ParquetReader _reader;
    private readonly string _file;

    private Segment1AParquetColumns(string file, FileStream stream, ParquetReader reader)
    {
        _file = file;
        _stream = stream;
        _reader = reader;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            RowCount += rg.RowCount;
        }
    }

    /// <summary>Total rows.</summary>
    public long RowCount { get; }

    public static Segment1AParquetColumns Open(string file)
    {
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
            return new Segment1AParquetColumns(file, stream, reader);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stream.Dispose();
            throw S7Errors.Fail(S7Errors.SchemaInvalid, $"not a readable Parquet file: {ex.Message}", file);
        }
    }

    public bool Has(string column) => Field(column, required: false) is not null;

    public long[] Int64(string column)
    {
        var field = Field(column, required: true)!;
        var type = field.ClrType;
        if (type == typeof(long))
        {
            return Read<long>(field);
        }

        if (type == typeof(int))
        {
            return Array.ConvertAll(Read<int>(field), v => (long)v);
        }

        if (type == typeof(ulong))
        {
            var raw = Read<ulong>(field);
            var result = new long[raw.Length];
            for (var i = 0; i < raw.Length; i++)
            {
                result[i] = raw[i] > long.MaxValue ? throw Bad(column, i, $"value {raw[i]} exceeds 2^63 − 1") : (long)raw[i];
            }

            return result;
        }

        throw Bad(column, null, $"has type {type.Name}; expected an integer column");
    }

    public int[] Int32(string column)
    {
        var values = Int64(column);
        var result = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i] is < int.MinValue or > int.MaxValue ? throw Bad(column, i, $"value {values[i]} does not fit int32") : (int)values[i];
        }

        return result;
    }

    public bool[] Boolean(string column)
    {
        var field = Field(column, required: true)!;
        return field.ClrType == typeof(bool) ? Read<bool>(field) : throw Bad(column, null, $"has type {field.ClrType.Name}; expected boolean");
    }

    /// <summary>
    /// Streams a text column row group by row group as character memory (Parquet.Net reads text several times
    /// faster this way than as strings), so a column of long repeated values is never held or copied whole.
    /// </summary>
    public void EachText(string column, Action<int, ReadOnlyMemory<char>> visit)
    {
        var field = Field(column, required: true)!;
        if (field.ClrType != typeof(ReadOnlyMemory<char>) && field.ClrType != typeof(string))
        {
            throw Bad(column, null, $"has type {field.ClrType.Name}; expected text");
        }

        var offset = 0;
        for (var g = 0; g < _reader.RowGroupCount; g++)
        {
            using var rg = _reader.OpenRowGroupReader(g);
            var part = new ReadOnlyMemory<char>[rg.RowCount];
            try
            {
                rg.ReadAsync<ReadOnlyMemory<char>>(field, part.AsMemory()).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or ArgumentException or InvalidCastException)
            {
                throw Bad(column, null, $"cannot be read as text: {ex.Message}");
            }

            for (var i = 0; i < part.Length; i++)
            {
                visit(offset + i, part[i]);
            }

            offset += part.Length;
        }
    }

    /// <summary>
    /// True when the row-group statistics prove that every value of <paramref name="column"/> equals
    /// <paramref name="expected"/> (no nulls, min = max = expected in every row group); false when they cannot,
    /// in which case the caller scans the values.
    /// </summary>
    public bool StatisticsProveAllEqual(string column, string expected)
    {
        var field = Field(column, required: true)!;
        for (var g = 0; g < _reader.RowGroupCount; g++)
        {
            using var rg = _reader.OpenRowGroupReader(g);
            var stats = rg.GetStatistics(field);
            if (stats is null || stats.NullCount != 0 || stats.MinValue is not string min || stats.MaxValue is not string max
                || !string.Equals(min, expected, StringComparison.Ordinal) || !string.Equals(max, expected, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public string[] Strings(string column)
    {
        var result = new string[RowCount];
        EachText(column, (i, text) => result[i] = text.ToString());
        return result;
    }

    public void Dispose()
    {
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }

    private T[] Read<T>(DataField field)
        where T : struct
    {
        var result = new T[RowCount];
        var offset = 0;
        for (var g = 0; g < _reader.RowGroupCount; g++)
        {
            using var rg = _reader.OpenRowGroupReader(g);
            var n = (int)rg.RowCount;
            if (field.IsNullable)
            {
                var part = new T?[n];
                rg.ReadAsync(field, part.AsMemory()).GetAwaiter().GetResult();
                for (var i = 0; i < n; i++)
                {
                    result[offset + i] = part[i] ?? throw Bad(field.Name, offset + i, "is null");
                }
            }
            else
            {
                rg.ReadAsync(field, result.AsMemory(offset, n)).GetAwaiter().GetResult();
            }

            offset += n;
        }

        return result;
    }

    private DataField? Field(string column, bool required)
    {
        foreach (var f in _reader.Schema.GetDataFields())
        {
            if (string.Equals(f.Name, column, StringComparison.Ordinal))
            {
                return f;
            }
        }

        return required ? throw Bad(column, null, "is missing") : null;
    }

    private Core.Errors.AllotException Bad(string column, long? index, string what) =>
        S7Errors.Fail(S7Errors.SchemaInvalid, $"column '{column}' {what}.", _file, index is null ? null : index + 1);
}
