namespace Allot.Retail.Allocation;

/// <summary>
/// Per-store reason codes written to the pick list's <c>reason_codes</c> column (joined by ';' in this order).
/// Documented for planners in <c>docs/retail-allocation-logic.md</c>.
/// </summary>
internal static class ReasonCodes
{
    /// <summary>Sales weights from the subcategory.</summary>
    public const string SalesSubcategory = "SALES_SUBCATEGORY";

    /// <summary>Sales weights from the category (no subcategory sales in the group).</summary>
    public const string SalesCategory = "SALES_CATEGORY";

    /// <summary>Equal sales weights (no sales in the group).</summary>
    public const string SalesUniform = "SALES_UNIFORM";

    /// <summary>Temperature suitability HIGH.</summary>
    public const string TempHigh = "TEMP_HIGH";

    /// <summary>Temperature suitability MED.</summary>
    public const string TempMed = "TEMP_MED";

    /// <summary>Temperature suitability LOW.</summary>
    public const string TempLow = "TEMP_LOW";

    /// <summary>Store type aligned with the group's dominant type.</summary>
    public const string TypeAligned = "TYPE_ALIGNED";

    /// <summary>Store type mixed.</summary>
    public const string TypeMixed = "TYPE_MIXED";

    /// <summary>Store type unknown.</summary>
    public const string TypeUnknown = "TYPE_UNKNOWN";

    /// <summary>The store was given a unit by the minimum-coverage rule (<c>ALLOC_MIN_STORES</c>).</summary>
    public const string MinCoverage = "MIN_COVERAGE";

    /// <summary>The store reached its cap.</summary>
    public const string CapHit = "CAP_HIT";

    /// <summary>The cap came from the shared category shelf budget.</summary>
    public const string ShelfCap = "SHELF_CAP";

    /// <summary>The store is over <c>CAPACITY_MAX_UTIL</c> (cap 0).</summary>
    public const string OverCapacity = "OVER_CAPACITY";

    /// <summary>The store is on the exclusion list (cap 0, never relaxed).</summary>
    public const string ExcludedByList = "EXCLUDED_BY_LIST";

    /// <summary>The store is on the inclusion list and is considered although it is over <c>CAPACITY_MAX_UTIL</c>.</summary>
    public const string IncludedByList = "INCLUDED_BY_LIST";

    /// <summary>Quantities are whole packs of the row's pack size (&gt; 1).</summary>
    public const string Pack = "PACK";

    /// <summary>The store received the presentation minimum or more; lower-weight stores were left out to make that possible.</summary>
    public const string PresentationMin = "PRESENTATION_MIN";

    /// <summary>The store received units above its cap because the row could not reconcile otherwise.</summary>
    public const string CapRelaxed = "CAP_RELAXED";

    /// <summary>Every composite weight of the row was 0; equal weights were used.</summary>
    public const string UniformFallback = "UNIFORM_FALLBACK";

    /// <summary>The store is in none of the meta, tags and sales files; defaults were used.</summary>
    public const string UnknownStore = "STORE_NOT_IN_INPUTS";

    /// <summary>The store is not in the store meta file (headroom 1.0, type unknown).</summary>
    public const string NoMeta = "NO_STORE_META";

    /// <summary>A reduction (negative ΔQty) allocated by sales weight (<c>--include-reductions</c>).</summary>
    public const string Reduction = "REDUCTION";
}
