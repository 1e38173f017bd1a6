using System.Globalization;

namespace Allot.Segment1B;

/// <summary>The key fields S4 errors carry (read by the JSON error record, never parsed back from a message).</summary>
internal static class S4Keys
{
    /// <summary>Key field name of the merchant.</summary>
    public const string MerchantId = "merchant_id";

    /// <summary>Key field name of the legal country.</summary>
    public const string LegalCountryIso = "legal_country_iso";

    /// <summary>The key fields of a (merchant, country) pair.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Pair(long merchantId, string? legalCountryIso) =>
    [
        new(MerchantId, merchantId.ToString(CultureInfo.InvariantCulture)),
        new(LegalCountryIso, legalCountryIso ?? string.Empty),
    ];
}
