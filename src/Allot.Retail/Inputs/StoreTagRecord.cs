namespace Allot.Retail.Inputs;

/// <summary>One store of <c>store_tags_{P}.csv</c> (Step 24).</summary>
/// <param name="StoreCode">Store code (<c>str_code</c>) as a string.</param>
/// <param name="Climate">Canonical climate (Hot / Moderate / Cool / Cold) or null.</param>
/// <param name="ClusterId">Cluster id as written, empty when unknown.</param>
public sealed record StoreTagRecord(string StoreCode, string? Climate, string ClusterId);
