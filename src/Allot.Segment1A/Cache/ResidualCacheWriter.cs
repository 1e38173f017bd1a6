using Allot.Data.Parquet;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Cache;

/// <summary>
/// Writes <c>ranking_residual_cache_1A</c>: one row per (merchant, country), sorted by merchant_id then rank,
/// one row group per chunk, through the data plane's one writer (<see cref="ParquetPartitionWriter"/>, whose
/// pinned settings are declared once) into a single part file, so that identical inputs give identical bytes.
/// </summary>
internal sealed class ResidualCacheWriter : IDisposable
{
    private static readonly ParquetColumnSpec[] Columns = ResidualCacheSchema.Columns;

    private readonly ParquetPartitionWriter _writer;
    private string[] _fingerprints = [];
    private string[] _isos = [];
    private long[] _merchants = [];
    private long[] _totals = [];
    private double[] _residuals = [];

    public ResidualCacheWriter(string file, string manifestFingerprint)
    {
        Fingerprint = manifestFingerprint;
        if (Path.GetFileName(file) != S7Names.CachePart)
        {
            throw new ArgumentException($"the cache is written as {S7Names.CachePart}.", nameof(file));
        }

        // One file: every chunk is a row group of part-00000.parquet.
        _writer = new ParquetPartitionWriter(Path.GetDirectoryName(Path.GetFullPath(file))!, Columns, int.MaxValue);
    }

    public string Fingerprint { get; }

    public long Rows { get; private set; }

    public void Write(S7Chunk chunk, Inputs.S7Inputs inputs)
    {
        var n = chunk.RowCount;
        if (_fingerprints.Length < n)
        {
            _fingerprints = new string[n];
            Array.Fill(_fingerprints, Fingerprint);
            _isos = new string[n];
            _merchants = new long[n];
            _totals = new long[n];
            _residuals = new double[n];
        }

        var countries = inputs.Countries;
        for (var j = 0; j < chunk.MerchantCount; j++)
        {
            var k = chunk.FirstMerchant + j;
            for (var r = countries.Offsets[k]; r < countries.Offsets[k + 1]; r++)
            {
                var local = r - chunk.FirstRow;
                _merchants[local] = countries.MerchantIds[k];
                _totals[local] = inputs.Outlets[k];
                _isos[local] = IsoCode.Name(countries.IsoCodes[r]);
                _residuals[local] = chunk.Quantised[local] / ResidualIntegeriser.QuantisationScale;
            }
        }

        _writer.WriteRowGroup([_fingerprints, _merchants, _isos, _residuals, chunk.Ranks, _totals, chunk.Weights, chunk.Floors, chunk.Counts], n);
        Rows += n;
    }

    public void Dispose()
    {
        if (_writer.FilesWritten == 0)
        {
            _writer.WriteEmptyFile();
        }

        _writer.Dispose();
    }
}
