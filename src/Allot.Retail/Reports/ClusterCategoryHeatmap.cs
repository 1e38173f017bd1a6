using System.Globalization;
using Allot.Retail.Allocation;

namespace Allot.Retail.Reports;

/// <summary>Cluster × category counts of distinct stores that receive more than 0 units.</summary>
public sealed class ClusterCategoryHeatmap
{
    /// <summary>Label used for stores without a cluster id.</summary>
    public const string NoCluster = "(none)";

    /// <summary>Cluster labels (numeric order when all numeric, else ordinal).</summary>
    public required IReadOnlyList<string> Clusters { get; init; }

    /// <summary>Category labels in ordinal order.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>Counts[cluster, category].</summary>
    public required int[,] Counts { get; init; }

    /// <summary>Largest count (0 when empty).</summary>
    public int Max { get; init; }

    /// <summary>Counts the plan.</summary>
    public static ClusterCategoryHeatmap From(AllocationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var cells = new HashSet<(string Cluster, string Category, string Store)>();
        foreach (var row in plan.Rows)
        {
            if (row.SkipReason is not null)
            {
                continue;
            }

            for (var i = 0; i < row.Stores.Length; i++)
            {
                if (row.Quantities[i] > 0)
                {
                    var cluster = row.Stores[i].ClusterId.Length > 0 ? row.Stores[i].ClusterId : NoCluster;
                    cells.Add((cluster, row.Row.Category, row.Stores[i].StoreCode));
                }
            }
        }

        var clusters = cells.Select(c => c.Cluster).Distinct().ToList();
        var numeric = clusters.All(c => long.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) || c == NoCluster);
        clusters = numeric
            ? clusters.OrderBy(c => c == NoCluster ? 1 : 0).ThenBy(c => c == NoCluster ? 0 : long.Parse(c, CultureInfo.InvariantCulture)).ToList()
            : clusters.Order(StringComparer.Ordinal).ToList();
        var categories = cells.Select(c => c.Category).Distinct().Order(StringComparer.Ordinal).ToList();
        var counts = new int[clusters.Count, categories.Count];
        var ci = clusters.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var ki = categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var max = 0;
        foreach (var (cluster, category, _) in cells)
        {
            var v = ++counts[ci[cluster], ki[category]];
            max = Math.Max(max, v);
        }

        return new ClusterCategoryHeatmap { Clusters = clusters, Categories = categories, Counts = counts, Max = max };
    }
}
