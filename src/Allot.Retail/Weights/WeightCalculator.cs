using Allot.Retail.Configuration;
using Allot.Retail.Inputs;

namespace Allot.Retail.Weights;

/// <summary>
/// Computes a row's store weights exactly as the spec states: sales share (subcategory → category → uniform),
/// capacity headroom (scaled by rack capacity against the group's median), suitability (temperature table ×
/// store-type alignment) and the composite <c>w_sales^α · w_cap^β · w_fit^γ</c>.
/// </summary>
internal static class WeightCalculator
{
    /// <summary>Weight of an aligned store type.</summary>
    public const double AlignedWeight = 1.0;

    /// <summary>Weight of a mixed (balanced/hybrid or non-dominant) store type.</summary>
    public const double MixedWeight = 0.9;

    /// <summary>Weight of a store whose type is missing.</summary>
    public const double UnknownTypeWeight = 0.7;

    /// <summary>Computes the weights of <paramref name="row"/> over <paramref name="stores"/>.</summary>
    public static RowWeights Compute(GroupRecommendation row, ReadOnlySpan<StoreProfile> stores, StoreSales sales, AllocationParameters parameters, TemperatureSuitabilityTable table)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(sales);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(table);
        var n = stores.Length;
        var (basis, salesShare) = SalesShares(row, stores, sales);

        var capacity = new double[n];
        var capNorm = MedianRack(stores);
        for (var i = 0; i < n; i++)
        {
            // min(1, rack / median) is 1 exactly when rack ≥ median: the decimal division is only made below it.
            var headroom = stores[i].HeadroomAsDouble;
            capacity[i] = stores[i].RackCapacity is { } rack && capNorm > 0
                ? headroom * (rack >= capNorm ? 1.0 : Math.Min(1.0, (double)(rack / capNorm)))
                : headroom;
        }

        var dominantClimate = Dominant(stores, climate: true) ?? "Unknown";
        var dominantType = Dominant(stores, climate: false) ?? string.Empty;
        var temperature = new SuitabilityLevel[n];
        var alignment = new StoreTypeAlignment[n];
        var fit = new double[n];

        // w_fit^γ depends on (temperature level, alignment) only: at most nine values per row, each computed once.
        // The level depends on the store's climate only (a handful of labels): looked up once per label and row.
        Span<double> fitPower = stackalloc double[9];
        fitPower.Fill(double.NaN);
        string? lastClimate = null;
        var lastLevel = table.Lookup(row.CanonicalSeason, null);
        for (var i = 0; i < n; i++)
        {
            var climate = stores[i].Climate;
            if (!ReferenceEquals(climate, lastClimate))
            {
                lastLevel = table.Lookup(row.CanonicalSeason, climate);
                lastClimate = climate;
            }

            temperature[i] = lastLevel;
            alignment[i] = Align(stores[i], dominantType);
            fit[i] = TemperatureWeight(temperature[i], parameters) * TypeWeight(alignment[i]);
        }

        var composite = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            ref var fp = ref fitPower[(3 * (int)temperature[i]) + (int)alignment[i]];
            if (double.IsNaN(fp))
            {
                fp = Math.Pow(fit[i], parameters.GammaFit);
            }

            composite[i] = Math.Pow(salesShare[i], parameters.AlphaSales) * Math.Pow(capacity[i], parameters.BetaCap) * fp;
            sum += composite[i];
        }

        var uniform = !(sum > 0) || !double.IsFinite(sum);
        if (uniform)
        {
            Array.Fill(composite, 1.0);
            sum = n;
        }

        var share = new double[n];
        for (var i = 0; i < n; i++)
        {
            share[i] = composite[i] / sum;
        }

        return new RowWeights
        {
            Basis = basis,
            Sales = salesShare,
            Capacity = capacity,
            Suitability = fit,
            Temperature = temperature,
            Alignment = alignment,
            Composite = composite,
            CompositeShare = share,
            UniformFallback = uniform,
            DominantClimate = dominantClimate,
            DominantType = dominantType,
        };
    }

    /// <summary>The parameter value of a temperature level.</summary>
    public static double TemperatureWeight(SuitabilityLevel level, AllocationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return level switch
        {
            SuitabilityLevel.High => parameters.SuitabilityHigh,
            SuitabilityLevel.Med => parameters.SuitabilityMed,
            _ => parameters.SuitabilityLow,
        };
    }

    /// <summary>The weight of an alignment.</summary>
    public static double TypeWeight(StoreTypeAlignment alignment) => alignment switch
    {
        StoreTypeAlignment.Aligned => AlignedWeight,
        StoreTypeAlignment.Mixed => MixedWeight,
        _ => UnknownTypeWeight,
    };

    /// <summary>Aligned when equal to the dominant type (and not balanced/hybrid); Mixed otherwise; Unknown when missing.</summary>
    public static StoreTypeAlignment Align(string storeType, string dominantType)
    {
        if (string.IsNullOrWhiteSpace(storeType))
        {
            return StoreTypeAlignment.Unknown;
        }

        return Align(storeType, IsBlended(storeType), dominantType);
    }

    /// <summary><see cref="Align(string, string)"/> for a store, whose type's blended test is made once per run.</summary>
    internal static StoreTypeAlignment Align(StoreProfile store, string dominantType) =>
        string.IsNullOrWhiteSpace(store.StoreType) ? StoreTypeAlignment.Unknown : Align(store.StoreType, store.TypeIsBlended, dominantType);

    /// <summary>True when the type names a blend (balanced, hybrid, mixed, 均衡, 混合): never aligned with a group.</summary>
    internal static bool IsBlended(string type) =>
        type.Contains("balanced", StringComparison.OrdinalIgnoreCase)
        || type.Contains("hybrid", StringComparison.OrdinalIgnoreCase)
        || type.Contains("mixed", StringComparison.OrdinalIgnoreCase)
        || type.Contains("均衡", StringComparison.Ordinal)
        || type.Contains("混合", StringComparison.Ordinal);

    private static StoreTypeAlignment Align(string storeType, bool blended, string dominantType)
    {
        if (blended)
        {
            return StoreTypeAlignment.Mixed;
        }

        return string.Equals(storeType, dominantType, StringComparison.OrdinalIgnoreCase) ? StoreTypeAlignment.Aligned : StoreTypeAlignment.Mixed;
    }

    /// <summary>The sales shares of a row's stores and the basis used.</summary>
    public static (SalesBasis Basis, double[] Shares) SalesShares(GroupRecommendation row, ReadOnlySpan<StoreProfile> stores, StoreSales sales)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(sales);
        var n = stores.Length;
        Span<decimal> raw = n <= 128 ? stackalloc decimal[n] : new decimal[n];
        var total = 0m;
        var subcategory = sales.Key(row.Subcategory);
        for (var i = 0; i < n; i++)
        {
            raw[i] = stores[i].SalesIn(sales)?.Subcategory(subcategory) ?? 0;
            total += raw[i];
        }

        var basis = SalesBasis.Subcategory;
        if (total <= 0)
        {
            basis = SalesBasis.Category;
            total = 0;
            var category = sales.Key(row.Category);
            for (var i = 0; i < n; i++)
            {
                raw[i] = stores[i].SalesIn(sales)?.Category(category) ?? 0;
                total += raw[i];
            }
        }

        var shares = new double[n];
        if (total <= 0)
        {
            Array.Fill(shares, n == 0 ? 0 : 1.0 / n);
            return (SalesBasis.Uniform, shares);
        }

        for (var i = 0; i < n; i++)
        {
            shares[i] = (double)(raw[i] / total);
        }

        return (basis, shares);
    }

    /// <summary>Median rack capacity of the stores that have one (mean of the middle two for an even count); 0 when none.</summary>
    public static decimal MedianRack(ReadOnlySpan<StoreProfile> stores)
    {
        Span<decimal> racks = stores.Length <= 128 ? stackalloc decimal[stores.Length] : new decimal[stores.Length];
        var count = 0;
        for (var i = 0; i < stores.Length; i++)
        {
            if (stores[i].RackCapacity is { } rack && rack > 0)
            {
                racks[count++] = rack;
            }
        }

        if (count == 0)
        {
            return 0;
        }

        racks[..count].Sort();
        var mid = count / 2;
        return count % 2 == 1 ? racks[mid] : (racks[mid - 1] + racks[mid]) / 2;
    }

    [ThreadStatic]
    private static List<(string Label, int Count)>? dominantLabels;


    /// <summary>
    /// The most frequent climate (or non-empty store type) among <paramref name="stores"/>, ties to the ordinal-first
    /// label; null when none has one. A row has a handful of labels, so they are tallied in a short list (compared by
    /// reference first: a file's labels are mostly one string each).
    /// </summary>
    private static string? Dominant(ReadOnlySpan<StoreProfile> stores, bool climate)
    {
        var labels = dominantLabels ??= new List<(string Label, int Count)>();
        labels.Clear();
        for (var i = 0; i < stores.Length; i++)
        {
            var v = climate ? stores[i].Climate : stores[i].StoreType;
            if (string.IsNullOrEmpty(v) && (!climate || v is null))
            {
                continue;
            }

            var k = 0;
            while (k < labels.Count && !ReferenceEquals(labels[k].Label, v) && !string.Equals(labels[k].Label, v, StringComparison.Ordinal))
            {
                k++;
            }

            if (k == labels.Count)
            {
                labels.Add((v, 1));
            }
            else
            {
                labels[k] = (labels[k].Label, labels[k].Count + 1);
            }
        }

        string? best = null;
        var bestCount = 0;
        foreach (var (k, c) in labels)
        {
            if (c > bestCount || (c == bestCount && string.CompareOrdinal(k, best) < 0))
            {
                best = k;
                bestCount = c;
            }
        }

        return best;
    }
}
