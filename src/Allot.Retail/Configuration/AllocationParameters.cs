using System.Globalization;
using Allot.Retail.Errors;

namespace Allot.Retail.Configuration;

/// <summary>
/// Every tunable of Step 32, with the seed's environment-variable names and defaults. This type is the one source
/// of truth for those names and defaults. Values come from the environment; <c>--set NAME=VALUE</c> flags override
/// them. A malformed value is an <see cref="RetailErrorCodes.BadParameter"/> error naming the variable.
/// </summary>
public sealed record AllocationParameters
{
    /// <summary>Exponent α of the sales weight (<c>ALLOC_ALPHA_SALES</c>, default 0.6, ≥ 0).</summary>
    public double AlphaSales { get; init; } = 0.6;

    /// <summary>Exponent β of the capacity weight (<c>ALLOC_BETA_CAP</c>, default 0.3, ≥ 0).</summary>
    public double BetaCap { get; init; } = 0.3;

    /// <summary>Exponent γ of the suitability weight (<c>ALLOC_GAMMA_FIT</c>, default 0.1, ≥ 0).</summary>
    public double GammaFit { get; init; } = 0.1;

    /// <summary>Hard per-store cap per recommendation row (<c>ALLOC_MAX_PER_STORE</c>, default 10, integer ≥ 0).</summary>
    public long MaxPerStore { get; init; } = 10;

    /// <summary>
    /// A store's capacity for the whole period, shared by every row that touches it, when its rack capacity is not
    /// known (<c>ALLOC_MAX_PER_STORE_PERIOD</c>, integer ≥ 0; unset by default = no store-wide limit beyond the
    /// per-row caps). With rack capacity the category shelf budget is the shared capacity instead.
    /// </summary>
    public long? MaxPerStorePeriod { get; init; }

    /// <summary>Units per whole headroom in the default cap (<c>ALLOC_HEADROOM_UNIT_SCALE</c>, default 10, ≥ 0).</summary>
    public decimal HeadroomUnitScale { get; init; } = 10m;

    /// <summary>
    /// Units an eligible store may go above its cap in one row when the row cannot fit under the caps
    /// (<c>ALLOC_MAX_RELAX_PER_STORE</c>, default 1, integer ≥ 0; used by <c>--relax-caps bounded</c>).
    /// </summary>
    public long MaxRelaxPerStore { get; init; } = 1;

    /// <summary>Pack (case) size for rows without a <c>Pack_Size</c> column value (<c>ALLOC_PACK_SIZE</c>, default 1, integer ≥ 1): store quantities are whole packs.</summary>
    public long PackSize { get; init; } = 1;

    /// <summary>Presentation minimum (<c>ALLOC_PRESENTATION_MIN</c>, default 0, integer ≥ 0): a store that receives anything in a row receives at least this many units.</summary>
    public long PresentationMin { get; init; }

    /// <summary>Minimum number of stores that receive one unit (<c>ALLOC_MIN_STORES</c>, default 0, integer ≥ 0).</summary>
    public int MinStores { get; init; }

    /// <summary>Utilisation above which a store's cap is 0 (<c>CAPACITY_MAX_UTIL</c>, default 0.9, ≥ 0).</summary>
    public decimal CapacityMaxUtil { get; init; } = 0.9m;

    /// <summary>Temperature suitability for a good season/climate match (<c>SUITABILITY_HIGH</c>, default 1.0).</summary>
    public double SuitabilityHigh { get; init; } = 1.0;

    /// <summary>Temperature suitability for a partial match (<c>SUITABILITY_MED</c>, default 0.8).</summary>
    public double SuitabilityMed { get; init; } = 0.8;

    /// <summary>Temperature suitability otherwise (<c>SUITABILITY_LOW</c>, default 0.7).</summary>
    public double SuitabilityLow { get; init; } = 0.7;

    /// <summary>Order competing rows by Expected_Benefit × Confidence_Score (<c>USE_EXPECTED_BENEFIT_WEIGHTING</c>, default 1).</summary>
    public bool UseExpectedBenefitWeighting { get; init; } = true;

    /// <summary>The variable names in the order they are reported.</summary>
    public static IReadOnlyList<string> VariableNames { get; } =
    [
        "ALLOC_ALPHA_SALES", "ALLOC_BETA_CAP", "ALLOC_GAMMA_FIT", "ALLOC_MAX_PER_STORE", "ALLOC_MAX_PER_STORE_PERIOD", "ALLOC_HEADROOM_UNIT_SCALE",
        "ALLOC_MAX_RELAX_PER_STORE", "ALLOC_PACK_SIZE", "ALLOC_PRESENTATION_MIN", "ALLOC_MIN_STORES", "CAPACITY_MAX_UTIL", "SUITABILITY_HIGH", "SUITABILITY_MED", "SUITABILITY_LOW",
        "USE_EXPECTED_BENEFIT_WEIGHTING",
    ];

    /// <summary>
    /// A sentence for each environment variable that looks like a Step 32 parameter (prefix <c>ALLOC_</c>) but is not
    /// one, naming the nearest parameter when one is a few letters away: such a variable is ignored.
    /// </summary>
    public static IEnumerable<string> UnknownVariables(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names.Where(n => n.StartsWith("ALLOC_", StringComparison.Ordinal) && !VariableNames.Contains(n, StringComparer.Ordinal)).Order(StringComparer.Ordinal))
        {
            var nearest = VariableNames.MinBy(known => Distance(name, known))!;
            var hint = Distance(name, nearest) <= 3 ? $" (did you mean {nearest}?)" : string.Empty;
            yield return $"environment variable {name} is not a Step 32 parameter and was ignored{hint}";
        }
    }

    // Levenshtein distance: edits from one name to the other.
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }

    /// <summary>
    /// Reads the parameters: for each variable, an override (from <c>--set</c>) wins over the environment, which
    /// wins over the default. Unknown override names are rejected so a typo never passes silently.
    /// </summary>
    public static AllocationParameters Resolve(Func<string, string?> environment, IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var name in overrides.Keys)
        {
            if (!VariableNames.Contains(name, StringComparer.Ordinal))
            {
                throw RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, $"unknown parameter '{name}'; known: {string.Join(", ", VariableNames)}", name);
            }
        }

        string? Raw(string name) => overrides.TryGetValue(name, out var v) ? v : environment(name);
        var d = new AllocationParameters();
        return new AllocationParameters
        {
            AlphaSales = NonNegativeDouble("ALLOC_ALPHA_SALES", Raw("ALLOC_ALPHA_SALES"), d.AlphaSales),
            BetaCap = NonNegativeDouble("ALLOC_BETA_CAP", Raw("ALLOC_BETA_CAP"), d.BetaCap),
            GammaFit = NonNegativeDouble("ALLOC_GAMMA_FIT", Raw("ALLOC_GAMMA_FIT"), d.GammaFit),
            MaxPerStore = NonNegativeInteger("ALLOC_MAX_PER_STORE", Raw("ALLOC_MAX_PER_STORE"), d.MaxPerStore),
            MaxPerStorePeriod = string.IsNullOrWhiteSpace(Raw("ALLOC_MAX_PER_STORE_PERIOD")) ? null : NonNegativeInteger("ALLOC_MAX_PER_STORE_PERIOD", Raw("ALLOC_MAX_PER_STORE_PERIOD"), 0),
            HeadroomUnitScale = NonNegativeDecimal("ALLOC_HEADROOM_UNIT_SCALE", Raw("ALLOC_HEADROOM_UNIT_SCALE"), d.HeadroomUnitScale),
            MaxRelaxPerStore = NonNegativeInteger("ALLOC_MAX_RELAX_PER_STORE", Raw("ALLOC_MAX_RELAX_PER_STORE"), d.MaxRelaxPerStore),
            PackSize = PositiveInteger("ALLOC_PACK_SIZE", Raw("ALLOC_PACK_SIZE"), d.PackSize),
            PresentationMin = NonNegativeInteger("ALLOC_PRESENTATION_MIN", Raw("ALLOC_PRESENTATION_MIN"), d.PresentationMin),
            MinStores = (int)Math.Min(int.MaxValue, NonNegativeInteger("ALLOC_MIN_STORES", Raw("ALLOC_MIN_STORES"), d.MinStores)),
            CapacityMaxUtil = NonNegativeDecimal("CAPACITY_MAX_UTIL", Raw("CAPACITY_MAX_UTIL"), d.CapacityMaxUtil),
            SuitabilityHigh = PositiveDouble("SUITABILITY_HIGH", Raw("SUITABILITY_HIGH"), d.SuitabilityHigh),
            SuitabilityMed = PositiveDouble("SUITABILITY_MED", Raw("SUITABILITY_MED"), d.SuitabilityMed),
            SuitabilityLow = PositiveDouble("SUITABILITY_LOW", Raw("SUITABILITY_LOW"), d.SuitabilityLow),
            UseExpectedBenefitWeighting = Flag("USE_EXPECTED_BENEFIT_WEIGHTING", Raw("USE_EXPECTED_BENEFIT_WEIGHTING"), d.UseExpectedBenefitWeighting),
        };
    }

    /// <summary>The resolved values as invariant text, keyed by variable name (for the reconciliation report).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AsReported() =>
    [
        new("ALLOC_ALPHA_SALES", AlphaSales.ToString("R", CultureInfo.InvariantCulture)),
        new("ALLOC_BETA_CAP", BetaCap.ToString("R", CultureInfo.InvariantCulture)),
        new("ALLOC_GAMMA_FIT", GammaFit.ToString("R", CultureInfo.InvariantCulture)),
        new("ALLOC_MAX_PER_STORE", MaxPerStore.ToString(CultureInfo.InvariantCulture)),
        new("ALLOC_MAX_PER_STORE_PERIOD", MaxPerStorePeriod?.ToString(CultureInfo.InvariantCulture) ?? string.Empty),
        new("ALLOC_HEADROOM_UNIT_SCALE", HeadroomUnitScale.ToString(CultureInfo.InvariantCulture)),
        new("ALLOC_MAX_RELAX_PER_STORE", MaxRelaxPerStore.ToString(CultureInfo.InvariantCulture)),
        new("ALLOC_PACK_SIZE", PackSize.ToString(CultureInfo.InvariantCulture)),
        new("ALLOC_PRESENTATION_MIN", PresentationMin.ToString(CultureInfo.InvariantCulture)),
        new("ALLOC_MIN_STORES", MinStores.ToString(CultureInfo.InvariantCulture)),
        new("CAPACITY_MAX_UTIL", CapacityMaxUtil.ToString(CultureInfo.InvariantCulture)),
        new("SUITABILITY_HIGH", SuitabilityHigh.ToString("R", CultureInfo.InvariantCulture)),
        new("SUITABILITY_MED", SuitabilityMed.ToString("R", CultureInfo.InvariantCulture)),
        new("SUITABILITY_LOW", SuitabilityLow.ToString("R", CultureInfo.InvariantCulture)),
        new("USE_EXPECTED_BENEFIT_WEIGHTING", UseExpectedBenefitWeighting ? "1" : "0"),
    ];

    private static double NonNegativeDouble(string name, string? raw, double fallback) => FiniteDouble(name, raw, fallback, positive: false);

    private static double PositiveDouble(string name, string? raw, double fallback) => FiniteDouble(name, raw, fallback, positive: true);

    private static double FiniteDouble(string name, string? raw, double fallback, bool positive)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < 0 || (positive && v == 0))
        {
            throw Malformed(name, raw, positive ? "a finite number > 0" : "a finite number ≥ 0");
        }

        return v;
    }

    private static decimal NonNegativeDecimal(string name, string? raw, decimal fallback)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!decimal.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0)
        {
            throw Malformed(name, raw, "a decimal number ≥ 0");
        }

        return v;
    }

    private static long NonNegativeInteger(string name, string? raw, long fallback) => Integer(name, raw, fallback, minimum: 0);

    private static long PositiveInteger(string name, string? raw, long fallback) => Integer(name, raw, fallback, minimum: 1);

    // One parse with the parameter's own lower bound, so that every malformed value (text, -2, 0) states the same range.
    private static long Integer(string name, string? raw, long fallback, long minimum)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < minimum)
        {
            throw Malformed(name, raw, $"an integer ≥ {minimum}");
        }

        return v;
    }

    private static bool Flag(string name, string? raw, bool fallback)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        return raw.Trim().ToLowerInvariant() switch
        {
            "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            _ => throw Malformed(name, raw, "1/0 (or true/false)"),
        };
    }

    private static Allot.Core.Errors.AllotException Malformed(string name, string raw, string expected) =>
        RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, $"{name}='{raw}' (from the environment, --set or --{name.ToLowerInvariant().Replace('_', '-')}) is malformed: expected {expected}", name);
}
