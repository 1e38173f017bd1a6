using System.Globalization;
using System.Text;
using Allot.Reporting;
using Allot.Retail.Configuration;

namespace Allot.Retail.Reports;

/// <summary>Draws a <see cref="ClusterCategoryHeatmap"/> as a self-contained SVG (no fonts or scripts fetched).</summary>
internal static class HeatmapSvg
{
    private const int CellWidth = 86;
    private const int CellHeight = 30;
    private const int LeftMargin = 130;
    private const int TopMargin = 86;

    /// <summary>The file name for a period.</summary>
    public static string FileName(string period) => RetailDatasets.Path(RetailDatasets.Heatmap, period);

    /// <summary>The SVG markup (deterministic for a given heatmap).</summary>
    public static string Render(ClusterCategoryHeatmap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var inv = CultureInfo.InvariantCulture;
        var cols = Math.Max(1, map.Categories.Count);
        var rows = Math.Max(1, map.Clusters.Count);
        var width = LeftMargin + (cols * CellWidth) + 20;
        var height = TopMargin + (rows * CellHeight) + 60;
        var sb = new StringBuilder();
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"heatmap\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif\" font-size=\"12\">");
        sb.Append("<title>Share of stores receiving units: cluster × category</title>");
        sb.Append(inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>");
        sb.Append(inv, $"<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Share of each cluster's stores receiving units, by category</text>");
        sb.Append("<text x=\"10\" y=\"38\" fill=\"#555\">Most receiving stores first; hover a cell for counts.</text>");
        if (map.FoldedClusters > 0)
        {
            sb.Append(inv, $"<text x=\"10\" y=\"54\" fill=\"#555\">The {map.FoldedClusters} smaller clusters are folded into the last line.</text>");
        }

        sb.Append(inv, $"<text x=\"10\" y=\"{TopMargin - 8}\" fill=\"#555\">cluster \\ category</text>");
        for (var k = 0; k < map.Categories.Count; k++)
        {
            var x = LeftMargin + (k * CellWidth) + (CellWidth / 2);
            sb.Append(inv, $"<text x=\"{x}\" y=\"{TopMargin - 8}\" text-anchor=\"middle\">{Escape(map.Categories[k])}</text>");
        }

        for (var c = 0; c < map.Clusters.Count; c++)
        {
            var y = TopMargin + (c * CellHeight);
            sb.Append(inv, $"<text x=\"{LeftMargin - 8}\" y=\"{y + 19}\" text-anchor=\"end\">{Escape(map.Clusters[c])}</text>");
            for (var k = 0; k < map.Categories.Count; k++)
            {
                var v = map.Counts[c, k];
                var n = map.Considered[c, k];
                var share = map.Share(c, k);
                var x = LeftMargin + (k * CellWidth);
                var (fill, ink) = n == 0 ? ("#f4f4f4", "#999999") : Colour(share);
                var label = n == 0 ? "–" : Percent(share);
                sb.Append(inv, $"<rect class=\"cell\" x=\"{x}\" y=\"{y}\" width=\"{CellWidth - 2}\" height=\"{CellHeight - 2}\" fill=\"{fill}\" data-count=\"{v}\" data-considered=\"{n}\"><title>cluster {Escape(map.Clusters[c])}, {Escape(map.Categories[k])}: {v} of {n} stores receive units ({label})</title></rect>");
                sb.Append(inv, $"<text x=\"{x + ((CellWidth - 2) / 2)}\" y=\"{y + 19}\" text-anchor=\"middle\" fill=\"{ink}\">{label}</text>");
            }
        }

        var legendY = TopMargin + (rows * CellHeight) + 20;
        sb.Append(inv, $"<text x=\"{LeftMargin}\" y=\"{legendY + 12}\" fill=\"#555\">0%</text>");
        for (var s = 0; s <= 10; s++)
        {
            var (fill, _) = Colour(s / 10.0);
            sb.Append(inv, $"<rect x=\"{LeftMargin + 26 + (s * 18)}\" y=\"{legendY}\" width=\"18\" height=\"16\" fill=\"{fill}\"/>");
        }

        sb.Append(inv, $"<text x=\"{LeftMargin + 26 + (11 * 18) + 6}\" y=\"{legendY + 12}\" fill=\"#555\">100% of the cluster's stores in the category's rows</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>A share as a whole percentage (invariant).</summary>
    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>White to dark blue by share; white ink on dark cells.</summary>
    private static (string Fill, string Ink) Colour(double t)
    {
        var r = (int)Math.Round(247 - (t * (247 - 8)));
        var g = (int)Math.Round(251 - (t * (251 - 48)));
        var b = (int)Math.Round(255 - (t * (255 - 107)));
        return ($"#{r:x2}{g:x2}{b:x2}", t > 0.55 ? "#ffffff" : "#1a1a1a");
    }

    private static string Escape(string s) => MarkupText.Escape(s);
}
