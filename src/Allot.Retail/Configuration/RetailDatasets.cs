using System.Reflection;
using Allot.Data.Dictionary;
using Allot.Retail.Errors;

namespace Allot.Retail.Configuration;

/// <summary>
/// Step 32's file names and discovery patterns, read from the embedded dataset dictionary
/// <c>contracts/dataset_dictionary/retail.step32.yaml</c> — the one place they are written down.
/// </summary>
internal static class RetailDatasets
{
    /// <summary>Dictionary id of the pick list.</summary>
    public const string PickList = "store_level_recommendations_allocated";

    /// <summary>Dictionary id of the reconciliation report.</summary>
    public const string Reconciliation = "allocation_reconciliation";

    /// <summary>Dictionary id of the spot-check page.</summary>
    public const string SpotCheck = "allocation_spot_check";

    /// <summary>Dictionary id of the heatmap image.</summary>
    public const string Heatmap = "allocation_heatmap";

    /// <summary>Dictionary id of the widened Step 33 store file.</summary>
    public const string StorePluginMerged = "store_level_plugin_output_step32";

    /// <summary>Dictionary id of the pipeline manifest.</summary>
    public const string Manifest = "pipeline_manifest";

    private const string ResourceName = "Allot.Retail.retail.step32.yaml";

    private static readonly string[] Outputs = [PickList, Reconciliation, SpotCheck, Heatmap, StorePluginMerged, Manifest];

    /// <summary>
    /// The files of <paramref name="folder"/> that Step 32 runs wrote (any period, any format, and the manifest): what
    /// a command writing beside them (a report, a diff page) must never overwrite.
    /// </summary>
    public static IEnumerable<string> OutputFilesIn(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder).Where(f => Outputs.Any(id => System.IO.Path.GetFileName(f).StartsWith(id, StringComparison.Ordinal)))
        : [];

    /// <summary>The embedded dictionary.</summary>
    public static DatasetDictionary Dictionary { get; } = Load();

    /// <summary>The path (relative, forward slashes; may contain '*' for discovery patterns) of <paramref name="id"/> for a period token.</summary>
    public static string Path(string id, string period)
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["period"] = period,
            ["year_ago_period"] = YearAgo(period),
        };
        return Dictionary.ResolveRelative(id, tokens, RetailErrorCodes.BadPeriod);
    }

    private static string YearAgo(string period) =>
        period.Length == 7 && int.TryParse(period.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y)
            ? (y - 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + period[4..]
            : period;

    private static DatasetDictionary Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return DatasetDictionary.Parse(reader.ReadToEnd(), "embedded:contracts/dataset_dictionary/retail.step32.yaml");
    }
}
