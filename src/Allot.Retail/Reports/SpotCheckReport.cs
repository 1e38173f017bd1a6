using System.Globalization;
using System.Text;
using Allot.Retail.Allocation;
using Allot.Retail.Caps;
using Allot.Retail.Configuration;
using Allot.Retail.Outputs;

namespace Allot.Retail.Reports;

/// <summary>
/// The planner's spot-check page (<c>allocation_spot_check_{P}.html</c>): the rows that need review (the most units
/// first, at most <see cref="ReviewRows"/>, the rest counted by category), totals at a glance, the cluster × category
/// heatmap (inline SVG) and the top 10 rows by Expected_Benefit with every store's quantity, cap and reason codes.
/// Self-contained: no network, a content-security policy that forbids fetching anything.
/// </summary>
public static class SpotCheckReport
{
    /// <summary>Rows shown in detail.</summary>
    public const int TopRows = 10;

    /// <summary>
    /// Rows listed under "Rows that need review". A period of 200,000 rows had 65,765 of them: listed in full they made
    /// a 13 MB page whose totals began 12.8 MB down. The rest are counted by category; every one is in the
    /// reconciliation with <c>"status": "warning"</c>.
    /// </summary>
    public const int ReviewRows = 50;

    /// <summary>The file name for a period.</summary>
    public static string FileName(string period) => RetailDatasets.Path(RetailDatasets.SpotCheck, period);

    /// <summary>True when some allocated row has an <c>Expected_Benefit</c>; otherwise the top rows are ranked by ΔQty.</summary>
    public static bool HasBenefit(AllocationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Rows.Any(r => r.SkipReason is null && r.Row.ExpectedBenefit is not null);
    }

    /// <summary>
    /// The top rows: allocated rows by Expected_Benefit descending (missing last), then input row; when the period has
    /// no Expected_Benefit at all, by ΔQty descending, then input row.
    /// </summary>
    public static IReadOnlyList<RowAllocation> Top(AllocationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var allocated = plan.Rows.Where(r => r.SkipReason is null);
        var ordered = HasBenefit(plan)
            ? allocated.OrderBy(r => r.Row.ExpectedBenefit is null ? 1 : 0).ThenByDescending(r => r.Row.ExpectedBenefit ?? 0)
            : allocated.OrderByDescending(r => r.Row.DeltaQty);
        return ordered.ThenBy(r => r.Row.SourceRow).Take(TopRows).ToList();
    }

    /// <summary>
    /// The rows that need review, the most units to review first: unallocatable units descending, then units above
    /// caps descending, then input row.
    /// </summary>
    public static IReadOnlyList<RowAllocation> ReviewOrder(AllocationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Rows.Where(r => r.HasWarning)
            .OrderByDescending(r => r.UnallocatableMagnitude).ThenByDescending(r => r.RelaxedUnits).ThenBy(r => r.Row.SourceRow)
            .ToList();
    }

    /// <summary>
    /// Why a row needs review, in a few words from its own numbers (the reconciliation has each of them as a field):
    /// units left over from whole packs, stores excluded, stores without room for the presentation minimum, the room
    /// the caps of the stores that can take units leave (whole packs), units placed above caps. For the page's
    /// "Rows that need review".
    /// </summary>
    public static string Why(AllocationPlan plan, RowAllocation row) => Why(plan, row, FullCapacities(plan));

    /// <summary>
    /// The store capacities (store, category) that are full, when they can explain a row's shortfall beyond its caps:
    /// under <c>--method joint</c>, where a pair's cap does not show what other rows took of a shared capacity (the
    /// row-by-row methods' caps already hold what was left at the row's turn). Null otherwise.
    /// </summary>
    private static HashSet<(string Store, string Category)>? FullCapacities(AllocationPlan plan) =>
        plan.Options.Method == AllocationMethod.Joint
            ? CapacityUse.Binding(plan).Select(b => (b.StoreCode, b.Category)).ToHashSet()
            : null;

    private static string Why(AllocationPlan plan, RowAllocation row, HashSet<(string Store, string Category)>? full)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(row);
        var r = row.Row;
        if (row.SkipReason == SkipReason.NoStores)
        {
            return "no stores listed for the group";
        }

        var inv = CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (row.PackRemainder != 0)
        {
            parts.Add(string.Create(inv, $"{Math.Abs(row.PackRemainder)} unit(s) left over from packs of {row.PackSize}"));
        }

        var excluded = row.StoresExcluded;
        if (excluded > 0)
        {
            parts.Add(string.Create(inv, $"{excluded} of {row.Stores.Length} stores excluded (over capacity or listed)"));
        }

        if (row.PresentationExcluded > 0)
        {
            parts.Add(string.Create(inv, $"{row.PresentationExcluded} stores without room for the minimum of {row.PresentationMin} units"));
        }

        long room = 0;
        for (var i = 0; i < row.Stores.Length; i++)
        {
            if (row.Weights is not { } w || w.Composite[i] > 0)
            {
                room += row.Caps[i] / row.PackSize * row.PackSize;
            }
        }

        if (r.DeltaQty > 0 && room < r.DeltaQty)
        {
            parts.Add(string.Create(inv, $"room for {room} of {r.DeltaQty} units under the caps"));
        }

        if (full is { Count: > 0 } && row.Unallocatable > row.PackRemainder)
        {
            // Stores that could take more under their own cap but whose shared capacity other rows filled.
            var filled = 0;
            for (var i = 0; i < row.Stores.Length; i++)
            {
                if (row.CapKinds[i] is not (CapKind.OverCapacity or CapKind.ExcludedByList)
                    && (row.Weights is not { } w || w.Composite[i] > 0)
                    && row.Quantities[i] / row.PackSize < row.Caps[i] / row.PackSize
                    && StoreCapacity.Of(row.Stores[i], r.Category, plan.Inputs.Sales, plan.Parameters) is { } capacity
                    && full.Contains(capacity.Key))
                {
                    filled++;
                }
            }

            if (filled > 0)
            {
                parts.Add(string.Create(inv, $"shared capacity full at {filled} of its stores (see binding_store_capacities)"));
            }
        }

        if (row.RelaxedUnits > 0)
        {
            parts.Add(plan.Options.EffectiveRelaxCaps == CapRelaxation.Bounded
                ? string.Create(inv, $"{row.RelaxedUnits} placed above caps (at most {plan.Parameters.MaxRelaxPerStore} per store)")
                : string.Create(inv, $"{row.RelaxedUnits} placed above caps"));
        }

        return parts.Count > 0 ? string.Join("; ", parts) : string.Create(inv, $"{row.UnallocatableMagnitude} units no store could take");
    }

    /// <summary>The section title over the top rows.</summary>
    public static string TopTitle(AllocationPlan plan) =>
        HasBenefit(plan)
            ? string.Create(CultureInfo.InvariantCulture, $"Top {TopRows} rows by expected benefit")
            : string.Create(CultureInfo.InvariantCulture, $"Top {TopRows} rows by ΔQty (this period has no Expected_Benefit)");

    /// <summary><paramref name="part"/> of <paramref name="whole"/> as a percentage with one decimal (invariant), e.g. <c>37.5 %</c>.</summary>
    public static string Percent(long part, long whole) =>
        (whole == 0 ? 0m : decimal.Round(100m * part / whole, 1, MidpointRounding.ToEven)).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>Renders the page. <paramref name="generatedAtUtc"/> is the only run-dependent text on it.</summary>
    public static string Render(AllocationPlan plan, string heatmapSvg, DateTimeOffset generatedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var t = ReconciliationTotals.From(plan);
        var p = plan.Inputs.Period.Token;
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
        sb.Append("<title>Step 32 spot check ").Append(E(p)).Append("</title><style>");
        sb.Append("body{font-family:system-ui,'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;margin:24px;color:#1a1a1a;max-width:1200px}h1{font-size:22px}h2{font-size:18px;margin-top:28px}");
        sb.Append(".cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #ccd;border-radius:6px;padding:8px 12px;min-width:140px}");
        sb.Append(".card b{display:block;font-size:20px}.ok{color:#1b7f3b}.warn{color:#b35c00}.status{border:1px solid;border-radius:6px;padding:8px 12px}p.status.warn{background:#fff4e5}p.status.ok{background:#eef8f0}tr.warning td{background:#fff4e5}section.top-row.warning{border-left:4px solid #b35c00;padding-left:10px}.badge{display:inline-block;background:#b35c00;color:#fff;border-radius:4px;padding:1px 6px;font-size:12px;margin-left:6px}td.codes{max-width:190px;word-break:break-word;font-size:12px}td.why{max-width:420px;font-size:12px;color:#333}table{border-collapse:collapse;margin:6px 0 18px;font-size:13px}");
        sb.Append("td,th{border:1px solid #dde;padding:3px 6px;text-align:left}th{background:#f2f4f8}td.n{text-align:right}");
        sb.Append(".bar{display:inline-block;height:10px;background:#2b6cb0;vertical-align:middle;margin-right:4px}.meta{color:#555;font-size:13px}");
        sb.Append("</style></head><body>");
        sb.Append("<h1>Store allocation spot check — period ").Append(E(p)).Append("</h1>");
        sb.Append("<p class=\"meta\">Generated ").Append(E(generatedAtUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)))
            .Append(" by allot retail allocate (method ").Append(RunOptions.MethodName(plan.Options.Method))
            .Append(", relax caps ").Append(RunOptions.RelaxationName(plan.Options.RelaxCaps)).Append(").</p>");
        if (t.HasWarnings)
        {
            sb.Append("<p id=\"status\" class=\"status warn\" data-status=\"warnings\"><b>Completed with warnings.</b> ")
                .Append(t.RowsWithWarnings.ToString(CultureInfo.InvariantCulture)).Append(" row(s) need review: ")
                .Append(t.RelaxedUnits.ToString(CultureInfo.InvariantCulture)).Append(" unit(s) placed above caps in ")
                .Append(t.RowsRelaxed.ToString(CultureInfo.InvariantCulture)).Append(" row(s); ")
                .Append(t.UnallocatableUnits.ToString(CultureInfo.InvariantCulture)).Append(" unit(s) no store could take in ")
                .Append(t.UnallocatableRows.ToString(CultureInfo.InvariantCulture)).Append(" row(s). No excluded store received a unit.</p>");
            WarningRows(sb, plan);
        }
        else
        {
            sb.Append("<p id=\"status\" class=\"status ok\" data-status=\"ok\"><b>All checks pass:</b> every row reconciles, no cap exceeded, nothing left over.</p>");
        }

        sb.Append("<h2>Totals at a glance</h2><div class=\"cards\" id=\"totals\">");
        Card(sb, "Recommendation rows", $"{t.Rows}", null);
        Card(sb, "Rows allocated", $"{t.RowsAllocated}", null);
        Card(sb, "Units requested", $"{t.UnitsRequested}", null);
        Card(sb, "Units allocated", $"{t.UnitsAllocated} ({Percent(t.UnitsAllocated, t.UnitsRequested)})", t.UnitsAllocated == t.UnitsRequested ? "ok" : "warn");
        Card(sb, "Rows not reconciled", $"{t.ResidualRows}", t.ResidualRows == 0 ? "ok" : "warn");
        Card(sb, "Store lines in pick list", $"{t.StoreRowsAllocated}", null);
        Card(sb, "Store lines at their cap", $"{t.CapHits} of {t.StoreRowsConsidered} ({Percent(t.CapHits, t.StoreRowsConsidered)})", null);
        Card(sb, "Units above caps (relaxed)", $"{t.RelaxedUnits}", t.RelaxedUnits == 0 ? "ok" : "warn");
        Card(sb, "Unallocatable units", $"{t.UnallocatableUnits}", t.UnallocatableUnits == 0 ? "ok" : "warn");
        Card(sb, "Stores without meta", $"{plan.StoresWithoutMeta.Count}", plan.StoresWithoutMeta.Count == 0 ? "ok" : "warn");
        Card(sb, "Rows skipped", $"{t.RowsSkipped}", null);
        sb.Append("</div>");

        sb.Append("<h2>Where units go: stores receiving units by cluster and category</h2>");
        sb.Append("<div id=\"heatmap-container\">").Append(heatmapSvg).Append("</div>");

        sb.Append("<h2>").Append(E(TopTitle(plan))).Append("</h2>");
        var rank = 0;
        foreach (var row in Top(plan))
        {
            rank++;
            TopRow(sb, row, rank);
        }

        sb.Append("<script>(function(){var ok=!!document.querySelector('#heatmap rect.cell');");
        sb.Append("document.body.setAttribute('data-report-ready',ok?'heatmap-ok':'heatmap-missing');})();</script>");
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static void TopRow(StringBuilder sb, RowAllocation row, int rank)
    {
        var inv = CultureInfo.InvariantCulture;
        var r = row.Row;
        sb.Append(row.HasWarning ? "<section class=\"top-row warning\"><h3>" : "<section class=\"top-row\"><h3>")
            .Append(rank).Append(". ").Append(E(r.StoreGroup)).Append(" — ")
            .Append(E(r.Category)).Append(" / ").Append(E(r.Subcategory)).Append(" (").Append(E(r.Season)).Append(", ")
            .Append(E(r.Gender)).Append(", ").Append(E(r.Location)).Append(')');
        if (row.HasWarning)
        {
            sb.Append("<span class=\"badge\">needs review: ").Append(row.RelaxedUnits).Append(" above caps, ")
                .Append(row.UnallocatableMagnitude).Append(" unallocatable</span>");
        }

        sb.Append("</h3><p class=\"meta\">Row ").Append(r.SourceRow).Append(" · ΔQty ").Append(r.DeltaQty)
            .Append(" · allocated ").Append(row.Allocated).Append(" to ").Append(row.StoresAllocated).Append(" of ").Append(row.Stores.Length).Append(" stores");
        if (r.ExpectedBenefit is { } benefit)
        {
            sb.Append(" · expected benefit ").Append(benefit.ToString("0.##", inv));
        }

        if (r.ConfidenceScore is { } confidence)
        {
            sb.Append(" · confidence ").Append(confidence.ToString("0.###", inv));
        }

        sb.Append(" · sales basis ").Append(row.Weights!.Basis.ToString().ToLowerInvariant())
            .Append(" · tags ").Append(E(r.StyleTags)).Append("</p>");
        sb.Append("<table><tr><th>Store</th><th>Cluster</th><th>Units</th><th>Cap</th><th>Weight</th><th>Temperature</th><th>Type</th><th>Reason codes</th><th>Why</th></tr>");
        var max = Math.Max(1, row.Quantities.Max());
        foreach (var i in Enumerable.Range(0, row.Stores.Length).OrderByDescending(i => row.Quantities[i]).ThenBy(i => row.Stores[i].StoreCode, StringComparer.Ordinal))
        {
            var s = row.Stores[i];
            var barWidth = (int)(Math.Max(0, row.Quantities[i]) * 80 / max);
            sb.Append(row.Relaxed[i] > 0 ? "<tr class=\"warning\"><td>" : "<tr><td>").Append(E(s.StoreCode)).Append(s.StoreName.Length > 0 ? " " + E(s.StoreName) : string.Empty)
                .Append("</td><td>").Append(E(s.ClusterId))
                .Append("</td><td class=\"n\"><span class=\"bar\" style=\"width:").Append(barWidth).Append("px\"></span>").Append(row.Quantities[i])
                .Append("</td><td class=\"n\">").Append(row.Caps[i])
                .Append("</td><td class=\"n\">").Append((row.Weights.CompositeShare[i] * 100).ToString("0.0", inv)).Append(" %")
                .Append("</td><td>").Append(row.Weights.Temperature[i].ToString().ToUpperInvariant())
                .Append("</td><td>").Append(row.Weights.Alignment[i])
                .Append("</td><td class=\"codes\">").Append(E(Rationale.Codes(row, i)).Replace(";", ";<wbr>", StringComparison.Ordinal))
                .Append("</td><td class=\"why\">").Append(E(Rationale.Sentence(row, i))).Append("</td></tr>");
        }

        sb.Append("</table></section>");
    }

    private static void WarningRows(StringBuilder sb, AllocationPlan plan)
    {
        var rows = ReviewOrder(plan);
        sb.Append("<h2>Rows that need review</h2><p class=\"meta\" id=\"review-note\">");
        if (rows.Count > ReviewRows)
        {
            sb.Append("The ").Append(ReviewRows).Append(" rows with the most units to review, of ").Append(rows.Count)
                .Append(" (most unallocatable units first, then most units above caps). Every row that needs review is in ")
                .Append(E(ReconciliationWriter.FileName(plan.Inputs.Period.Token))).Append(" with \"status\": \"warning\"; by category:</p>");
            ReviewByCategory(sb, rows);
        }
        else
        {
            sb.Append("Most unallocatable units first, then most units above caps.</p>");
        }

        sb.Append("<table id=\"warning-rows\"><tr><th>Row</th><th>Group</th><th>Category / subcategory</th><th>ΔQty</th><th>Allocated</th><th>Above caps</th><th>Unallocatable</th><th>Stores excluded</th><th>Why</th></tr>");
        var full = FullCapacities(plan);
        foreach (var row in rows.Take(ReviewRows))
        {
            var r = row.Row;
            sb.Append("<tr class=\"warning\"><td class=\"n\">").Append(r.SourceRow).Append("</td><td>").Append(E(r.StoreGroup))
                .Append("</td><td>").Append(E(r.Category)).Append(" / ").Append(E(r.Subcategory))
                .Append("</td><td class=\"n\">").Append(r.DeltaQty).Append("</td><td class=\"n\">").Append(row.Allocated)
                .Append("</td><td class=\"n\">").Append(row.RelaxedUnits).Append("</td><td class=\"n\">").Append(row.UnallocatableMagnitude)
                .Append("</td><td class=\"n\">").Append(row.StoresExcluded).Append(" of ").Append(row.Stores.Length)
                .Append("</td><td class=\"why\">").Append(E(Why(plan, row, full))).Append("</td></tr>");
        }

        sb.Append("</table>");
    }

    /// <summary>Every row that needs review, counted by category: the most units to review first (then category, ordinal).</summary>
    private static void ReviewByCategory(StringBuilder sb, IReadOnlyList<RowAllocation> rows)
    {
        sb.Append("<table id=\"review-by-category\"><tr><th>Category</th><th>Rows</th><th>Above caps</th><th>Unallocatable</th></tr>");
        var byCategory = rows.GroupBy(r => r.Row.Category, StringComparer.Ordinal)
            .Select(g => (Category: g.Key, Rows: g.Count(), Relaxed: g.Sum(r => r.RelaxedUnits), Unallocatable: g.Sum(r => r.UnallocatableMagnitude)))
            .OrderByDescending(c => c.Relaxed + c.Unallocatable).ThenBy(c => c.Category, StringComparer.Ordinal);
        foreach (var c in byCategory)
        {
            sb.Append("<tr><td>").Append(E(c.Category)).Append("</td><td class=\"n\">").Append(c.Rows)
                .Append("</td><td class=\"n\">").Append(c.Relaxed).Append("</td><td class=\"n\">").Append(c.Unallocatable).Append("</td></tr>");
        }

        sb.Append("</table>");
    }

    private static void Card(StringBuilder sb, string label, string value, string? tone)
    {
        sb.Append("<div class=\"card\">").Append(E(label)).Append("<b");
        if (tone is not null)
        {
            sb.Append(" class=\"").Append(tone).Append('"');
        }

        sb.Append('>').Append(E(value)).Append("</b></div>");
    }

    private static string E(string s) => Allot.Reporting.MarkupText.Escape(s);
}
