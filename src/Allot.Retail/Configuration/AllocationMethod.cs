namespace Allot.Retail.Configuration;

/// <summary>How a row's ΔQty is turned into integers under the caps.</summary>
public enum AllocationMethod
{
    /// <summary>The seed's method: floor under cap, then one unit per pass by descending remainder (default, <c>--method seed</c>).</summary>
    Seed,

    /// <summary>The core's bounded proportional method: minimum deviation from the proportional targets (<c>--method optimal</c>).</summary>
    Optimal,

    /// <summary>
    /// All rows of a period together (<c>--method joint</c>): a min-cost flow with convex costs keeps every row whole
    /// when the shared store capacities allow and minimises the total deviation from the proportional targets.
    /// </summary>
    Joint,
}
