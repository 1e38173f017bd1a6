using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Tests.Weights;

public class WeightCalculatorTests
{
    private static StoreProfile Store(string code, decimal? util = null, decimal? rack = null, string type = "Fashion", string? climate = "Hot") =>
        new(code, string.Empty, type, util, rack, climate, "1", true, true, true);

    private static GroupRecommendation Row(string season = "夏", string category = "T恤", string sub = "POLO衫") => new()
    {
        SourceRow = 1,
        StoreGroup = "G",
        StyleTags = "[]",
        Category = category,
        Subcategory = sub,
        Season = season,
        CanonicalSeason = SeasonNames.Normalize(season),
        Gender = "男",
        Location = "前台",
        DeltaQty = 10,
        StoreCodes = [],
        DuplicateStoreCodes = 0,
        StoreCountInGroup = null,
        ExpectedBenefit = null,
        ConfidenceScore = null,
        TrendClusterPerformance = string.Empty,
        ClusterTrendScore = string.Empty,
        ClusterTrendConfidence = string.Empty,
    };

    private static StoreSales Sales(params (string Store, string Cat, string Sub, decimal Amount)[] rows)
    {
        var s = new StoreSales();
        foreach (var r in rows)
        {
            s.Add(r.Store, r.Cat, r.Sub, r.Amount);
        }

        return s;
    }

    [Fact]
    public void SalesShare_Subcategory_IsShareOfGroupSales()
    {
        var sales = Sales(("a", "T恤", "POLO衫", 30), ("b", "T恤", "POLO衫", 10), ("b", "T恤", "印花T恤", 99));
        var (basis, shares) = WeightCalculator.SalesShares(Row(), [Store("a"), Store("b")], sales);
        Assert.Equal(SalesBasis.Subcategory, basis);
        Assert.Equal([0.75, 0.25], shares);
    }

    [Fact]
    public void SalesShare_NoSubcategorySales_FallsBackToCategory()
    {
        var sales = Sales(("a", "T恤", "印花T恤", 10), ("b", "T恤", "长袖", 30));
        var (basis, shares) = WeightCalculator.SalesShares(Row(), [Store("a"), Store("b")], sales);
        Assert.Equal(SalesBasis.Category, basis);
        Assert.Equal([0.25, 0.75], shares);
    }

    [Fact]
    public void SalesShare_AllZero_IsUniform()
    {
        var sales = Sales(("a", "鞋", "凉鞋", 0));
        var (basis, shares) = WeightCalculator.SalesShares(Row(), [Store("a"), Store("b"), Store("c"), Store("d")], sales);
        Assert.Equal(SalesBasis.Uniform, basis);
        Assert.All(shares, s => Assert.Equal(0.25, s));
    }

    [Fact]
    public void Capacity_HeadroomAndRackAgainstGroupMedian()
    {
        // util 0.25 → headroom 0.75; racks 100/200/300 → median 200 → store a: 0.75·min(1, 100/200) = 0.375.
        var stores = new[] { Store("a", 0.25m, 100), Store("b", null, 200), Store("c", 1.2m, 300), Store("d", 0.5m) };
        var w = WeightCalculator.Compute(Row(), stores, Sales(("a", "T恤", "POLO衫", 1)), new AllocationParameters(), TemperatureSuitabilityTable.Default);
        Assert.Equal(0.375, w.Capacity[0]);
        Assert.Equal(1.0, w.Capacity[1]); // missing utilisation → headroom 1; rack = median → factor 1
        Assert.Equal(0.0, w.Capacity[2]); // over capacity → headroom 0
        Assert.Equal(0.5, w.Capacity[3]); // no rack → headroom only
        Assert.Equal(200m, WeightCalculator.MedianRack(stores));
    }

    [Theory]
    [InlineData("夏", "Hot", SuitabilityLevel.High)]
    [InlineData("四季", "Moderate", SuitabilityLevel.High)]
    [InlineData("秋", "Cool", SuitabilityLevel.Med)]
    [InlineData("春", "Moderate", SuitabilityLevel.Med)]
    [InlineData("冬", "Cool", SuitabilityLevel.High)]
    [InlineData("冬", "Cold", SuitabilityLevel.High)]
    [InlineData("夏", "Cold", SuitabilityLevel.Low)]
    [InlineData("秋", "Hot", SuitabilityLevel.Low)]
    [InlineData("夏", null, SuitabilityLevel.Low)]
    public void TemperatureTable_MatchesSpec(string season, string? climate, SuitabilityLevel expected) =>
        Assert.Equal(expected, TemperatureSuitabilityTable.Default.Lookup(season, climate));

    [Fact]
    public void TemperatureTable_IsData_ParsedFromCsv()
    {
        var table = TemperatureSuitabilityTable.Parse("season,climates,level\n夏,Cold,MED\n");
        Assert.Equal(SuitabilityLevel.Med, table.Lookup("夏", "Cold"));
        Assert.Equal(SuitabilityLevel.Low, table.Lookup("夏", "Hot"));
    }

    [Theory]
    [InlineData("Fashion", "Fashion", StoreTypeAlignment.Aligned)]
    [InlineData("Basic", "Fashion", StoreTypeAlignment.Mixed)]
    [InlineData("Balanced", "Balanced", StoreTypeAlignment.Mixed)]
    [InlineData("", "Fashion", StoreTypeAlignment.Unknown)]
    public void Alignment_AgainstDominantType(string type, string dominant, StoreTypeAlignment expected) =>
        Assert.Equal(expected, WeightCalculator.Align(type, dominant));

    [Fact]
    public void Suitability_IsTemperatureTimesType_WithParameterValues()
    {
        // Two Fashion stores make Fashion dominant; the Basic store is Mixed (0.9), the untyped one Unknown (0.7).
        var stores = new[] { Store("a", climate: "Hot"), Store("b", climate: "Cool"), Store("c", type: "Basic", climate: "Hot"), Store("d", type: "", climate: "Hot") };
        var p = new AllocationParameters { SuitabilityHigh = 1.0, SuitabilityMed = 0.8, SuitabilityLow = 0.5 };
        var w = WeightCalculator.Compute(Row("Summer"), stores, new StoreSales(), p, TemperatureSuitabilityTable.Default);
        Assert.Equal(1.0, w.Suitability[0]);
        Assert.Equal(0.5, w.Suitability[1]);
        Assert.Equal(0.9, w.Suitability[2]);
        Assert.Equal(0.7, w.Suitability[3]);
        Assert.Equal("Fashion", w.DominantType);
        Assert.Equal("Hot", w.DominantClimate);
    }

    [Fact]
    public void Composite_IsProductOfPowers_NormalisedOverGroup()
    {
        var stores = new[] { Store("a", 0.5m), Store("b", 0.0m, climate: "Cold") };
        var sales = Sales(("a", "T恤", "POLO衫", 75), ("b", "T恤", "POLO衫", 25));
        var w = WeightCalculator.Compute(Row(), stores, sales, new AllocationParameters(), TemperatureSuitabilityTable.Default);
        var a = Math.Pow(0.75, 0.6) * Math.Pow(0.5, 0.3) * Math.Pow(1.0, 0.1);
        var b = Math.Pow(0.25, 0.6) * Math.Pow(1.0, 0.3) * Math.Pow(0.7, 0.1);
        Assert.Equal(a, w.Composite[0]);
        Assert.Equal(b, w.Composite[1]);
        Assert.Equal(a / (a + b), w.CompositeShare[0]);
        Assert.False(w.UniformFallback);
    }

    [Fact]
    public void Composite_AllZero_FallsBackToEqualWeights()
    {
        var stores = new[] { Store("a", 1.0m), Store("b", 1.5m) };
        var w = WeightCalculator.Compute(Row(), stores, new StoreSales(), new AllocationParameters(), TemperatureSuitabilityTable.Default);
        Assert.True(w.UniformFallback);
        Assert.Equal([0.5, 0.5], w.CompositeShare);
    }
}
