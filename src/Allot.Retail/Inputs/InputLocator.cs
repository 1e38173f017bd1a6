using System.Text.RegularExpressions;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;

namespace Allot.Retail.Inputs;

/// <summary>
/// Default file discovery under <c>--input-dir</c>. "Newest" means the latest last-write time, ties broken by
/// the path in descending ordinal order, so the choice is deterministic for a given folder. Folders whose name
/// starts with a dot (staging folders included) are never searched.
/// </summary>
public static class InputLocator
{
    /// <summary>The newest <c>*with_trends_business_enriched*{P}*.csv</c>, else the newest <c>*fast_fish_format*{P}*.csv</c>.</summary>
    public static string GroupRecommendations(string inputDir, TargetPeriod period) =>
        Newest(inputDir, $"*with_trends_business_enriched*{period.Token}*.csv")
        ?? Newest(inputDir, $"*fast_fish_format*{period.Token}*.csv")
        ?? throw Missing(inputDir, $"*with_trends_business_enriched*{period.Token}*.csv or *fast_fish_format*{period.Token}*.csv", "--group-recs-file");

    /// <summary><c>store_level_plugin_output_{P}.csv</c>, else <c>store_level_plugin_output.csv</c>.</summary>
    public static string StoreMeta(string inputDir, TargetPeriod period) =>
        Newest(inputDir, $"store_level_plugin_output_{period.Token}.csv")
        ?? Newest(inputDir, "store_level_plugin_output.csv")
        ?? throw Missing(inputDir, "store_level_plugin_output.csv", "--store-meta-file");

    /// <summary><c>store_tags_{P}.csv</c>.</summary>
    public static string StoreTags(string inputDir, TargetPeriod period) =>
        Newest(inputDir, $"store_tags_{period.Token}.csv")
        ?? throw Missing(inputDir, $"store_tags_{period.Token}.csv", "--store-tags-file");

    /// <summary>
    /// <c>data/api_data/complete_category_sales_{yyyy-1}{mm}{A|B}.csv</c> (the same half-month a year earlier),
    /// else the newest <c>complete_category_sales_*Q*_combined.csv</c>; both looked for under the input folder.
    /// </summary>
    public static string StoreSales(string inputDir, TargetPeriod period)
    {
        var preferred = Path.Combine(inputDir, "data", "api_data", $"complete_category_sales_{period.YearAgoToken}.csv");
        if (File.Exists(preferred))
        {
            return preferred;
        }

        return Newest(inputDir, $"complete_category_sales_{period.YearAgoToken}.csv")
            ?? Newest(inputDir, "complete_category_sales_*Q*_combined.csv", CombinedQuarter)
            ?? throw Missing(inputDir, $"data/api_data/complete_category_sales_{period.YearAgoToken}.csv or complete_category_sales_*Q*_combined.csv", "--store-sales-file");
    }

    private static readonly Regex CombinedQuarter = new(@"^complete_category_sales_\d{4}Q[1-4]_combined\.csv$", RegexOptions.CultureInvariant);

    private static string? Newest(string root, string pattern, Regex? filter = null)
    {
        if (!Directory.Exists(root))
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.FileUnreadable, "the input folder does not exist", root);
        }

        string? best = null;
        var bestTime = DateTime.MinValue;
        foreach (var file in Search(root, pattern))
        {
            if (filter is not null && !filter.IsMatch(Path.GetFileName(file)))
            {
                continue;
            }

            var t = File.GetLastWriteTimeUtc(file);
            if (best is null || t > bestTime || (t == bestTime && string.CompareOrdinal(file, best) > 0))
            {
                best = file;
                bestTime = t;
            }
        }

        return best;
    }

    private static IEnumerable<string> Search(string folder, string pattern)
    {
        foreach (var f in Directory.EnumerateFiles(folder, pattern))
        {
            yield return f;
        }

        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            if (Path.GetFileName(sub).StartsWith('.'))
            {
                continue;
            }

            foreach (var f in Search(sub, pattern))
            {
                yield return f;
            }
        }
    }

    private static Allot.Core.Errors.AllotException Missing(string root, string what, string flag) =>
        RetailErrorCodes.Input(RetailErrorCodes.NoInputFile, $"no {what} found under the input folder; pass {flag} explicitly", root);
}
