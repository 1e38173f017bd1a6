using System.Globalization;
using System.Text.Json.Nodes;
using Allot.Core.Errors;
using Allot.Data.Json;

namespace Allot.Segment1B.Reporting;

/// <summary>
/// The one-line JSON error record S4 prints on stderr:
/// <c>{"event":"S4_ERROR","code":…,"at":…,"seed":…,"manifest_fingerprint":…,"parameter_hash":…,"merchant_id"?,"legal_country_iso"?,"file"?,"row"?,"message":…}</c>.
/// <c>at</c> is the UTC time of the failure (RFC 3339, microseconds).
/// </summary>
public static class S4ErrorRecord
{
    /// <summary>Builds the record line for <paramref name="error"/>; tokens may be null when they were never parsed.</summary>
    public static string ToLine(AllotError error, string? seed, string? fingerprint, string? parameterHash, DateTimeOffset at, string eventName = "S4_ERROR")
    {
        var node = new JsonObject
        {
            ["event"] = eventName,
            ["code"] = error.Code,
            ["at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["seed"] = seed,
            ["manifest_fingerprint"] = fingerprint,
            ["parameter_hash"] = parameterHash,
            ["message"] = error.Message,
        };
        if (error.File is not null)
        {
            node["file"] = error.File;
        }

        if (error.Row is not null)
        {
            node["row"] = error.Row.Value;
        }

        if (error.RowGroup is not null)
        {
            node["row_group"] = error.RowGroup.Value;
        }

        if (error.Column is not null)
        {
            node["column"] = error.Column;
        }

        foreach (var (k, v) in error.KeyFields ?? LegacyKeyFields(error.Key))
        {
            if (k == S4Keys.MerchantId && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m))
            {
                node["merchant_id"] = m;
            }
            else if (k == S4Keys.LegalCountryIso)
            {
                node["legal_country_iso"] = v;
            }
        }

        return AllotJson.ToLine(node);
    }

    // Errors raised before key fields were structured (the input loader) carry "merchant_id=…, legal_country_iso=…"
    // in Key. TODO(lead): once S4InputLoader passes S4Keys.Pair, remove this.
    private static IEnumerable<KeyValuePair<string, string>> LegacyKeyFields(string? key)
    {
        foreach (var part in (key ?? string.Empty).Split(", ", StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                yield return new(part[..eq], part[(eq + 1)..]);
            }
        }
    }
}
