using System.Globalization;
using System.Text;
using Allot.Data.Csv;
using Allot.Retail.Allocation;
using Allot.Retail.Configuration;
using Allot.Retail.Weights;

namespace Allot.Retail.Outputs;

/// <summary>
/// Writes <c>store_level_recommendations_allocated_{P}.csv</c>: one line per (row, store) with a non-zero quantity,
/// in input-row order then store code (ordinal). UTF-8 with a BOM by default so Excel shows the Chinese text
/// (<c>--no-bom</c> drops it; pandas, DuckDB and Allot's readers skip it), LF line ends, invariant numbers.
/// </summary>
internal static class PickListWriter
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

    /// <summary>Writes the pick list through the data plane's <see cref="CsvFileWriter"/>; returns the number of data lines.</summary>
    public static long Write(AllocationPlan plan, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var writer = new CsvFileWriter(destination, Columns, byteOrderMark: plan.Options.CsvBom);
        var line = new LineFormatter(writer);
        var order = new StoreOrder();
        foreach (var row in plan.Rows)
        {
            if (row.SkipReason is not null)
            {
                continue;
            }

            foreach (var i in order.Of(row))
            {
                if (row.Quantities[i] != 0)
                {
                    line.Write(row, i);
                }
            }
        }

        writer.Flush();
        return writer.Rows;
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

            foreach (var i in new StoreOrder().Of(row).ToArray())
            {
                if (row.Quantities[i] != 0)
                {
                    yield return (row, i);
                }
            }
        }
    }

    /// <summary>
    /// A row's store indices by store code (ordinal; a row's store codes are distinct, index breaks any tie), in
    /// buffers reused from row to row.
    /// </summary>
    private sealed class StoreOrder
    {
        private int[] order = new int[64];
        private ulong[] ranks = new ulong[64];

        public ReadOnlySpan<int> Of(RowAllocation row)
        {
            var stores = row.Stores;
            var n = stores.Length;
            if (order.Length < n)
            {
                order = new int[Math.Max(n, order.Length * 2)];
                ranks = new ulong[order.Length];
            }

            var ranked = true;
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
                ranks[i] = stores[i].OrdinalRank;
                ranked &= ranks[i] != ulong.MaxValue;
            }

            if (ranked)
            {
                // Run-wide ordinal ranks of distinct codes: the same order, without comparing strings.
                ranks.AsSpan(0, n).Sort(order.AsSpan(0, n));
                return order.AsSpan(0, n);
            }

            order.AsSpan(0, n).Sort((a, b) =>
            {
                var c = string.CompareOrdinal(stores[a].StoreCode, stores[b].StoreCode);
                return c != 0 ? c : a.CompareTo(b);
            });
            return order.AsSpan(0, n);
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
            r.DeltaQty > 0 ? row.Caps[i] : string.Empty, CsvCell.Decimal(s.CapacityUtilization), CsvCell.Decimal(s.RackCapacity),
            w.DominantClimate, w.Temperature[i].ToString().ToUpperInvariant(), w.Alignment[i].ToString(), Rationale.Codes(row, i),
            Rationale.Sentence(row, i), r.SourceRow,
        ];
    }

    /// <summary>
    /// Writes one line. What repeats is rendered once as a <see cref="CsvFragment"/> (through the writer's own
    /// methods, so the bytes are those of writing each cell) and copied in: a store's own cells (code and name;
    /// cluster; utilisation and rack), a row's cells (group; category to style tags), the suitability pair, each
    /// distinct reason-code list and repeated weights. Numbers and the rationale are formatted in place, so a line
    /// makes no strings of its own (pinned by the output tests).
    /// </summary>
    private sealed class LineFormatter(CsvFileWriter writer)
    {
        private static readonly CsvFragment[] SuitabilityPairs = BuildSuitabilityPairs();

        private readonly StringBuilder text = new(96);
        private readonly Dictionary<long, CsvFragment> formatted = [];
        private readonly Dictionary<StoreProfile, StoreCells> storeCells = new(ReferenceEqualityComparer.Instance);
        private StoreCells?[] cellsByRank = new StoreCells?[1024];
        private readonly Dictionary<int, CsvFragment> codeLists = [];
        private RowAllocation? cellsOf;
        private CsvFragment group = null!;
        private CsvFragment product = null!;
        private readonly Utf8Text sentence = new();

        public void Write(RowAllocation row, int i)
        {
            var r = row.Row;
            var s = row.Stores[i];
            var w = row.Weights!;
            if (!ReferenceEquals(cellsOf, row))
            {
                cellsOf = row;
                group = CsvFileWriter.Render(1, r, static (c, r) => c.Text(r.StoreGroup));
                product = CsvFileWriter.Render(6, r, static (c, r) => c.Text(r.Category).Text(r.Subcategory).Text(r.Season).Text(r.Gender).Text(r.Location).Text(r.StyleTags.AsSpan()));
            }

            var store = CellsOf(s);

            writer.Fragment(store.CodeAndName).Fragment(group).Fragment(store.Cluster).Fragment(product)
                .Integer(row.Quantities[i]).Integer(r.DeltaQty);
            writer.Real(w.Sales[i]);
            RepeatedReal(w.Capacity[i]);
            RepeatedReal(w.Suitability[i]);
            writer.Real(w.CompositeShare[i]);
            if (r.DeltaQty > 0)
            {
                writer.Integer(row.Caps[i]);
            }
            else
            {
                writer.Empty();
            }

            writer.Fragment(store.UtilisationAndRack).Text(w.DominantClimate)
                .Fragment(SuitabilityPairs[(3 * (int)w.Temperature[i]) + (int)w.Alignment[i]]);
            var codes = Rationale.CodeSet(row, i);
            if (!codeLists.TryGetValue(codes, out var codeList))
            {
                text.Clear();
                Rationale.AppendCodes(text, codes);
                codeList = codeLists[codes] = CsvFileWriter.Render(1, text.ToString(), static (c, t) => c.Text(t));
            }

            writer.Fragment(codeList);
            Rationale.AppendSentence(sentence.Clear(), row, i);
            writer.TextUtf8(sentence.Span);
            writer.Integer(r.SourceRow);
            writer.EndRow();
        }

        /// <summary>A store's own cells, rendered at its first line: by the store's run-wide rank (dense), else by reference.</summary>
        private StoreCells CellsOf(StoreProfile s)
        {
            if (s.OrdinalRank < int.MaxValue)
            {
                var rank = (int)s.OrdinalRank;
                if (rank >= cellsByRank.Length)
                {
                    Array.Resize(ref cellsByRank, Math.Max(rank + 1, cellsByRank.Length * 2));
                }

                return cellsByRank[rank] ??= StoreCells.Of(s);
            }

            if (!storeCells.TryGetValue(s, out var store))
            {
                store = storeCells[s] = StoreCells.Of(s);
            }

            return store;
        }

        /// <summary>The <c>temperature_suitability</c> and <c>store_type_alignment</c> cells, by <c>3 × level + alignment</c>.</summary>
        private static CsvFragment[] BuildSuitabilityPairs()
        {
            var pairs = new CsvFragment[9];
            foreach (var level in Enum.GetValues<SuitabilityLevel>())
            {
                foreach (var alignment in Enum.GetValues<StoreTypeAlignment>())
                {
                    pairs[(3 * (int)level) + (int)alignment] = CsvFileWriter.Render(2, (level, alignment), static (c, p) => c
                        .Text(p.level switch { SuitabilityLevel.High => "HIGH", SuitabilityLevel.Med => "MED", _ => "LOW" })
                        .Text(p.alignment switch { StoreTypeAlignment.Aligned => "Aligned", StoreTypeAlignment.Mixed => "Mixed", _ => "Unknown" }));
                }
            }

            return pairs;
        }

        /// <summary>
        /// <see cref="CsvFileWriter.Real"/> for a column whose values repeat (suitability: a handful of values;
        /// capacity: a store's headroom): each distinct value is rendered once (up to a bound, so memory stays small).
        /// </summary>
        private void RepeatedReal(double value)
        {
            var bits = BitConverter.DoubleToInt64Bits(value);
            if (!formatted.TryGetValue(bits, out var cell))
            {
                if (formatted.Count >= 4096)
                {
                    writer.Real(value);
                    return;
                }

                cell = formatted[bits] = CsvFileWriter.Render(1, value, static (c, v) => c.Real(v));
            }

            writer.Fragment(cell);
        }

        private sealed record StoreCells(CsvFragment CodeAndName, CsvFragment Cluster, CsvFragment UtilisationAndRack)
        {
            public static StoreCells Of(StoreProfile s) => new(
                CsvFileWriter.Render(2, s, static (c, s) => c.Text(s.StoreCode).Text(s.StoreName)),
                CsvFileWriter.Render(1, s, static (c, s) => c.Text(s.ClusterId)),
                CsvFileWriter.Render(2, s, static (c, s) => c.Decimal(s.CapacityUtilization).Decimal(s.RackCapacity)));
        }
    }
}
