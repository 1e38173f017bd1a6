using System.Globalization;
using System.Text;

namespace Allot.Retail.Diff;

/// <summary>The diff as a self-contained HTML page (no network): totals, every changed row, every changed store.</summary>
public static class RunDiffHtml
{
    /// <summary>Renders <paramref name="diff"/>.</summary>
    public static string Render(RunDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var inv = CultureInfo.InvariantCulture;
        var t = diff.Totals;
        var sb = new StringBuilder(16 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        sb.Append("<title>Step 32 run diff</title><style>body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:24px;max-width:1100px}");
        sb.Append("table{border-collapse:collapse;font-size:13px;margin:6px 0 18px}td,th{border:1px solid #dde;padding:3px 6px;text-align:left}th{background:#f2f4f8}td.n{text-align:right}.up{color:#1b7f3b}.down{color:#b3261e}</style></head><body>");
        sb.Append("<h1>What changed between two Step 32 runs</h1><p>A: ").Append(E(diff.PickListA)).Append("<br>B: ").Append(E(diff.PickListB)).Append("</p>");
        sb.Append("<table id=\"totals\"><tr><th></th><th>A</th><th>B</th><th>change</th></tr>");
        Line(sb, "units", t.UnitsA, t.UnitsB);
        Line(sb, "pick-list lines", t.LinesA, t.LinesB);
        sb.Append("</table><p>").Append(t.LinesChanged.ToString(inv)).Append(" line(s) changed in ").Append(t.RowsChanged.ToString(inv))
            .Append(" row(s); ").Append(t.StoresChanged.ToString(inv)).Append(" store(s) changed.</p>");
        sb.Append("<h2>Rows</h2><table id=\"rows\"><tr><th>Row</th><th>Group, category / subcategory</th><th>Units A</th><th>Units B</th><th>Change</th><th>Stores A</th><th>Stores B</th><th>Stores changed</th></tr>");
        foreach (var r in diff.Rows)
        {
            sb.Append("<tr><td class=\"n\">").Append(r.SourceRow.ToString(inv)).Append("</td><td>").Append(E(r.Label)).Append("</td>");
            Cells(sb, r.UnitsA, r.UnitsB);
            sb.Append("<td class=\"n\">").Append(r.StoresA.ToString(inv)).Append("</td><td class=\"n\">").Append(r.StoresB.ToString(inv))
                .Append("</td><td class=\"n\">").Append(r.LinesChanged.ToString(inv)).Append("</td></tr>");
        }

        sb.Append("</table><h2>Stores</h2><table id=\"stores\"><tr><th>Store</th><th>Units A</th><th>Units B</th><th>Change</th></tr>");
        foreach (var s in diff.Stores)
        {
            sb.Append("<tr><td>").Append(E(s.StoreCode)).Append(s.StoreName.Length > 0 ? " " + E(s.StoreName) : string.Empty).Append("</td>");
            Cells(sb, s.UnitsA, s.UnitsB);
            sb.Append("</tr>");
        }

        sb.Append("</table></body></html>\n");
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string label, long a, long b)
    {
        sb.Append("<tr><th>").Append(label).Append("</th>");
        Cells(sb, a, b);
        sb.Append("</tr>");
    }

    private static void Cells(StringBuilder sb, long a, long b)
    {
        var inv = CultureInfo.InvariantCulture;
        var d = b - a;
        sb.Append("<td class=\"n\">").Append(a.ToString(inv)).Append("</td><td class=\"n\">").Append(b.ToString(inv))
            .Append("</td><td class=\"n ").Append(d > 0 ? "up" : d < 0 ? "down" : string.Empty).Append("\">")
            .Append(d.ToString("+#;-#;0", inv)).Append("</td>");
    }

    private static string E(string s) => Allot.Reporting.MarkupText.Escape(s);
}
