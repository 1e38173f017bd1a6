using Parquet.Schema;

namespace Allot.Segment1A.Cache;

/// <summary>The Parquet schema of <c>ranking_residual_cache_1A</c> (contracts/schemas/layer1.1A.yaml), columns in write order.</summary>
internal static class ResidualCacheSchema
{
    public static readonly DataField<string> ManifestFingerprint = new("manifest_fingerprint", nullable: false);
    public static readonly DataField<long> MerchantId = new("merchant_id");
    public static readonly DataField<string> CountryIso = new("country_iso", nullable: false);
    public static readonly DataField<double> Residual = new("residual");
    public static readonly DataField<int> ResidualRank = new("residual_rank");
    public static readonly DataField<long> NTotal = new("n_total");
    public static readonly DataField<double> Weight = new("weight");
    public static readonly DataField<long> Floor = new("floor");
    public static readonly DataField<long> Count = new("count");

    public static ParquetSchema Schema { get; } = new(ManifestFingerprint, MerchantId, CountryIso, Residual, ResidualRank, NTotal, Weight, Floor, Count);
}
