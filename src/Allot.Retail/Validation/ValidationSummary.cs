namespace Allot.Retail.Validation;

/// <summary>A passed validation.</summary>
/// <param name="PickList">The pick list checked.</param>
/// <param name="Lines">Pick list lines.</param>
/// <param name="Rows">Recommendation rows reconciled.</param>
public sealed record ValidationSummary(string PickList, long Lines, long Rows)
{
    /// <summary>Rows in the warning state (units above caps or unallocatable units); the pick list is valid but needs review.</summary>
    public long RowsWithWarnings { get; init; }

    /// <summary>Units placed above caps.</summary>
    public long RelaxedUnits { get; init; }

    /// <summary>Units no store could take.</summary>
    public long UnallocatableUnits { get; init; }
}
