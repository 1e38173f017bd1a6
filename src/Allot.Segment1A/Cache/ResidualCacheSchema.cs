using Allot.Data.Parquet;

namespace Allot.Segment1A.Cache;

/// <summary>
/// The columns of <c>ranking_residual_cache_1A</c> (contracts/schemas/layer1.1A.yaml), in write order, as the data
/// plane writes them (REQUIRED; merchant_id, n_total, floor, count INT64; residual_rank INT32; residual and weight
/// DOUBLE; fingerprint and ISO strings). The validator reads any producer's equivalent (see ResidualCacheCursor).
/// </summary>
internal static class ResidualCacheSchema
{
    public static readonly ParquetColumnSpec[] Columns =
    [
        new("manifest_fingerprint", ParquetColumnKind.String),
        new("merchant_id", ParquetColumnKind.Int64),
        new("country_iso", ParquetColumnKind.String),
        new("residual", ParquetColumnKind.Double),
        new("residual_rank", ParquetColumnKind.Int32),
        new("n_total", ParquetColumnKind.Int64),
        new("weight", ParquetColumnKind.Double),
        new("floor", ParquetColumnKind.Int64),
        new("count", ParquetColumnKind.Int64),
    ];
}
