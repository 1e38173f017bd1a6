namespace Allot.Apportion;

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
