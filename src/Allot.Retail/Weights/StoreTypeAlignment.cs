namespace Allot.Retail.Weights;

/// <summary>How a store's type relates to the dominant type among its group's stores.</summary>
public enum StoreTypeAlignment
{
    /// <summary>Same as the dominant type (weight 1.0).</summary>
    Aligned,

    /// <summary>A balanced/hybrid type, or a type other than the dominant one (weight 0.9).</summary>
    Mixed,

    /// <summary>Type missing (weight 0.7).</summary>
    Unknown,
}
