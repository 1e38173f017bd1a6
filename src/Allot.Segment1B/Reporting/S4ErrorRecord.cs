using System.Globalization;
using System.Text.Json.Nodes;
using Allot.Core.Errors;
using Allot.Data.Reports;

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

        foreach (var part in (error.Key ?? string.Empty).Split(", ", StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var (k, v) = (part[..eq], part[(eq + 1)..]);
            if (k == "merchant_id" && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m))
            {
                node["merchant_id"] = m;
            }
            else if (k == "legal_country_iso")
            {
                node["legal_country_iso"] = v;
            }
        }

        return CanonicalJson.ToLine(node);
    }
}
