using Allot.Retail.Inputs;

namespace Allot.Retail.Weights;

/// <summary>What Step 32 knows about one store after joining meta, tags and clusters; defaults where a source is silent.</summary>
/// <param name="StoreCode">Store code.</param>
/// <param name="StoreName">Name, empty when unknown.</param>
/// <param name="StoreType">Type, empty when unknown.</param>
/// <param name="CapacityUtilization">Utilisation fraction, null when missing.</param>
/// <param name="RackCapacity">Rack capacity in units, null when missing.</param>
/// <param name="Climate">Canonical climate, null when unknown.</param>
/// <param name="ClusterId">Cluster id, empty when unknown.</param>
/// <param name="HasMeta">Found in the store meta file.</param>
/// <param name="HasTags">Found in the store tags file.</param>
/// <param name="HasSales">Found in the sales file.</param>
public sealed record StoreProfile(
    string StoreCode,
    string StoreName,
    string StoreType,
    decimal? CapacityUtilization,
    decimal? RackCapacity,
    string? Climate,
    string ClusterId,
    bool HasMeta,
    bool HasTags,
    bool HasSales)
{
    /// <summary>The store is on the period's exclusion list (<c>--exclude-stores-file</c>): never considered, never relaxed.</summary>
    public bool ListedExcluded { get; init; }

    /// <summary>The store is on the period's inclusion list (<c>--include-stores-file</c>): always considered, even above <c>CAPACITY_MAX_UTIL</c>.</summary>
    public bool ListedIncluded { get; init; }

    /// <summary>
    /// The store code's rank in ordinal order among every store of the run (set by the allocator; <see cref="ulong.MaxValue"/>
    /// when not ranked): the kernel's tie keys and the pick list's store order, without comparing strings per row.
    /// </summary>
    internal ulong OrdinalRank { get; init; } = ulong.MaxValue;

    /// <summary>The sales file the allocator joined (<see cref="Sales"/> comes from it); null when not joined.</summary>
    internal StoreSales? SalesSource { get; init; }

    /// <summary>The store's sums in <see cref="SalesSource"/> (null when it has no sales row there), found once per run rather than per row.</summary>
    internal StoreSalesEntry? Sales { get; init; }

    /// <summary>True when the store is in none of the meta, tags and sales files (it takes part with defaults and is flagged).</summary>
    public bool Unknown => !HasMeta && !HasTags && !HasSales;

    /// <summary><c>max(0, 1 − Capacity_Utilization)</c>, 1 when utilisation is missing.</summary>
    public decimal Headroom => CapacityUtilization is { } u ? Math.Max(0m, 1m - u) : 1m;

    /// <summary>
    /// <see cref="Headroom"/> converted to binary64 once per store rather than per (row, store) (a function of the
    /// constructor's utilisation: not to be changed with <c>with</c>).
    /// </summary>
    internal double HeadroomAsDouble { get; } = (double)(CapacityUtilization is { } u ? Math.Max(0m, 1m - u) : 1m);

    /// <summary>
    /// Whether the store type names a blend (<see cref="WeightCalculator.IsBlended"/>), tested once per store rather
    /// than per row (a function of the constructor's type: not to be changed with <c>with</c>).
    /// </summary>
    internal bool TypeIsBlended { get; } = WeightCalculator.IsBlended(StoreType ?? string.Empty);

    /// <summary>The store's sums in <paramref name="sales"/>: the joined ones when they come from it, else looked up.</summary>
    internal StoreSalesEntry? SalesIn(StoreSales sales) => ReferenceEquals(sales, SalesSource) ? Sales : sales.Of(StoreCode);
}
