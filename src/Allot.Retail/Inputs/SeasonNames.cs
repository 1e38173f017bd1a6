namespace Allot.Retail.Inputs;

/// <summary>Maps season labels (Chinese 春 夏 秋 冬 四季, their 季 forms, and English names) to the canonical Chinese label.</summary>
internal static class SeasonNames
{
    private static readonly Dictionary<string, string> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["春"] = "春",
        ["春季"] = "春",
        ["spring"] = "春",
        ["夏"] = "夏",
        ["夏季"] = "夏",
        ["summer"] = "夏",
        ["秋"] = "秋",
        ["秋季"] = "秋",
        ["autumn"] = "秋",
        ["fall"] = "秋",
        ["冬"] = "冬",
        ["冬季"] = "冬",
        ["winter"] = "冬",
        ["四季"] = "四季",
        ["all season"] = "四季",
        ["all seasons"] = "四季",
        ["all-season"] = "四季",
        ["all-seasons"] = "四季",
        ["four seasons"] = "四季",
        ["all"] = "四季",
        ["allseason"] = "四季",
    };

    /// <summary>The canonical label, or null when the text is not a known season.</summary>
    public static string? Normalize(string raw) =>
        Map.TryGetValue((raw ?? string.Empty).Trim(), out var s) ? s : null;
}
