using System.Globalization;
using Allot.Retail.Errors;

namespace Allot.Retail.Inputs;

/// <summary>Reads the group recommendations file (see the spec's column list; <c>ΔQty</c> or <c>Delta_Qty</c>).</summary>
internal static class GroupRecommendationReader
{
    /// <summary>Reads every row; errors name the file and the 1-based data row.</summary>
    public static IReadOnlyList<GroupRecommendation> Read(string path)
    {
        using var csv = CsvSource.Open(path);
        var group = csv.Require("Store_Group_Name");
        var tags = csv.Require("Target_Style_Tags", "lookup_key");
        var category = csv.Require("Category");
        var subcategory = csv.Require("Subcategory");
        var season = csv.Require("Season");
        var gender = csv.Require("Gender");
        var location = csv.Require("Location");
        var delta = csv.Require("ΔQty", "Delta_Qty");
        var stores = csv.Require("Store_Codes_In_Group");
        var count = csv.Require("Store_Count_In_Group");
        var benefit = csv.Optional("Expected_Benefit");
        var confidence = csv.Optional("Confidence_Score");
        var performance = csv.Optional("trend_cluster_performance");
        var trendScore = csv.Optional("cluster_trend_score");
        var trendConfidence = csv.Optional("cluster_trend_confidence");
        var pack = csv.Optional("Pack_Size");

        var rows = new List<GroupRecommendation>();
        var pool = new StoreCodePool();
        while (csv.Read())
        {
            var (codes, duplicates) = StoreListParser.Parse(csv.Get(stores), pool);
            var countValue = CellParsing.OptionalDecimal(csv, count, "Store_Count_In_Group");
            var seasonText = csv.Get(season);
            rows.Add(new GroupRecommendation
            {
                SourceRow = csv.Row,
                StoreGroup = csv.Get(group),
                StyleTags = csv.Get(tags),
                Category = csv.Get(category),
                Subcategory = csv.Get(subcategory),
                Season = seasonText,
                CanonicalSeason = SeasonNames.Normalize(seasonText),
                Gender = csv.Get(gender),
                Location = csv.Get(location),
                DeltaQty = ParseDelta(csv, delta),
                PackSize = ParsePack(csv, pack),
                StoreCodes = codes,
                DuplicateStoreCodes = duplicates,
                StoreCountInGroup = countValue is null ? null : (long)decimal.Truncate(countValue.Value),
                ExpectedBenefit = CellParsing.OptionalDouble(csv, benefit, "Expected_Benefit"),
                ConfidenceScore = CellParsing.OptionalDouble(csv, confidence, "Confidence_Score"),
                TrendClusterPerformance = Text(csv, performance),
                ClusterTrendScore = Text(csv, trendScore),
                ClusterTrendConfidence = Text(csv, trendConfidence),
            });
        }

        return rows;
    }

    private static string Text(CsvSource csv, int column)
    {
        var v = csv.Get(column);
        return CellParsing.IsMissing(v) ? string.Empty : v;
    }

    private static long? ParsePack(CsvSource csv, int column)
    {
        var cell = csv.Get(column);
        if (CellParsing.IsMissing(cell))
        {
            return null;
        }

        if (!long.TryParse(cell.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.BadNumber, $"Pack_Size '{cell}' is not a whole number ≥ 1", csv.Path, csv.Row);
        }

        return value;
    }

    private static long ParseDelta(CsvSource csv, int column)
    {
        var cell = csv.Get(column);
        if (CellParsing.IsMissing(cell))
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.BadNumber, "ΔQty is missing; every recommendation row needs an integer ΔQty", csv.Path, csv.Row);
        }

        if (!decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.BadNumber, $"ΔQty '{cell}' is not a number", csv.Path, csv.Row);
        }

        if (value != decimal.Truncate(value))
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.FractionalDelta, $"ΔQty '{cell}' is fractional; group quantities must be whole units", csv.Path, csv.Row);
        }

        if (value is > long.MaxValue / 4 or < -(long.MaxValue / 4))
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.BadNumber, string.Create(CultureInfo.InvariantCulture, $"ΔQty '{cell}' is out of range: a group quantity is at most ±{long.MaxValue / 4} units (a quarter of the 64-bit range, so sums over rows and stores cannot overflow)"), csv.Path, csv.Row);
        }

        return (long)value;
    }
}
