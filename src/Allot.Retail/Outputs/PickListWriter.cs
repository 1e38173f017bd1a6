using System.Text;
using Allot.Retail.Allocation;

namespace Allot.Retail.Outputs;

/// <summary>
/// Writes <c>store_level_recommendations_allocated_{P}.csv</c>: one line per (row, store) with a non-zero quantity,
/// in input-row order then store code (ordinal). UTF-8 without BOM, LF line ends, invariant numbers.
/// </summary>
public static class PickListWriter
{
    /// <summary>The columns, in order (the seed's names, plus <c>reason_codes</c>, <c>rationale</c> and <c>source_row</c>).</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "store_code", "store_name", "store_group", "cluster_id", "Category", "Subcategory", "Season", "Gender", "Location",
        "Target_Style_Tags", "Delta_Qty_Store", "Delta_Qty_Group", "weight_sales", "weight_capacity", "weight_suitability",
        "weight_composite", "cap_store", "capacity_utilization", "estimated_rack_capacity", "dominant_climate_in_group",
        "temperature_suitability", "store_type_alignment", "reason_codes", "rationale", "source_row",
    ];

    /// <summary>The file name for a period.</summary>
    public static string FileName(string period) => $"store_level_recommendations_allocated_{period}.csv";

    /// <summary>Writes the pick list; returns the number of data lines.</summary>
    public static long Write(AllocationPlan plan, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var writer = new StreamWriter(destination, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        long lines = 0;
        var line = new StringBuilder(512);
        foreach (var row in plan.Rows)
        {
            if (row.SkipReason is not null)
            {
                continue;
            }

            var order = Enumerable.Range(0, row.Stores.Length).OrderBy(i => row.Stores[i].StoreCode, StringComparer.Ordinal);
            foreach (var i in order)
            {
                if (row.Quantities[i] == 0)
                {
                    continue;
                }

                AppendLine(line, row, i);
                writer.Write(line);
                lines++;
            }
        }

        writer.Flush();
        return lines;
    }

    private static void AppendLine(StringBuilder line, RowAllocation row, int i)
    {
        var r = row.Row;
        var s = row.Stores[i];
        var w = row.Weights!;
        line.Clear();
        line.Append(CsvText.Text(s.StoreCode)).Append(',')
            .Append(CsvText.Text(s.StoreName)).Append(',')
            .Append(CsvText.Text(r.StoreGroup)).Append(',')
            .Append(CsvText.Text(s.ClusterId)).Append(',')
            .Append(CsvText.Text(r.Category)).Append(',')
            .Append(CsvText.Text(r.Subcategory)).Append(',')
            .Append(CsvText.Text(r.Season)).Append(',')
            .Append(CsvText.Text(r.Gender)).Append(',')
            .Append(CsvText.Text(r.Location)).Append(',')
            .Append(CsvText.Text(r.StyleTags)).Append(',')
            .Append(CsvText.Integer(row.Quantities[i])).Append(',')
            .Append(CsvText.Integer(r.DeltaQty)).Append(',')
            .Append(CsvText.Real(w.Sales[i])).Append(',')
            .Append(CsvText.Real(w.Capacity[i])).Append(',')
            .Append(CsvText.Real(w.Suitability[i])).Append(',')
            .Append(CsvText.Real(w.CompositeShare[i])).Append(',')
            .Append(r.DeltaQty > 0 ? CsvText.Integer(row.Caps[i]) : string.Empty).Append(',')
            .Append(CsvText.Decimal(s.CapacityUtilization)).Append(',')
            .Append(CsvText.Decimal(s.RackCapacity)).Append(',')
            .Append(CsvText.Text(w.DominantClimate)).Append(',')
            .Append(CsvText.Text(w.Temperature[i].ToString().ToUpperInvariant())).Append(',')
            .Append(CsvText.Text(w.Alignment[i].ToString())).Append(',')
            .Append(CsvText.Text(Rationale.Codes(row, i))).Append(',')
            .Append(CsvText.Text(Rationale.Sentence(row, i))).Append(',')
            .Append(CsvText.Integer(r.SourceRow)).Append('\n');
    }
}
