using System.Text.RegularExpressions;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;

namespace Allot.Retail.Inputs;

/// <summary>
/// Default file discovery under <c>--input-dir</c>. "Newest" means the latest last-write time, ties broken by
/// the path in descending ordinal order, so the choice is deterministic for a given folder. Folders whose name
/// starts with a dot (staging folders included) are never searched.
/// </summary>
internal static class InputLocator
{
    /// <summary>
    /// Where the manifest lookup searches, in order: Step 18's enriched output, then Step 14's fast-fish output, as
    /// (step, output key prefix) for the pipeline's <c>get_latest_output(step, key_prefix, period_label)</c>.
    /// </summary>
    public static IReadOnlyList<(string Step, string KeyPrefix)> ManifestSources { get; } =
    [
        ("step18", "sell_through_analysis"),
        ("step18", "fast_fish_with_trends_business_enriched"),
        ("step14", "enhanced_fast_fish_format"),
        ("step14", "fast_fish_format"),
    ];

    /// <summary>
    /// The group recommendations registered in the pipeline manifest for the period (<see cref="ManifestSources"/>, the
    /// first whose file exists), or null when there is no usable manifest or entry. A relative <c>file_path</c> is the
    /// pipeline's (relative to its root, i.e. <paramref name="inputDir"/>), else to the working folder.
    /// </summary>
    public static string? GroupRecommendationsFromManifest(string inputDir, TargetPeriod period, string? manifestPath = null) =>
        FromManifest(inputDir, period, manifestPath).Found?.Path;

    /// <summary>
    /// Through the pipeline manifest first (<see cref="GroupRecommendationsFromManifest"/>); else the newest
    /// <c>*with_trends_business_enriched*{P}*.csv</c>, else the newest <c>*fast_fish_format*{P}*.csv</c>.
    /// </summary>
    public static string GroupRecommendations(string inputDir, TargetPeriod period, string? manifestPath = null) =>
        LocateGroupRecommendations(inputDir, period, manifestPath).Path;

    /// <summary>
    /// As <see cref="GroupRecommendations"/>, with how the file was found — the manifest entry, or the discovery pattern
    /// (saying so when the manifest registered a file for the period that no longer exists, so a planner sees that a
    /// newest-match took its place).
    /// </summary>
    public static LocatedInput LocateGroupRecommendations(string inputDir, TargetPeriod period, string? manifestPath = null)
    {
        var (found, stale) = FromManifest(inputDir, period, manifestPath);
        if (found is not null)
        {
            return found;
        }

        var enriched = RetailDatasets.Path("group_recommendations_enriched", period.Token);
        var addsOnly = RetailDatasets.Path("group_recommendations_adds_only", period.Token);
        var staleNote = stale is null ? string.Empty : $"; the pipeline manifest's {stale.Value.Key} names {stale.Value.Path}, which does not exist";
        return Newest(inputDir, enriched) is { } e ? new LocatedInput(e, $"newest {enriched}{staleNote}")
            : Newest(inputDir, addsOnly) is { } a ? new LocatedInput(a, $"newest {addsOnly}{staleNote}")
            : throw Missing(inputDir, $"{enriched} or {addsOnly}", "--group-recs-file");
    }

    private static (LocatedInput? Found, (string Key, string Path)? Stale) FromManifest(string inputDir, TargetPeriod period, string? manifestPath)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (manifestPath is not null)
        {
            // Named with --pipeline-manifest: a typo must not quietly turn into file discovery.
            if (!File.Exists(manifestPath))
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.NoInputFile, "the pipeline manifest given with --pipeline-manifest does not exist (without the option, {input-dir}/output/pipeline_manifest.json is used when present)", manifestPath);
            }

            if (Outputs.PipelineManifest.TryRead(manifestPath) is null)
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.BadManifest, "the pipeline manifest given with --pipeline-manifest is not a JSON object; fix it or name another", manifestPath);
            }
        }

        manifestPath ??= Path.Combine(inputDir, "output", RetailDatasets.Path(RetailDatasets.Manifest, period.Token));
        if (Outputs.PipelineManifest.TryRead(manifestPath) is not { } manifest)
        {
            return (null, null);
        }

        (string, string)? stale = null;
        foreach (var (step, prefix) in ManifestSources)
        {
            if (Outputs.PipelineManifest.LatestOutput(manifest, step, prefix, period.Token) is not { Length: > 0 } registered)
            {
                continue;
            }

            var candidates = Path.IsPathRooted(registered) ? [registered] : new[] { Path.Combine(inputDir, registered), registered };
            if (candidates.FirstOrDefault(File.Exists) is { } found)
            {
                return (new LocatedInput(found, $"pipeline manifest, {step} ({prefix}…, {period.Token})"), null);
            }

            stale ??= ($"{step} entry ({prefix}…, {period.Token})", registered);
        }

        return (null, stale);
    }

    /// <summary><c>store_level_plugin_output_{P}.csv</c>, else <c>store_level_plugin_output.csv</c>.</summary>
    public static string StoreMeta(string inputDir, TargetPeriod period) => LocateStoreMeta(inputDir, period).Path;

    /// <summary>As <see cref="StoreMeta"/>, with how the file was found.</summary>
    public static LocatedInput LocateStoreMeta(string inputDir, TargetPeriod period)
    {
        var forPeriod = RetailDatasets.Path("store_meta_for_period", period.Token);
        var any = RetailDatasets.Path("store_meta", period.Token);
        return Newest(inputDir, forPeriod) is { } p ? new LocatedInput(p, $"newest {forPeriod}")
            : Newest(inputDir, any) is { } a ? new LocatedInput(a, $"newest {any}; no {forPeriod}")
            : throw Missing(inputDir, any, "--store-meta-file");
    }

    /// <summary><c>store_tags_{P}.csv</c>.</summary>
    public static string StoreTags(string inputDir, TargetPeriod period) => LocateStoreTags(inputDir, period).Path;

    /// <summary>As <see cref="StoreTags"/>, with how the file was found.</summary>
    public static LocatedInput LocateStoreTags(string inputDir, TargetPeriod period)
    {
        var tags = RetailDatasets.Path("store_tags", period.Token);
        return Newest(inputDir, tags) is { } t ? new LocatedInput(t, $"newest {tags}") : throw Missing(inputDir, tags, "--store-tags-file");
    }

    /// <summary>
    /// <c>data/api_data/complete_category_sales_{yyyy-1}{mm}{A|B}.csv</c> (the same half-month a year earlier),
    /// else the newest <c>complete_category_sales_*Q*_combined.csv</c>; both looked for under the input folder.
    /// </summary>
    public static string StoreSales(string inputDir, TargetPeriod period) => LocateStoreSales(inputDir, period).Path;

    /// <summary>As <see cref="StoreSales"/>, with how the file was found (the weights differ with the basis).</summary>
    public static LocatedInput LocateStoreSales(string inputDir, TargetPeriod period)
    {
        var yearAgo = RetailDatasets.Path("store_sales_year_ago", period.Token);
        var combined = RetailDatasets.Path("store_sales_combined_quarter", period.Token);
        var preferred = Path.Combine(inputDir, yearAgo);
        if (File.Exists(preferred))
        {
            return new LocatedInput(preferred, "the same half-month a year earlier");
        }

        return Newest(inputDir, Path.GetFileName(yearAgo)) is { } y ? new LocatedInput(y, $"newest {Path.GetFileName(yearAgo)}, the same half-month a year earlier")
            : Newest(inputDir, combined, CombinedQuarter) is { } q ? new LocatedInput(q, $"newest quarter {combined}; no {Path.GetFileName(yearAgo)} (the same half-month a year earlier)")
            : throw Missing(inputDir, $"{yearAgo} or {combined}", "--store-sales-file");
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

/// <summary>An input file and how it was found (shown to the planner; not part of any output file).</summary>
/// <param name="Path">The file.</param>
/// <param name="FoundBy">"pipeline manifest, step18 (…)", "newest *…*.csv", or the option that named it.</param>
public sealed record LocatedInput(string Path, string FoundBy);
