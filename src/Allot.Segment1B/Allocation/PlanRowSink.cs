using System.Runtime.CompilerServices;
using Allot.Data.Parquet;

namespace Allot.Segment1B.Allocation;

/// <summary>
/// Buffers plan rows and writes a row group every <c>rowGroupRows</c> rows (a fixed size, so file bytes never
/// depend on how the rows were computed), streaming into <c>part-NNNNN.parquet</c> files. With
/// <c>overlapWrites</c>, a full row group is encoded and written on a thread of its own while the next one fills (a
/// second set of buffers, allocated when first needed); row groups still reach the file one after another, in
/// order, so the bytes are the same either way.
/// </summary>
internal sealed class PlanRowSink : IDisposable
{
    /// <summary>The plan's columns, in order, with the physical types the original engine wrote.</summary>
    public static readonly IReadOnlyList<ParquetColumnSpec> Columns =
    [
        new("merchant_id", ParquetColumnKind.Int64),
        new("legal_country_iso", ParquetColumnKind.String),
        new("tile_id", ParquetColumnKind.UInt64),
        new("n_sites_tile", ParquetColumnKind.Int64),
    ];

    private readonly ParquetPartitionWriter _writer;
    private readonly int _rowGroupRows;
    private readonly bool _overlapWrites;
    private RowBuffers _rows;
    private RowBuffers? _spare;
    private Task? _writing;
    private int _buffered;

    /// <summary>Creates a sink writing into <paramref name="folder"/>.</summary>
    /// <param name="folder">Staging folder.</param>
    /// <param name="rowGroupRows">Rows per row group (default 1,048,576).</param>
    /// <param name="rowGroupsPerFile">Row groups per part file (default 8).</param>
    /// <param name="overlapWrites">Encode and write each full row group on another thread while the next one fills.</param>
    public PlanRowSink(string folder, int rowGroupRows = 1 << 20, int rowGroupsPerFile = 8, bool overlapWrites = false)
    {
        _writer = new ParquetPartitionWriter(folder, Columns, rowGroupsPerFile, directEncoding: true);
        _rowGroupRows = rowGroupRows;
        _overlapWrites = overlapWrites;
        _rows = new RowBuffers(rowGroupRows);
    }

    /// <summary>Appends one row (rows must arrive in output order).</summary>
    public void Add(long merchantId, string countryIso, ulong tileId, long count)
    {
        _rows.Merchants[_buffered] = merchantId;
        _rows.Countries[_buffered] = countryIso;
        _rows.Tiles[_buffered] = tileId;
        _rows.Counts[_buffered] = count;
        if (++_buffered == _rowGroupRows)
        {
            Flush(wait: false);
        }
    }

    /// <summary>Appends the rows of one pair: one merchant and country, its tiles and counts (in output order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddPairRows(long merchantId, string countryIso, ReadOnlySpan<ulong> tileIds, ReadOnlySpan<long> counts)
    {
        if (tileIds.Length != counts.Length)
        {
            throw new ArgumentException("tile ids and counts differ in length.", nameof(counts));
        }

        while (tileIds.Length > 0)
        {
            var take = Math.Min(tileIds.Length, _rowGroupRows - _buffered);
            var rows = _rows;
            var merchants = rows.Merchants;
            var countries = rows.Countries;
            for (var i = _buffered; i < _buffered + take; i++)
            {
                merchants[i] = merchantId;
                countries[i] = countryIso;
            }

            tileIds[..take].CopyTo(rows.Tiles.AsSpan(_buffered));
            counts[..take].CopyTo(rows.Counts.AsSpan(_buffered));
            _buffered += take;
            tileIds = tileIds[take..];
            counts = counts[take..];
            if (_buffered == _rowGroupRows)
            {
                Flush(wait: false);
            }
        }
    }

    /// <summary>Writes any buffered rows and closes the last file; an empty plan still gets one file with the schema.</summary>
    public void Complete()
    {
        Flush(wait: true);
        if (_writer.FilesWritten == 0)
        {
            _writer.WriteEmptyFile();
        }

        _writer.Complete();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _writing?.Wait();
        }
        catch (AggregateException)
        {
            // the failure was reported where the sink was used (or the sink is abandoned after another failure)
        }

        _writer.Dispose();
        _rows.Return();
        _spare?.Return();
    }

    private void Flush(bool wait)
    {
        // The previous row group first: the file takes row groups in order, and its buffers become the spare set.
        _writing?.GetAwaiter().GetResult();
        _writing = null;
        if (_buffered == 0)
        {
            return;
        }

        var rows = _rows;
        var count = _buffered;
        _buffered = 0;
        if (wait || !_overlapWrites)
        {
            _writer.WriteRowGroup([rows.Merchants, rows.Countries, rows.Tiles, rows.Counts], count);
            return;
        }

        _writing = Task.Factory.StartNew(
            () =>
            {
                _writer.WriteRowGroup([rows.Merchants, rows.Countries, rows.Tiles, rows.Counts], count);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        _rows = _spare ?? new RowBuffers(_rowGroupRows);
        _spare = rows;
    }

    /// <summary>
    /// One row group's columns, rented from the shared pools and given back when the sink is disposed: the shards of a
    /// large plan run one after another, and each would otherwise allocate its own (large-object) buffers.
    /// </summary>
    private sealed class RowBuffers(int rows)
    {
        public long[] Merchants { get; } = System.Buffers.ArrayPool<long>.Shared.Rent(rows);

        public string[] Countries { get; } = System.Buffers.ArrayPool<string>.Shared.Rent(rows);

        public ulong[] Tiles { get; } = System.Buffers.ArrayPool<ulong>.Shared.Rent(rows);

        public long[] Counts { get; } = System.Buffers.ArrayPool<long>.Shared.Rent(rows);

        public void Return()
        {
            System.Buffers.ArrayPool<long>.Shared.Return(Merchants);
            System.Buffers.ArrayPool<string>.Shared.Return(Countries, clearArray: true);
            System.Buffers.ArrayPool<ulong>.Shared.Return(Tiles);
            System.Buffers.ArrayPool<long>.Shared.Return(Counts);
        }
    }
}
