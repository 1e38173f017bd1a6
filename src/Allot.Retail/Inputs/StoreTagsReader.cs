using Allot.Retail.Errors;

namespace Allot.Retail.Inputs;

/// <summary>Reads <c>store_tags_{P}.csv</c> (<c>str_code</c>, <c>climate_label_refined</c>, optional cluster id) and cluster files.</summary>
internal static class StoreTagsReader
{
    /// <summary>
    /// Tags by store code. A store listed again with the same climate and cluster is read once; with another climate or
    /// cluster id it is <see cref="RetailErrorCodes.DuplicateKey"/> naming both rows, since taking either row would make
    /// the weights and the pick list depend on the order of the file's rows.
    /// </summary>
    public static IReadOnlyDictionary<string, StoreTagRecord> Read(string path)
    {
        using var csv = CsvSource.Open(path);
        var code = csv.Require("str_code", "Store_Code");
        var climate = csv.Require("climate_label_refined");
        var cluster = csv.Optional("cluster_id", "Cluster");
        var tags = new Dictionary<string, (StoreTagRecord Tag, long Row)>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var storeCode = csv.Get(code).Trim('\'', '"');
            if (storeCode.Length == 0)
            {
                continue;
            }

            var c = csv.Get(cluster);
            var tag = new StoreTagRecord(storeCode, ClimateLabels.Normalize(csv.Get(climate)), CellParsing.IsMissing(c) ? string.Empty : c);
            if (!tags.TryAdd(storeCode, (tag, csv.Row)) && tags[storeCode].Tag != tag)
            {
                var first = tags[storeCode];
                throw RetailErrorCodes.Input(
                    RetailErrorCodes.DuplicateKey,
                    $"store {storeCode} is listed twice with different tags, in rows {first.Row} and {csv.Row}: climate {Show(first.Tag.Climate)}, cluster {Show(first.Tag.ClusterId)} against climate {Show(tag.Climate)}, cluster {Show(tag.ClusterId)}; keep one row per store (which row applies would be a guess)",
                    path,
                    csv.Row,
                    storeCode);
            }
        }

        return tags.ToDictionary(t => t.Key, t => t.Value.Tag, StringComparer.Ordinal);
    }

    /// <summary>
    /// Cluster ids by store code from a clusters file (<c>str_code</c>, <c>cluster_id</c> or <c>Cluster</c>); rows
    /// without a cluster id are skipped, a store given two different ids is <see cref="RetailErrorCodes.DuplicateKey"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadClusters(string path)
    {
        using var csv = CsvSource.Open(path);
        var code = csv.Require("str_code", "Store_Code");
        var cluster = csv.Require("cluster_id", "Cluster");
        var map = new Dictionary<string, (string Cluster, long Row)>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var c = csv.Get(cluster);
            if (CellParsing.IsMissing(c))
            {
                continue;
            }

            var storeCode = csv.Get(code).Trim('\'', '"');
            if (!map.TryAdd(storeCode, (c, csv.Row)) && !string.Equals(map[storeCode].Cluster, c, StringComparison.Ordinal))
            {
                throw RetailErrorCodes.Input(
                    RetailErrorCodes.DuplicateKey,
                    $"store {storeCode} is given two cluster ids, in rows {map[storeCode].Row} and {csv.Row}: {map[storeCode].Cluster} against {c}; keep one row per store (which cluster applies would be a guess)",
                    path,
                    csv.Row,
                    storeCode);
            }
        }

        return map.ToDictionary(m => m.Key, m => m.Value.Cluster, StringComparer.Ordinal);
    }

    private static string Show(string? value) => string.IsNullOrEmpty(value) ? "(none)" : value;
}
