using Allot.Retail.Errors;

namespace Allot.Retail.Inputs;

/// <summary>Reads the Step 33 store file: <c>Store_Code</c>, <c>Store_Type</c>, <c>Capacity_Utilization</c>, optional rack capacity and name.</summary>
internal static class StoreMetaReader
{
    /// <summary>Stores by code; a code listed twice is an input error naming both rows (<see cref="RetailErrorCodes.DuplicateKey"/>).</summary>
    public static IReadOnlyDictionary<string, StoreMetaRecord> Read(string path)
    {
        using var csv = CsvSource.Open(path);
        var code = csv.Require("Store_Code", "str_code");
        var type = csv.Require("Store_Type");
        var util = csv.Require("Capacity_Utilization");
        var rack = csv.Optional("Estimated_Rack_Capacity");
        var name = csv.Optional("Store_Name", "str_name");
        var stores = new Dictionary<string, StoreMetaRecord>(StringComparer.Ordinal);
        var firstRow = new Dictionary<string, long>(StringComparer.Ordinal);

        // A file has a handful of store types: one string each, so that what is made per type (the rationale's
        // encoded label) is made once.
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var storeCode = csv.Get(code).Trim('\'', '"');
            if (storeCode.Length == 0)
            {
                continue;
            }

            var u = CellParsing.OptionalDecimal(csv, util, "Capacity_Utilization");
            if (u < 0)
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.NegativeUtilization, $"Capacity_Utilization {u} is negative; it is a fraction of capacity in use (0 = empty, 1 = full)", path, csv.Row, storeCode);
            }

            var r = CellParsing.OptionalDecimal(csv, rack, "Estimated_Rack_Capacity");
            if (r < 0)
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.BadNumber, $"Estimated_Rack_Capacity {r} is negative", path, csv.Row, storeCode);
            }

            if (!firstRow.TryAdd(storeCode, csv.Row))
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.DuplicateKey, $"Store_Code {storeCode} is listed twice, in rows {firstRow[storeCode]} and {csv.Row}; each store must appear once (which row's capacity and utilisation apply would be a guess)", path, csv.Row, storeCode);
            }

            var typeText = csv.Get(type);
            if (!types.TryGetValue(typeText, out var pooled))
            {
                pooled = types[typeText] = typeText;
            }

            typeText = pooled;
            stores.TryAdd(storeCode, new StoreMetaRecord(
                storeCode,
                name < 0 || CellParsing.IsMissing(csv.Get(name)) ? string.Empty : csv.Get(name),
                CellParsing.IsMissing(typeText) ? string.Empty : typeText,
                u,
                r is null or 0 ? null : r));
        }

        return stores;
    }
}
