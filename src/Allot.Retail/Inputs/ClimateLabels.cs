namespace Allot.Retail.Inputs;

/// <summary>Maps <c>climate_label_refined</c> values (Hot / Moderate / Cool / Cold, possibly suffixed "Climate") to a canonical label.</summary>
internal static class ClimateLabels
{
    private static readonly Dictionary<string, string> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hot"] = "Hot",
        ["warm"] = "Hot",
        ["炎热"] = "Hot",
        ["热"] = "Hot",
        ["moderate"] = "Moderate",
        ["mild"] = "Moderate",
        ["温和"] = "Moderate",
        ["cool"] = "Cool",
        ["凉爽"] = "Cool",
        ["凉"] = "Cool",
        ["cold"] = "Cold",
        ["寒冷"] = "Cold",
        ["冷"] = "Cold",
    };

    /// <summary>The canonical label, or null when missing or unknown.</summary>
    public static string? Normalize(string raw)
    {
        var t = (raw ?? string.Empty).Trim();
        if (t.EndsWith("climate", StringComparison.OrdinalIgnoreCase))
        {
            t = t[..^"climate".Length].Trim().TrimEnd('_', '-').Trim();
        }

        return Map.TryGetValue(t, out var c) ? c : null;
    }
}
