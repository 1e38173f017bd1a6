namespace Allot.Retail.Validation;

/// <summary>A passed validation.</summary>
/// <param name="PickList">The pick list checked.</param>
/// <param name="Lines">Pick list lines.</param>
/// <param name="Rows">Recommendation rows reconciled.</param>
public sealed record ValidationSummary(string PickList, long Lines, long Rows);
