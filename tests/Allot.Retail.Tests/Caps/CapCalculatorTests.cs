using Allot.Retail.Caps;
using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Tests.Caps;

public class CapCalculatorTests
{
    [Theory]
    [InlineData("1.0", 10)] // headroom 1 → 10
    [InlineData("0.25", 2)] // 2.5 → 2 (half to even)
    [InlineData("0.35", 4)] // 3.5 → 4 (half to even)
    [InlineData("0.15", 2)] // 1.5 → 2
    [InlineData("0.05", 0)] // 0.5 → 0
    [InlineData("0.27", 3)] // 2.7 → 3
    [InlineData("0", 0)]
    public void HeadroomCap_RoundHalfEven(string headroom, long expected) =>
        Assert.Equal(expected, CapCalculator.HeadroomCap(decimal.Parse(headroom, System.Globalization.CultureInfo.InvariantCulture), new AllocationParameters()));

    [Fact]
    public void HeadroomCap_BoundedByMaxPerStore()
    {
        var p = new AllocationParameters { MaxPerStore = 6, HeadroomUnitScale = 20 };
        Assert.Equal(6, CapCalculator.HeadroomCap(0.8m, p));
        Assert.Equal(5, CapCalculator.HeadroomCap(0.25m, p));
    }

    [Fact]
    public void ShelfBudget_IsFloorOfRackTimesCategoryShareTimesHeadroom()
    {
        // rack 1000, category share 300/1000 = 0.3, headroom 1 − 0.45 = 0.55 → floor(165) = 165.
        var sales = new StoreSales();
        sales.Add("a", "T恤", "POLO衫", 300);
        sales.Add("a", "鞋", "凉鞋", 700);
        var store = new StoreProfile("a", string.Empty, "Fashion", 0.45m, 1000m, "Hot", "1", true, true, true);
        Assert.Equal(165, CapCalculator.ShelfBudget(store, "T恤", sales));
        var noRack = store with { RackCapacity = null };
        Assert.Null(CapCalculator.ShelfBudget(noRack, "T恤", sales));
    }

    [Fact]
    public void ShelfBudget_FloorsFractions()
    {
        var sales = new StoreSales();
        sales.Add("a", "T恤", "POLO衫", 1);
        sales.Add("a", "鞋", "凉鞋", 2);
        var store = new StoreProfile("a", string.Empty, "Fashion", 0.5m, 100m, "Hot", "1", true, true, true);
        Assert.Equal(16, CapCalculator.ShelfBudget(store, "T恤", sales)); // 100 · 1/3 · 0.5 = 16.67
    }

    [Fact]
    public void OverCapacity_StrictlyAboveMaxUtil()
    {
        var p = new AllocationParameters();
        var s = new StoreProfile("a", string.Empty, "Fashion", 0.9m, null, null, string.Empty, true, false, false);
        Assert.False(CapCalculator.OverCapacity(s, p));
        Assert.True(CapCalculator.OverCapacity(s with { CapacityUtilization = 0.91m }, p));
        Assert.False(CapCalculator.OverCapacity(s with { CapacityUtilization = null }, p));
    }
}
