using Allot.Data.Parquet;

namespace Allot.Segment1B.Allocation;

/// <summary>
/// Buffers plan rows and writes a row group every <c>rowGroupRows</c> rows (a fixed size, so file bytes never
/// depend on how the rows were computed), streaming into <c>part-NNNNN.parquet</c> files.
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
    private readonly long[] _merchants;
    private readonly string[] _countries;
    private readonly ulong[] _tiles;
    private readonly long[] _counts;
    private int _buffered;

    /// <summary>Creates a sink writing into <paramref name="folder"/>.</summary>
    /// <param name="folder">Staging folder.</param>
    /// <param name="rowGroupRows">Rows per row group (default 1,048,576).</param>
    /// <param name="rowGroupsPerFile">Row groups per part file (default 8).</param>
    public PlanRowSink(string folder, int rowGroupRows = 1 << 20, int rowGroupsPerFile = 8)
    {
        _writer = new ParquetPartitionWriter(folder, Columns, rowGroupsPerFile, directEncoding: true);
        _merchants = new long[rowGroupRows];
        _countries = new string[rowGroupRows];
        _tiles = new ulong[rowGroupRows];
        _counts = new long[rowGroupRows];
    }

    /// <summary>Appends one row (rows must arrive in output order).</summary>
    public void Add(long merchantId, string countryIso, ulong tileId, long count)
    {
        _merchants[_buffered] = merchantId;
        _countries[_buffered] = countryIso;
        _tiles[_buffered] = tileId;
        _counts[_buffered] = count;
        if (++_buffered == _merchants.Length)
        {
            Flush();
        }
    }

    /// <summary>Appends the rows of one pair: one merchant and country, its tiles and counts (in output order).</summary>
    public void AddPairRows(long merchantId, string countryIso, ReadOnlySpan<ulong> tileIds, ReadOnlySpan<long> counts)
    {
        if (tileIds.Length != counts.Length)
        {
            throw new ArgumentException("tile ids and counts differ in length.", nameof(counts));
        }

        while (tileIds.Length > 0)
        {
            var take = Math.Min(tileIds.Length, _merchants.Length - _buffered);
            _merchants.AsSpan(_buffered, take).Fill(merchantId);
            _countries.AsSpan(_buffered, take).Fill(countryIso);
            tileIds[..take].CopyTo(_tiles.AsSpan(_buffered));
            counts[..take].CopyTo(_counts.AsSpan(_buffered));
            _buffered += take;
            tileIds = tileIds[take..];
            counts = counts[take..];
            if (_buffered == _merchants.Length)
            {
                Flush();
            }
        }
    }

    /// <summary>Writes any buffered rows and closes the last file; an empty plan still gets one file with the schema.</summary>
    public void Complete()
    {
        Flush();
        if (_writer.FilesWritten == 0)
        {
            _writer.WriteEmptyFile();
        }

        _writer.Complete();
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private void Flush()
    {
        if (_buffered == 0)
        {
            return;
        }

        _writer.WriteRowGroup([_merchants, _countries, _tiles, _counts], _buffered);
        _buffered = 0;
    }
}
