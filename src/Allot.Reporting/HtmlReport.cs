using System.Text;

namespace Allot.Reporting;

/// <summary>
/// A self-contained HTML report (inline CSS and SVG, no network, no external script). A tiny inline script marks
/// the page as rendered (<c>document.body.dataset.rendered = "yes"</c>) so browser tests can tell a page that loaded
/// from one that failed.
/// </summary>
public sealed class HtmlReport
{
    private readonly string _title;
    private readonly string _subtitle;

    /// <summary>Creates a report.</summary>
    public HtmlReport(string title, string subtitle)
    {
        _title = title;
        _subtitle = subtitle;
    }

    /// <summary>The sections, in order.</summary>
    public List<ReportSection> Sections { get; } = [];

    /// <summary>Renders the page.</summary>
    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .Append("<title>").Append(E(_title)).Append("</title><style>").Append(Css).Append("</style></head><body>\n");
        sb.Append("<header><h1>").Append(E(_title)).Append("</h1><p>").Append(E(_subtitle)).Append("</p>");
        var all = Sections.SelectMany(s => s.Checks).ToList();
        var passed = all.Count(c => c.Passed);
        var warned = Sections.Count(s => s.HasWarnings);
        sb.Append("<p class=\"verdict ").Append(passed != all.Count ? "bad" : warned > 0 ? "warn" : "ok").Append("\" id=\"verdict\">")
          .Append(passed).Append(" of ").Append(all.Count).Append(" checks passed")
          .Append(warned > 0 ? $"; completed with warnings in {warned} section(s)" : string.Empty).Append("</p>");
        sb.Append("<nav>");
        for (var i = 0; i < Sections.Count; i++)
        {
            sb.Append("<a href=\"#s").Append(i).Append("\">").Append(E(Sections[i].Title)).Append("</a> ");
        }

        sb.Append("</nav></header>\n<main>\n");
        for (var i = 0; i < Sections.Count; i++)
        {
            RenderSection(sb, Sections[i], i);
        }

        sb.Append("</main>\n<script>document.body.dataset.rendered = \"yes\";</script>\n</body></html>\n");
        return sb.ToString();
    }

    private static void RenderSection(StringBuilder sb, ReportSection s, int index)
    {
        sb.Append("<section id=\"s").Append(index).Append("\"><h2>").Append(E(s.Title));
        if (s.Checks.Count > 0)
        {
            sb.Append(!s.AllPassed ? " <span class=\"badge bad\">checks failing</span>" : s.HasWarnings ? " <span class=\"badge warn\">completed with warnings</span>" : " <span class=\"badge ok\">all checks pass</span>");
        }

        sb.Append("</h2><p>").Append(E(s.Summary)).Append("</p>\n");
        if (s.HasWarnings)
        {
            sb.Append("<ul class=\"warnings\">");
            foreach (var w in s.Warnings)
            {
                sb.Append("<li>").Append(E(w)).Append("</li>");
            }

            sb.Append("</ul>\n");
        }
        if (s.Numbers.Count > 0)
        {
            sb.Append("<table class=\"numbers\">");
            foreach (var (k, v) in s.Numbers)
            {
                sb.Append("<tr><th>").Append(E(k)).Append("</th><td>").Append(E(v)).Append("</td></tr>");
            }

            sb.Append("</table>\n");
        }

        if (s.Checks.Count > 0)
        {
            sb.Append("<table class=\"checks\"><tr><th>check</th><th>status</th><th>evidence</th></tr>");
            foreach (var c in s.Checks)
            {
                sb.Append("<tr class=\"").Append(c.Passed ? "ok" : "bad").Append("\"><td>").Append(E(c.Name))
                  .Append("</td><td>").Append(c.Passed ? "✔ pass" : "✘ FAIL").Append("</td><td>").Append(E(c.Detail)).Append("</td></tr>");
            }

            sb.Append("</table>\n");
        }

        foreach (var (svg, caption) in s.Figures)
        {
            sb.Append("<figure>").Append(svg).Append("<figcaption>").Append(E(caption)).Append("</figcaption></figure>\n");
        }

        foreach (var n in s.Notes)
        {
            sb.Append("<p class=\"note\">").Append(E(n)).Append("</p>\n");
        }

        sb.Append("</section>\n");
    }

    /// <summary>HTML-escapes text (the one escaping rule of every page and picture: <see cref="MarkupText.Escape"/>).</summary>
    public static string E(string s) => MarkupText.Escape(s);

    private const string Css =
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans CJK SC',sans-serif;margin:0;color:#1d2433;background:#f6f7fb}"
        + "header{background:#1d2433;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:22px}header p{margin:2px 0;color:#c9d1e3}"
        + "nav a{color:#9cc3ff;margin-right:14px;text-decoration:none}.verdict{font-weight:600}.verdict.ok{color:#8be59b}.verdict.bad{color:#ff9b9b}.verdict.warn{color:#ffd27a}"
        + "main{padding:10px 28px 40px;max-width:1200px}section{background:#fff;border-radius:8px;padding:14px 20px;margin:18px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}"
        + "h2{font-size:18px;margin:4px 0 8px}.badge{font-size:12px;padding:2px 8px;border-radius:10px;vertical-align:middle}"
        + ".badge.ok{background:#e3f7e8;color:#1b7a34}.badge.bad{background:#fde4e4;color:#a12020}.badge.warn{background:#fff3d6;color:#8a5a00}.warnings li{color:#8a5a00}"
        + "table{border-collapse:collapse;margin:8px 0;font-size:14px}th,td{text-align:left;padding:4px 10px;border-bottom:1px solid #e6e8ef}"
        + "table.numbers th{color:#5b6478;font-weight:500}table.checks tr.ok td:nth-child(2){color:#1b7a34}table.checks tr.bad td:nth-child(2){color:#a12020;font-weight:700}"
        + "figure{margin:14px 0}figcaption{font-size:13px;color:#5b6478}.note{font-size:13px;color:#5b6478}svg{max-width:100%;height:auto}";
}
