namespace Allot.Retail.Weights;

/// <summary>Temperature suitability of a row's season for a store's climate.</summary>
public enum SuitabilityLevel
{
    /// <summary>No rule matched (<c>SUITABILITY_LOW</c>).</summary>
    Low,

    /// <summary>Partial match (<c>SUITABILITY_MED</c>).</summary>
    Med,

    /// <summary>Good match (<c>SUITABILITY_HIGH</c>).</summary>
    High,
}
