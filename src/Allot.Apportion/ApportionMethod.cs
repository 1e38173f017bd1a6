namespace Allot.Apportion;

/// <summary>The methods <c>allot apportion --method</c> offers.</summary>
public enum ApportionMethod
{
    /// <summary>Largest remainder (Hamilton); min/max columns are not allowed.</summary>
    Hamilton,

    /// <summary>Proportional bounded method (water-filling quotas + Hamilton) honouring min/max.</summary>
    Proportional,

    /// <summary>The retail seed's literal capped method (floors under caps, then one unit per pass).</summary>
    SeedCapped,

    /// <summary>Jefferson / D'Hondt divisor method.</summary>
    DHondt,

    /// <summary>Webster / Sainte-Laguë divisor method.</summary>
    SainteLague,

    /// <summary>Huntington–Hill divisor method.</summary>
    HuntingtonHill,

    /// <summary>Adams divisor method.</summary>
    Adams,

    /// <summary>Dean divisor method.</summary>
    Dean,
}

/// <summary>How ties are broken after the remainder (or priority, or weight).</summary>
public enum TieOrderOption
{
    /// <summary>Unit key ascending in ordinal (ASCII) order.</summary>
    Unit,

    /// <summary>Unit key as an unsigned integer, ascending (every key must be numeric).</summary>
    UnitNumeric,

    /// <summary>Input row order.</summary>
    Position,
}
