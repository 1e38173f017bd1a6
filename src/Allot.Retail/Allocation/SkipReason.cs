namespace Allot.Retail.Allocation;

/// <summary>Why a recommendation row was not allocated (reported in the reconciliation; nothing vanishes silently).</summary>
internal static class SkipReason
{
    /// <summary>ΔQty is 0.</summary>
    public const string ZeroDelta = "zero_delta";

    /// <summary>ΔQty &lt; 0 and <c>--include-reductions</c> was not given.</summary>
    public const string ReductionNotAllocated = "reduction_not_allocated";

    /// <summary>The row lists no stores (<c>--allow-unallocatable</c>).</summary>
    public const string NoStores = "no_stores";
}
