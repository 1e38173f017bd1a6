using System.Globalization;
using Allot.Retail.Allocation;

namespace Allot.Retail.Reports;

/// <summary>
/// Cluster × category: of the cluster's stores that an allocated add of the category considered, how many receive more
/// than 0 units, as counts and as a share. Clusters and categories are sorted by stores receiving (descending, ties by
/// label); beyond <see cref="MaxClusters"/> clusters (or <see cref="MaxCategories"/> categories) the rest is folded into
/// one "other" line so the picture stays readable at thousands of stores.
/// </summary>
internal sealed class ClusterCategoryHeatmap
{
    /// <summary>Label used for stores without a cluster id.</summary>
    public const string NoCluster = "(none)";

    /// <summary>Clusters shown one by one.</summary>
    public const int MaxClusters = 15;

    /// <summary>Categories shown one by one.</summary>
    public const int MaxCategories = 12;

    /// <summary>Cluster labels in display order; the last is the folded line when <see cref="FoldedClusters"/> &gt; 0.</summary>
    public required IReadOnlyList<string> Clusters { get; init; }

    /// <summary>Category labels in display order; the last is the folded column when <see cref="FoldedCategories"/> &gt; 0.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>Distinct stores receiving &gt; 0 units, [cluster, category].</summary>
    public required int[,] Counts { get; init; }

    /// <summary>Distinct stores considered by an allocated row, [cluster, category].</summary>
    public required int[,] Considered { get; init; }

    /// <summary>Clusters folded into the last line (0 = none).</summary>
    public int FoldedClusters { get; init; }

    /// <summary>Categories folded into the last column (0 = none).</summary>
    public int FoldedCategories { get; init; }

    /// <summary>Largest count (0 when empty).</summary>
    public int Max { get; init; }

    /// <summary>Receiving share of a cell in [0, 1] (0 when nobody was considered).</summary>
    public double Share(int cluster, int category) =>
        Considered[cluster, category] == 0 ? 0 : (double)Counts[cluster, category] / Considered[cluster, category];

    /// <summary>Counts the plan.</summary>
    public static ClusterCategoryHeatmap From(AllocationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // Distinct (category, store) pairs first, by the store object (one profile per store code): a run has a million
        // (row, store) pairs but a few tens of thousands of distinct ones, so only those are hashed as text below.
        var pairs = new Dictionary<string, Dictionary<Weights.StoreProfile, bool>>(StringComparer.Ordinal);
        foreach (var row in plan.Rows)
        {
            if (row.SkipReason is not null || row.Row.DeltaQty <= 0)
            {
                // A reduction (--include-reductions) only takes units back: its stores were never candidates to receive.
                continue;
            }

            if (!pairs.TryGetValue(row.Row.Category, out var stores))
            {
                stores = pairs[row.Row.Category] = new Dictionary<Weights.StoreProfile, bool>(ReferenceEqualityComparer.Instance);
            }

            for (var i = 0; i < row.Stores.Length; i++)
            {
                ref var receives = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(stores, row.Stores[i], out _);
                receives |= row.Quantities[i] > 0;
            }
        }

        var considered = new HashSet<(string Cluster, string Category, string Store)>();
        var receiving = new HashSet<(string Cluster, string Category, string Store)>();
        foreach (var (category, stores) in pairs)
        {
            foreach (var (store, receives) in stores)
            {
                var cell = (store.ClusterId.Length > 0 ? store.ClusterId : NoCluster, category, store.StoreCode);
                considered.Add(cell);
                if (receives)
                {
                    receiving.Add(cell);
                }
            }
        }

        var clusterTotals = Totals(receiving, considered, c => c.Cluster);
        var categoryTotals = Totals(receiving, considered, c => c.Category);
        var numeric = clusterTotals.Keys.All(c => c == NoCluster || long.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        var clusters = clusterTotals.Keys
            .OrderByDescending(c => clusterTotals[c])
            .ThenBy(c => numeric && c != NoCluster ? long.Parse(c, CultureInfo.InvariantCulture) : long.MaxValue)
            .ThenBy(c => c, StringComparer.Ordinal)
            .ToList();
        var categories = categoryTotals.Keys.OrderByDescending(c => categoryTotals[c]).ThenBy(c => c, StringComparer.Ordinal).ToList();
        var (clusterIndex, clusterLabels, foldedClusters) = Fold(clusters, MaxClusters, "other clusters");
        var (categoryIndex, categoryLabels, foldedCategories) = Fold(categories, MaxCategories, "other");
        var counts = new int[clusterLabels.Count, categoryLabels.Count];
        var seen = new int[clusterLabels.Count, categoryLabels.Count];

        // A store counts once per cell, also in folded cells (distinct stores, not store-category pairs).
        var receivingCells = new HashSet<(int, int, string)>();
        var consideredCells = new HashSet<(int, int, string)>();
        foreach (var (cluster, category, store) in considered)
        {
            var key = (clusterIndex[cluster], categoryIndex[category], store);
            if (consideredCells.Add(key))
            {
                seen[key.Item1, key.Item2]++;
            }

            if (receiving.Contains((cluster, category, store)) && receivingCells.Add(key))
            {
                counts[key.Item1, key.Item2]++;
            }
        }

        var max = 0;
        foreach (var v in counts)
        {
            max = Math.Max(max, v);
        }

        return new ClusterCategoryHeatmap
        {
            Clusters = clusterLabels,
            Categories = categoryLabels,
            Counts = counts,
            Considered = seen,
            FoldedClusters = foldedClusters,
            FoldedCategories = foldedCategories,
            Max = max,
        };
    }

    private static Dictionary<string, int> Totals(HashSet<(string Cluster, string Category, string Store)> receiving, HashSet<(string Cluster, string Category, string Store)> considered, Func<(string Cluster, string Category, string Store), string> key)
    {
        var totals = considered.Select(key).Distinct(StringComparer.Ordinal).ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        foreach (var group in receiving.GroupBy(c => (key(c), c.Store)))
        {
            totals[group.Key.Item1]++;
        }

        return totals;
    }

    private static (Dictionary<string, int> Index, List<string> Labels, int Folded) Fold(List<string> ordered, int max, string otherLabel)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        if (ordered.Count <= max)
        {
            for (var i = 0; i < ordered.Count; i++)
            {
                index[ordered[i]] = i;
            }

            return (index, ordered, 0);
        }

        var keep = max - 1;
        var folded = ordered.Count - keep;
        var labels = ordered.Take(keep).Append(string.Create(CultureInfo.InvariantCulture, $"{folded} {otherLabel}")).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            index[ordered[i]] = Math.Min(i, keep);
        }

        return (index, labels, folded);
    }
}
