using System.Globalization;
using Allot.Retail.Errors;

namespace Allot.Retail.Inputs;

/// <summary>
/// Reads <c>--pack-sizes-file</c>: a CSV with <c>Category</c> and <c>Pack_Size</c> (a whole number ≥ 1), one line per
/// category. A row's own <c>Pack_Size</c> wins over its category's; <c>ALLOC_PACK_SIZE</c> applies to the rest.
/// </summary>
internal static class PackSizeFileReader
{
    /// <summary>Pack size by category (ordinal).</summary>
    public static IReadOnlyDictionary<string, long> Read(string path)
    {
        using var csv = CsvSource.Open(path);
        var category = csv.Require("Category", "cate_name");
        var pack = csv.Require("Pack_Size");
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var firstRow = new Dictionary<string, long>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var cell = csv.Get(pack);
            if (!long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) || size < 1)
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.BadNumber, $"Pack_Size '{cell}' is not a whole number ≥ 1", path, csv.Row);
            }

            var name = csv.Get(category);
            if (!sizes.TryAdd(name, size))
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.DuplicateKey, $"category '{name}' is listed twice, in rows {firstRow[name]} and {csv.Row}; list each category once (which size applies would be a guess)", path, csv.Row, name);
            }

            firstRow[name] = csv.Row;
        }

        return sizes;
    }
}
