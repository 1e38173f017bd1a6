using System.Text;
using Allot.Retail.Allocation;
using Allot.Retail.Configuration;

namespace Allot.Retail.Outputs;

/// <summary>
/// Writes <c>store_level_recommendations_allocated_{P}.csv</c>: one line per (row, store) with a non-zero quantity,
/// in input-row order then store code (ordinal). UTF-8 with a BOM by default so Excel shows the Chinese text
/// (<c>--no-bom</c> drops it; pandas, DuckDB and Allot's readers skip it), LF line ends, invariant numbers.
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
    public static string FileName(string period) => RetailDatasets.Path(RetailDatasets.PickList, period);

    /// <summary>Writes the pick list; returns the number of data lines.</summary>
    public static long Write(AllocationPlan plan, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var writer = new StreamWriter(destination, new UTF8Encoding(plan.Options.CsvBom), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        long lines = 0;
        var line = new StringBuilder(512);
        RowAllocation? current = null;
        RowCells cells = default;
        foreach (var (row, i) in Lines(plan))
        {
            if (!ReferenceEquals(row, current))
            {
                // The row's own cells are escaped once per row, not once per store line (hot path).
                current = row;
                cells = new RowCells(row);
            }

            AppendLine(line, row, i, cells);
            writer.Write(line);
            lines++;
        }

        writer.Flush();
        return lines;
    }

    /// <summary>The pick list's lines: (row, store index) with a non-zero quantity, in input-row order then store code.</summary>
    internal static IEnumerable<(RowAllocation Row, int Store)> Lines(AllocationPlan plan)
    {
        foreach (var row in plan.Rows)
        {
            if (row.SkipReason is not null)
            {
                continue;
            }

            var order = Enumerable.Range(0, row.Stores.Length).OrderBy(i => row.Stores[i].StoreCode, StringComparer.Ordinal);
            foreach (var i in order)
            {
                if (row.Quantities[i] != 0)
                {
                    yield return (row, i);
                }
            }
        }
    }

    /// <summary>One line's values in <see cref="Columns"/> order, unformatted (integers as <see cref="long"/>, the rest as text), for the workbook.</summary>
    internal static object[] Values(RowAllocation row, int i)
    {
        var r = row.Row;
        var s = row.Stores[i];
        var w = row.Weights!;
        return
        [
            s.StoreCode, s.StoreName, r.StoreGroup, s.ClusterId, r.Category, r.Subcategory, r.Season, r.Gender, r.Location,
            r.StyleTags, row.Quantities[i], r.DeltaQty, w.Sales[i], w.Capacity[i], w.Suitability[i], w.CompositeShare[i],
            r.DeltaQty > 0 ? row.Caps[i] : string.Empty, CsvText.Decimal(s.CapacityUtilization), CsvText.Decimal(s.RackCapacity),
            w.DominantClimate, w.Temperature[i].ToString().ToUpperInvariant(), w.Alignment[i].ToString(), Rationale.Codes(row, i),
            Rationale.Sentence(row, i), r.SourceRow,
        ];
    }

    private static void AppendLine(StringBuilder line, RowAllocation row, int i, RowCells cells)
    {
        var r = row.Row;
        var s = row.Stores[i];
        var w = row.Weights!;
        line.Clear();
        line.Append(CsvText.Text(s.StoreCode)).Append(',')
            .Append(CsvText.Text(s.StoreName)).Append(',')
            .Append(cells.Group).Append(',')
            .Append(CsvText.Text(s.ClusterId)).Append(',')
            .Append(cells.Labels).Append(',')
            .Append(CsvText.Integer(row.Quantities[i])).Append(',')
            .Append(cells.Delta).Append(',')
            .Append(CsvText.Real(w.Sales[i])).Append(',')
            .Append(CsvText.Real(w.Capacity[i])).Append(',')
            .Append(CsvText.Real(w.Suitability[i])).Append(',')
            .Append(CsvText.Real(w.CompositeShare[i])).Append(',')
            .Append(r.DeltaQty > 0 ? CsvText.Integer(row.Caps[i]) : string.Empty).Append(',')
            .Append(CsvText.Decimal(s.CapacityUtilization)).Append(',')
            .Append(CsvText.Decimal(s.RackCapacity)).Append(',')
            .Append(cells.Climate).Append(',')
            .Append(w.Temperature[i] switch { Weights.SuitabilityLevel.High => "HIGH", Weights.SuitabilityLevel.Med => "MED", _ => "LOW" }).Append(',')
            .Append(w.Alignment[i] switch { Weights.StoreTypeAlignment.Aligned => "Aligned", Weights.StoreTypeAlignment.Mixed => "Mixed", _ => "Unknown" }).Append(',')
            .Append(CsvText.Text(Rationale.Codes(row, i))).Append(',')
            .Append(CsvText.Text(Rationale.Sentence(row, i))).Append(',')
            .Append(cells.SourceRow).Append('\n');
    }

    /// <summary>The cells of a line that depend only on its row, already escaped.</summary>
    private readonly struct RowCells
    {
        public RowCells(RowAllocation row)
        {
            var r = row.Row;
            Group = CsvText.Text(r.StoreGroup);
            Labels = string.Join(',', CsvText.Text(r.Category), CsvText.Text(r.Subcategory), CsvText.Text(r.Season), CsvText.Text(r.Gender), CsvText.Text(r.Location), CsvText.Text(r.StyleTags));
            Delta = CsvText.Integer(r.DeltaQty);
            Climate = CsvText.Text(row.Weights!.DominantClimate);
            SourceRow = CsvText.Integer(r.SourceRow);
        }

        public string Group { get; }

        public string Labels { get; }

        public string Delta { get; }

        public string Climate { get; }

        public string SourceRow { get; }
    }
}
