namespace Allot.Retail.Inputs;

/// <summary>Reads <c>store_tags_{P}.csv</c> (<c>str_code</c>, <c>climate_label_refined</c>, optional cluster id) and cluster files.</summary>
internal static class StoreTagsReader
{
    /// <summary>Tags by store code (first row wins).</summary>
    public static IReadOnlyDictionary<string, StoreTagRecord> Read(string path)
    {
        using var csv = CsvSource.Open(path);
        var code = csv.Require("str_code", "Store_Code");
        var climate = csv.Require("climate_label_refined");
        var cluster = csv.Optional("cluster_id", "Cluster");
        var tags = new Dictionary<string, StoreTagRecord>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var storeCode = csv.Get(code).Trim('\'', '"');
            if (storeCode.Length == 0)
            {
                continue;
            }

            var c = csv.Get(cluster);
            tags.TryAdd(storeCode, new StoreTagRecord(storeCode, ClimateLabels.Normalize(csv.Get(climate)), CellParsing.IsMissing(c) ? string.Empty : c));
        }

        return tags;
    }

    /// <summary>Cluster ids by store code from a clusters file (<c>str_code</c>, <c>cluster_id</c> or <c>Cluster</c>).</summary>
    public static IReadOnlyDictionary<string, string> ReadClusters(string path)
    {
        using var csv = CsvSource.Open(path);
        var code = csv.Require("str_code", "Store_Code");
        var cluster = csv.Require("cluster_id", "Cluster");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var c = csv.Get(cluster);
            if (!CellParsing.IsMissing(c))
            {
                map.TryAdd(csv.Get(code).Trim('\'', '"'), c);
            }
        }

        return map;
    }
}
