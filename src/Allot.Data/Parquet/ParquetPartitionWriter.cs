using System.IO.Compression;
using global::Parquet;
using global::Parquet.Schema;

namespace Allot.Data.Parquet;

/// <summary>
/// The data plane's one Parquet writer (S4 plan, S7 cache, fixtures): streams row groups into
/// <c>part-NNNNN.parquet</c> files in a (staging) folder with the settings of <see cref="PinnedOptions"/>,
/// declared once here, so that the same rows written with the same row-group boundaries give identical bytes on
/// every run and machine: Snappy compression, fixed dictionary-encoding settings, statistics as the library
/// writes them (min/max/null count per column chunk), no custom key/value metadata, and Parquet.Net's constant
/// <c>created_by</c> string (no timestamps). Columns are written REQUIRED (never null) unless their spec says
/// <c>Required: false</c>, then OPTIONAL with nullable values. A new file starts after <c>rowGroupsPerFile</c> row
/// groups; callers keep row-group sizes a function of the data, never of the worker count. <c>WriteFile</c> writes
/// one whole table as a single file with the same settings (e.g. an apportionment output), in one row group or in
/// row groups of a fixed size.
/// </summary>
public sealed class ParquetPartitionWriter : IDisposable
{
    private readonly string _folder;
    private ParquetSchema? _schema;
    private DataField[]? _fields;
    private readonly ParquetColumnKind[] _kinds;
    private readonly int _rowGroupsPerFile;
    private readonly IReadOnlyList<ParquetColumnSpec> _columns;
    private readonly bool _direct;
    private FileStream? _stream;
    private ParquetWriter? _writer;
    private PlainColumnChunkWriter? _plain;
    private int _groupsInFile;

    /// <summary>Prepares a writer; no file is created until the first row group.</summary>
    /// <param name="folder">Destination folder (normally a staging folder from <see cref="Publishing.PartitionPublisher"/>).</param>
    /// <param name="columns">Columns in file order.</param>
    /// <param name="rowGroupsPerFile">Row groups per part file (≥ 1).</param>
    /// <param name="directEncoding">
    /// Encode row groups directly (<see cref="PlainColumnChunkWriter"/>: the same bytes as Parquet.Net with the pinned
    /// settings, several times less work) when every column is Int64, UInt64 or String; Parquet.Net otherwise.
    /// </param>
    public ParquetPartitionWriter(string folder, IReadOnlyList<ParquetColumnSpec> columns, int rowGroupsPerFile = 16, bool directEncoding = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupsPerFile, 1);
        _columns = columns;
        _direct = directEncoding && PlainColumnChunkWriter.Supports(columns);
        _folder = folder;
        _rowGroupsPerFile = rowGroupsPerFile;
        _kinds = columns.Select(c => c.Kind).ToArray();
    }

    // Parquet.Net's schema, built when first needed: a directly encoded file never needs it.
    private DataField[] DataFields => _fields ??= Fields(_columns);

    private ParquetSchema Schema => _schema ??= new ParquetSchema(DataFields);

    /// <summary>Number of part files started so far.</summary>
    public int FilesWritten { get; private set; }

    /// <summary>Total rows written.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>
    /// The pinned writer settings — the only place they are declared (tests show they are stable). Row-group and
    /// page sizes are not options of the library: a row group is what one <see cref="WriteRowGroup"/> call
    /// receives (callers fix it by row count); the page layout inside a column chunk is the library's own, a
    /// function of the chunk's values only.
    /// </summary>
    public static ParquetOptions PinnedOptions() => new()
    {
        CompressionMethod = CompressionMethod.Snappy,
        CompressionLevel = CompressionLevel.Optimal,
        DictionaryEncodingThreshold = 0.8,
        DictionaryEncodingSampleSize = 1000,
    };

    /// <summary>Writes one row group from the first <paramref name="rowCount"/> values of each column array.</summary>
    /// <param name="columns">One array per column, typed as the column's kind (<c>long[]</c>, <c>ulong[]</c>, <c>int[]</c>, <c>double[]</c>, <c>string[]</c>, <c>bool[]</c>).</param>
    /// <param name="rowCount">Rows to take from each array (≥ 1).</param>
    public void WriteRowGroup(IReadOnlyList<Array> columns, int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowCount, 1);
        if (columns.Count != _columns.Count)
        {
            throw new ArgumentException($"expected {_columns.Count} columns, got {columns.Count}.", nameof(columns));
        }

        if ((_writer is null && _plain is null) || _groupsInFile == _rowGroupsPerFile)
        {
            OpenFile(_direct);
        }

        if (_plain is not null)
        {
            _plain.WriteRowGroup(columns, rowCount);
            _groupsInFile++;
            RowsWritten += rowCount;
            return;
        }

        WriteGroup(_writer!, DataFields, _kinds, columns, rowCount);

        _groupsInFile++;
        RowsWritten += rowCount;
    }

    /// <summary>
    /// Writes a whole table as one Parquet file to <paramref name="destination"/> (left open): one row group, or
    /// none for an empty table, with the pinned settings.
    /// </summary>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="columns">Columns in file order (<c>Required: false</c> for nullable ones).</param>
    /// <param name="values">One array per column: <c>long[]</c>, <c>string[]</c>, … or, for a nullable column,
    /// <c>long?[]</c>, <c>string?[]</c>, ….</param>
    /// <param name="rowCount">Rows to take from each array.</param>
    public static void WriteFile(Stream destination, IReadOnlyList<ParquetColumnSpec> columns, IReadOnlyList<Array> values, int rowCount) =>
        WriteFile(destination, columns, rowCount, Math.Max(1, rowCount), (_, _) => values);

    /// <summary>
    /// Writes a table as one Parquet file to <paramref name="destination"/> (left open) in row groups of at most
    /// <paramref name="rowGroupRows"/> rows, with the pinned settings. Each group's columns are asked of
    /// <paramref name="group"/> (first row, row count) when it is written, so a table of many millions of rows is
    /// never held as column arrays whole. A table of at most <paramref name="rowGroupRows"/> rows is the same file as
    /// <see cref="WriteFile(Stream, IReadOnlyList{ParquetColumnSpec}, IReadOnlyList{Array}, int)"/> writes.
    /// </summary>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="columns">Columns in file order.</param>
    /// <param name="rowCount">Rows in the table.</param>
    /// <param name="rowGroupRows">Rows per row group (≥ 1).</param>
    /// <param name="group">The columns of rows [first, first + count), one array per column as for the other overload (arrays may be longer).</param>
    public static void WriteFile(Stream destination, IReadOnlyList<ParquetColumnSpec> columns, int rowCount, int rowGroupRows, Func<int, int, IReadOnlyList<Array>> group)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        var fields = Fields(columns);
        var kinds = columns.Select(c => c.Kind).ToArray();
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), destination, PinnedOptions()).GetAwaiter().GetResult();
        try
        {
            for (var first = 0; first < rowCount; first += rowGroupRows)
            {
                var count = Math.Min(rowGroupRows, rowCount - first);
                WriteGroup(writer, fields, kinds, group(first, count), count);
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Writes a part file with the schema and no row groups (for an empty partition); only before any row group.</summary>
    public void WriteEmptyFile()
    {
        if (FilesWritten != 0)
        {
            throw new InvalidOperationException("files were already written.");
        }

        OpenFile(direct: false);
    }

    /// <summary>Finishes the current file (footer written, flushed to disk).</summary>
    public void Complete() => CloseFile();

    /// <inheritdoc />
    public void Dispose() => CloseFile();

    private static DataField[] Fields(IReadOnlyList<ParquetColumnSpec> columns) => columns.Select(c => c.Kind switch
    {
        ParquetColumnKind.Int64 => c.Required ? (DataField)new DataField<long>(c.Name, false) : new DataField<long?>(c.Name, true),
        ParquetColumnKind.UInt64 => c.Required ? new DataField<ulong>(c.Name, false) : new DataField<ulong?>(c.Name, true),
        ParquetColumnKind.String => new DataField<string>(c.Name, !c.Required),
        ParquetColumnKind.Int32 => c.Required ? new DataField<int>(c.Name, false) : new DataField<int?>(c.Name, true),
        ParquetColumnKind.Double => c.Required ? new DataField<double>(c.Name, false) : new DataField<double?>(c.Name, true),
        _ => c.Required ? new DataField<bool>(c.Name, false) : new DataField<bool?>(c.Name, true),
    }).ToArray();

    private static void WriteGroup(ParquetWriter writer, DataField[] fields, ParquetColumnKind[] kinds, IReadOnlyList<Array> columns, int rowCount)
    {
        using var group = writer.CreateRowGroup();
        for (var c = 0; c < fields.Length; c++)
        {
            var f = fields[c];
            // Required columns are cast by kind, as they always were (the runtime lets a long[] be read as a
            // ulong[]: callers rely on it); nullable ones are told apart by their element type.
            var task = (f.IsNullable, kinds[c], columns[c]) switch
            {
                (true, _, long?[] v) => group.WriteAsync<long>(f, v.AsMemory(0, rowCount), null, null, default),
                (true, _, ulong?[] v) => group.WriteAsync<ulong>(f, v.AsMemory(0, rowCount), null, null, default),
                (true, _, int?[] v) => group.WriteAsync<int>(f, v.AsMemory(0, rowCount), null, null, default),
                (true, _, double?[] v) => group.WriteAsync<double>(f, v.AsMemory(0, rowCount), null, null, default),
                (true, _, bool?[] v) => group.WriteAsync<bool>(f, v.AsMemory(0, rowCount), null, null, default),
                (_, ParquetColumnKind.String, string[] v) => group.WriteAsync(f, new ArraySegment<string>(v, 0, rowCount), null),
                (false, ParquetColumnKind.Int64, var v) => group.WriteAsync<long>(f, ((long[])v).AsMemory(0, rowCount), null, null, default),
                (false, ParquetColumnKind.UInt64, var v) => group.WriteAsync<ulong>(f, ((ulong[])v).AsMemory(0, rowCount), null, null, default),
                (false, ParquetColumnKind.Int32, var v) => group.WriteAsync<int>(f, ((int[])v).AsMemory(0, rowCount), null, null, default),
                (false, ParquetColumnKind.Double, var v) => group.WriteAsync<double>(f, ((double[])v).AsMemory(0, rowCount), null, null, default),
                (false, ParquetColumnKind.Boolean, var v) => group.WriteAsync<bool>(f, ((bool[])v).AsMemory(0, rowCount), null, null, default),
                _ => throw new ArgumentException($"column '{f.Name}': values of type {columns[c].GetType().Name} cannot be written as {kinds[c]}.", nameof(columns)),
            };
            task.GetAwaiter().GetResult();
        }
    }

    private void OpenFile(bool direct)
    {
        CloseFile();
        var path = Path.Combine(_folder, $"part-{FilesWritten:D5}.parquet");
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        if (direct)
        {
            _plain = new PlainColumnChunkWriter(_stream, _columns);
        }
        else
        {
            _writer = ParquetWriter.CreateAsync(Schema, _stream, PinnedOptions()).GetAwaiter().GetResult();
        }

        FilesWritten++;
        _groupsInFile = 0;
    }

    private void CloseFile()
    {
        if (_plain is not null)
        {
            _plain.Finish();
            _plain.Dispose();
            _plain = null;
        }

        if (_writer is not null)
        {
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _writer = null;
        }

        if (_stream is not null)
        {
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            _stream = null;
        }
    }
}
