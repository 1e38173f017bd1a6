using Allot.Segment1A.Integerisation;
using Parquet;

namespace Allot.Segment1A.Cache;

/// <summary>
/// Writes <c>ranking_residual_cache_1A</c>: one row per (merchant, country), sorted by merchant_id then rank,
/// one row group per chunk. Writer settings are pinned (Snappy, no custom metadata, fixed row-group boundaries)
/// so that identical inputs give identical bytes.
/// </summary>
internal sealed class ResidualCacheWriter : IDisposable
{
    private static readonly ParquetOptions Options = new() { CompressionMethod = CompressionMethod.Snappy };

    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private string[] _fingerprints = [];
    private string[] _isos = [];
    private long[] _merchants = [];
    private long[] _totals = [];
    private double[] _residuals = [];

    public ResidualCacheWriter(string file, string manifestFingerprint)
    {
        Fingerprint = manifestFingerprint;
        _stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        _writer = ParquetWriter.CreateAsync(ResidualCacheSchema.Schema, _stream, Options).GetAwaiter().GetResult();
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

        using var rg = _writer.CreateRowGroup();
        Await(rg.WriteAsync(ResidualCacheSchema.ManifestFingerprint, new ArraySegment<string>(_fingerprints, 0, n)));
        Await(rg.WriteAsync<long>(ResidualCacheSchema.MerchantId, _merchants.AsMemory(0, n)));
        Await(rg.WriteAsync(ResidualCacheSchema.CountryIso, new ArraySegment<string>(_isos, 0, n)));
        Await(rg.WriteAsync<double>(ResidualCacheSchema.Residual, _residuals.AsMemory(0, n)));
        Await(rg.WriteAsync<int>(ResidualCacheSchema.ResidualRank, chunk.Ranks.AsMemory(0, n)));
        Await(rg.WriteAsync<long>(ResidualCacheSchema.NTotal, _totals.AsMemory(0, n)));
        Await(rg.WriteAsync<double>(ResidualCacheSchema.Weight, chunk.Weights.AsMemory(0, n)));
        Await(rg.WriteAsync<long>(ResidualCacheSchema.Floor, chunk.Floors.AsMemory(0, n)));
        Await(rg.WriteAsync<long>(ResidualCacheSchema.Count, chunk.Counts.AsMemory(0, n)));
        Rows += n;
    }

    public void Dispose()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }

    private static void Await(Task task) => task.GetAwaiter().GetResult();
}
