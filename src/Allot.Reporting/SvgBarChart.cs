using System.Globalization;
using System.Text;

namespace Allot.Reporting;

/// <summary>A plain SVG bar chart (no script, no external fonts): one bar per labelled count.</summary>
public static class SvgBarChart
{
    /// <summary>Renders bars with their counts above them.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="bars">Label and value per bar, in display order.</param>
    /// <param name="xLabel">Caption of the category axis.</param>
    /// <param name="yLabel">Caption of the value axis.</param>
    /// <param name="id">Element id (for tests and links).</param>
    public static string Render(string title, IReadOnlyList<(string Label, long Value)> bars, string xLabel, string yLabel, string id)
    {
        const int height = 260, top = 36, bottom = 56, left = 64, right = 16;
        var barWidth = Math.Clamp(640 / Math.Max(1, bars.Count), 8, 60);
        var width = left + right + (bars.Count * barWidth);
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var plot = height - top - bottom;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" role=\"img\" width=\"{Math.Max(width, 360)}\" height=\"{height}\" viewBox=\"0 0 {Math.Max(width, 360)} {height}\" font-family=\"sans-serif\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title><text x=\"{left}\" y=\"20\" font-size=\"14\" font-weight=\"600\">{E(title)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plot}\" x2=\"{left + (bars.Count * barWidth)}\" y2=\"{top + plot}\" stroke=\"#555\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{top + (plot / 2)}\" font-size=\"11\" transform=\"rotate(-90 14 {top + (plot / 2)})\" text-anchor=\"middle\">{E(yLabel)}</text>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var h = (int)Math.Round((double)value / max * plot);
            var x = left + (i * barWidth) + 2;
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x}\" y=\"{top + plot - h}\" width=\"{barWidth - 4}\" height=\"{h}\" fill=\"#3b6fd8\"><title>{E(label)}: {value}</title></rect>");
            if (barWidth >= 18)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + ((barWidth - 4) / 2)}\" y=\"{top + plot - h - 3}\" font-size=\"9\" text-anchor=\"middle\">{value}</text>");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + ((barWidth - 4) / 2)}\" y=\"{top + plot + 14}\" font-size=\"10\" text-anchor=\"middle\">{E(label)}</text>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (bars.Count * barWidth / 2)}\" y=\"{height - 12}\" font-size=\"11\" text-anchor=\"middle\">{E(xLabel)}</text></svg>");
        return sb.ToString();
    }

    /// <summary>
    /// Buckets non-negative integer observations for a histogram: one bar per value up to 10, then powers-of-two
    /// ranges (11–16, 17–32, …) so long tails stay readable.
    /// </summary>
    public static IReadOnlyList<(string Label, long Value)> Histogram(IEnumerable<long> values)
    {
        var counts = new SortedDictionary<long, long>();
        foreach (var v in values)
        {
            var bucket = v <= 10 ? v : 1L << (64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(v - 1)));
            counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
        }

        return counts.Select(kv => (kv.Key <= 10 ? kv.Key.ToString(CultureInfo.InvariantCulture) : $"{(kv.Key / 2) + 1}–{kv.Key}", kv.Value)).ToList();
    }

    private static string E(string s) => MarkupText.Escape(s);
}
