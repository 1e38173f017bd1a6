using Allot.Data.Csv;
using Allot.Retail.Allocation;
using Allot.Retail.Configuration;
using Allot.Retail.Inputs;

namespace Allot.Retail.Outputs;

/// <summary>
/// <c>--merge-into-store-plugin</c>: a wider copy of the Step 33 store file with, per store, the total allocated
/// units and one column per category/subcategory (<c>step32_units|{Category}|{Subcategory}</c>, ordinal order).
/// The store file itself is never modified; Step 32 columns it already has (an earlier run's merged copy) are replaced.
/// </summary>
internal static class StorePluginMerger
{
    private const string TotalColumn = "step32_units_total";
    private const string ColumnPrefix = "step32_units|";

    /// <summary>The file name for a period.</summary>
    public static string FileName(string period) => RetailDatasets.Path(RetailDatasets.StorePluginMerged, period);

    /// <summary>Writes the widened copy; returns its data rows.</summary>
    public static long Write(AllocationPlan plan, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var perStore = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var row in plan.Rows.Where(r => r.SkipReason is null))
        {
            var key = $"{ColumnPrefix}{row.Row.Category}|{row.Row.Subcategory}";
            keys.Add(key);
            for (var i = 0; i < row.Stores.Length; i++)
            {
                if (row.Quantities[i] == 0)
                {
                    continue;
                }

                if (!perStore.TryGetValue(row.Stores[i].StoreCode, out var m))
                {
                    perStore[row.Stores[i].StoreCode] = m = new Dictionary<string, long>(StringComparer.Ordinal);
                }

                m[key] = m.GetValueOrDefault(key) + row.Quantities[i];
            }
        }

        using var csv = CsvSource.Open(plan.Inputs.StoreMetaPath);
        var code = csv.Require("Store_Code", "str_code");
        // A store file that is an earlier run's merged copy already has Step 32's columns: they describe that run's
        // allocation, so they are replaced, not repeated under the same names (a reader would take the first, old one).
        var kept = Enumerable.Range(0, csv.Header.Count).Where(c => !IsStep32Column(csv.Header[c])).ToArray();
        using var writer = new CsvFileWriter(destination, [.. kept.Select(c => csv.Header[c]), TotalColumn, .. keys], byteOrderMark: plan.Options.CsvBom);
        while (csv.Read())
        {
            foreach (var c in kept)
            {
                writer.Text(csv.Get(c));
            }

            perStore.TryGetValue(csv.Get(code).Trim('\'', '"'), out var m);
            writer.Integer(m?.Values.Sum() ?? 0);
            foreach (var k in keys)
            {
                writer.Integer(m?.GetValueOrDefault(k) ?? 0);
            }

            writer.EndRow();
        }

        writer.Flush();
        return writer.Rows;
    }

    private static bool IsStep32Column(string name) =>
        name == TotalColumn || name.StartsWith(ColumnPrefix, StringComparison.Ordinal);
}
