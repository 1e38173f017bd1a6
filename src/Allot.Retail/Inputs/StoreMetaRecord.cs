namespace Allot.Retail.Inputs;

/// <summary>One store of the Step 33 store file (<c>store_level_plugin_output.csv</c>).</summary>
/// <param name="StoreCode">Store code as a string.</param>
/// <param name="StoreName">Store name, empty when absent.</param>
/// <param name="StoreType">Store type (Fashion / Basic / Balanced …), empty when missing.</param>
/// <param name="CapacityUtilization">Utilisation as a fraction; null when missing or NaN.</param>
/// <param name="RackCapacity">Estimated rack capacity in units; null when missing, NaN or 0.</param>
public sealed record StoreMetaRecord(string StoreCode, string StoreName, string StoreType, decimal? CapacityUtilization, decimal? RackCapacity);
