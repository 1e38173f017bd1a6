namespace Allot.Retail.Weights;

/// <summary>Which sales a row's sales weights were based on.</summary>
public enum SalesBasis
{
    /// <summary>The stores' sales in the row's subcategory.</summary>
    Subcategory,

    /// <summary>The group had no subcategory sales: the stores' category sales.</summary>
    Category,

    /// <summary>The group had no sales at all: equal weights.</summary>
    Uniform,
}
