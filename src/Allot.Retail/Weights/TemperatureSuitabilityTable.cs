using System.Reflection;
using System.Text;

namespace Allot.Retail.Weights;

/// <summary>
/// The season × climate suitability table, kept as data (<c>Weights/temperature_suitability.csv</c>, embedded):
/// each line names a canonical season, the climates it suits and the level; anything not listed is LOW.
/// </summary>
public sealed class TemperatureSuitabilityTable
{
    private readonly Dictionary<(string Season, string Climate), SuitabilityLevel> rules;

    private TemperatureSuitabilityTable(Dictionary<(string, string), SuitabilityLevel> rules) => this.rules = rules;

    /// <summary>The table shipped with Allot.</summary>
    public static TemperatureSuitabilityTable Default { get; } = LoadEmbedded();

    /// <summary>The rules as (season, climate, level), in ordinal order, for reports.</summary>
    public IEnumerable<(string Season, string Climate, SuitabilityLevel Level)> Rules =>
        rules.OrderBy(r => r.Key.Season, StringComparer.Ordinal).ThenBy(r => r.Key.Climate, StringComparer.Ordinal)
            .Select(r => (r.Key.Season, r.Key.Climate, r.Value));

    /// <summary>Parses the CSV form: header <c>season,climates,level[,note]</c>; climates separated by '|'.</summary>
    public static TemperatureSuitabilityTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var map = new Dictionary<(string, string), SuitabilityLevel>();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(',');
            var level = parts[2].Trim().ToUpperInvariant() switch
            {
                "HIGH" => SuitabilityLevel.High,
                "MED" => SuitabilityLevel.Med,
                "LOW" => SuitabilityLevel.Low,
                var other => throw new FormatException($"suitability level '{other}' is not HIGH, MED or LOW"),
            };
            foreach (var climate in parts[1].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                map[(parts[0].Trim(), climate)] = level;
            }
        }

        return new TemperatureSuitabilityTable(map);
    }

    /// <summary>The level for a canonical season and climate; LOW when either is unknown or no rule matches.</summary>
    public SuitabilityLevel Lookup(string? season, string? climate) =>
        season is not null && climate is not null && rules.TryGetValue((season, climate), out var level) ? level : SuitabilityLevel.Low;

    private static TemperatureSuitabilityTable LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Allot.Retail.temperature_suitability.csv")
            ?? throw new InvalidOperationException("embedded suitability table is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }
}
