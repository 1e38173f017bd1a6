namespace Allot.Retail.Caps;

/// <summary>Which rule set a store's cap in a row.</summary>
public enum CapKind
{
    /// <summary><c>min(ALLOC_MAX_PER_STORE, round_half_even(headroom · ALLOC_HEADROOM_UNIT_SCALE))</c>.</summary>
    Headroom,

    /// <summary>The shelf budget <c>floor(rack · category share · headroom)</c> still free, bounded by <c>ALLOC_MAX_PER_STORE</c>.</summary>
    Shelf,

    /// <summary><c>Capacity_Utilization &gt; CAPACITY_MAX_UTIL</c>: cap 0.</summary>
    OverCapacity,

    /// <summary>The store is on the exclusion list: cap 0, never relaxed.</summary>
    ExcludedByList,

    /// <summary>The store's period capacity <c>ALLOC_MAX_PER_STORE_PERIOD</c> still free (no rack capacity known), bounded by the headroom cap.</summary>
    StorePeriod,
}
