namespace Allot.Retail.Weights;

/// <summary>The weights of one recommendation row over its stores (arrays are parallel to the row's store list).</summary>
public sealed class RowWeights
{
    /// <summary>Which sales the sales weights used.</summary>
    public required SalesBasis Basis { get; init; }

    /// <summary>Sales share <c>w_sales</c> (sums to 1 over the row's stores).</summary>
    public required double[] Sales { get; init; }

    /// <summary>Capacity weight <c>w_cap</c>.</summary>
    public required double[] Capacity { get; init; }

    /// <summary>Suitability weight <c>w_fit = w_temp · w_type</c>.</summary>
    public required double[] Suitability { get; init; }

    /// <summary>Temperature suitability level per store.</summary>
    public required SuitabilityLevel[] Temperature { get; init; }

    /// <summary>Store type alignment per store.</summary>
    public required StoreTypeAlignment[] Alignment { get; init; }

    /// <summary>Unnormalised composite <c>w_sales^α · w_cap^β · w_fit^γ</c> (what the kernel receives, exactly).</summary>
    public required double[] Composite { get; init; }

    /// <summary>Normalised composite share (for the pick list; the kernel normalises exactly itself).</summary>
    public required double[] CompositeShare { get; init; }

    /// <summary>True when every composite was 0 and equal weights were used instead.</summary>
    public required bool UniformFallback { get; init; }

    /// <summary>Most common climate among the group's stores (ties: ordinal), "Unknown" when none.</summary>
    public required string DominantClimate { get; init; }

    /// <summary>Most common store type among the group's stores (ties: ordinal), empty when none.</summary>
    public required string DominantType { get; init; }
}
