namespace Allot.Retail.Inputs;

/// <summary>One row of the group recommendations file (Step 18 enriched or Step 14 adds-only).</summary>
public sealed record GroupRecommendation
{
    /// <summary>1-based data row in the recommendations file (header excluded).</summary>
    public required long SourceRow { get; init; }

    /// <summary><c>Store_Group_Name</c>.</summary>
    public required string StoreGroup { get; init; }

    /// <summary><c>Target_Style_Tags</c> (or <c>lookup_key</c>), as written.</summary>
    public required string StyleTags { get; init; }

    /// <summary><c>Category</c>.</summary>
    public required string Category { get; init; }

    /// <summary><c>Subcategory</c>.</summary>
    public required string Subcategory { get; init; }

    /// <summary><c>Season</c> as written.</summary>
    public required string Season { get; init; }

    /// <summary>The canonical season (春 夏 秋 冬 四季) or null when unknown.</summary>
    public required string? CanonicalSeason { get; init; }

    /// <summary><c>Gender</c>.</summary>
    public required string Gender { get; init; }

    /// <summary><c>Location</c>.</summary>
    public required string Location { get; init; }

    /// <summary>The group ΔQty (integer-valued in the file).</summary>
    public required long DeltaQty { get; init; }

    /// <summary>The row's pack (case) size from a <c>Pack_Size</c> column (per row or per style), or null to use <c>ALLOC_PACK_SIZE</c>.</summary>
    public long? PackSize { get; init; }

    /// <summary>Distinct store codes of the group in listed order.</summary>
    public required string[] StoreCodes { get; init; }

    /// <summary>Duplicate codes dropped from <c>Store_Codes_In_Group</c>.</summary>
    public required int DuplicateStoreCodes { get; init; }

    /// <summary><c>Store_Count_In_Group</c> when given.</summary>
    public required long? StoreCountInGroup { get; init; }

    /// <summary><c>Expected_Benefit</c> when given.</summary>
    public required double? ExpectedBenefit { get; init; }

    /// <summary><c>Confidence_Score</c> when given.</summary>
    public required double? ConfidenceScore { get; init; }

    /// <summary><c>trend_cluster_performance</c> as written (may be a label or a number); empty when missing.</summary>
    public required string TrendClusterPerformance { get; init; }

    /// <summary><c>cluster_trend_score</c> as written; empty when missing.</summary>
    public required string ClusterTrendScore { get; init; }

    /// <summary><c>cluster_trend_confidence</c> as written; empty when missing.</summary>
    public required string ClusterTrendConfidence { get; init; }
}
