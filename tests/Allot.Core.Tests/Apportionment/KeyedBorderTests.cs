using Allot.Core.Apportionment;
using Allot.Core.Errors;

namespace Allot.Core.Tests.Apportionment;

/// <summary>The keyed library API at its borders: bounds under keys that are no unit, a total over no units.</summary>
public class KeyedBorderTests
{
    private static readonly Dictionary<string, long> TwoUnits = new() { ["a"] = 1, ["b"] = 1 };

    [Fact]
    public void Cap_UnderAKeyThatIsNoUnit_IsRefusedNamingTheKey()
    {
        // Found by hand: a mistyped cap key ("zz") was ignored and the result ("a=5, b=5") looked valid.
        var e = Assert.Throws<AllotException>(() => Apportion.ByKey(10, TwoUnits, ApportionmentMethod.Proportional, new() { Caps = new Dictionary<string, long> { ["a"] = 3, ["zz"] = 2 } }));
        Assert.Equal(ApportionmentErrors.InvalidBounds, e.Code);
        Assert.Equal("zz", e.Error.Key);
        Assert.Contains("a cap is given for 'zz', which is not a unit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minimum_UnderAKeyThatIsNoUnit_IsRefusedNamingTheKey()
    {
        var e = Assert.Throws<AllotException>(() => Apportion.ByKey(10, TwoUnits, ApportionmentMethod.DHondt, new() { Minimums = new Dictionary<string, long> { ["B"] = 2 } }));
        Assert.Equal(ApportionmentErrors.InvalidBounds, e.Code);
        Assert.Equal("B", e.Error.Key);
        Assert.Contains("a minimum is given for 'B'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_UnderUnitKeys_StillApply()
    {
        var r = Apportion.ByKey(10, TwoUnits, ApportionmentMethod.Proportional, new() { Caps = new Dictionary<string, long> { ["a"] = 3 }, Minimums = new Dictionary<string, long> { ["a"] = 1 } });
        Assert.Equal(3, r["a"]);
        Assert.Equal(7, r["b"]);
    }

    [Theory]
    [InlineData("hamilton")]
    [InlineData("dhondt")]
    [InlineData("quota")]
    [InlineData("proportional")]
    public void PositiveTotal_OverNoUnits_SaysThereAreNoUnits(string method)
    {
        Assert.True(ApportionmentMethod.TryParse(method, out var m));
        var e = Assert.Throws<AllotException>(() => Apportion.ByKey(10, new Dictionary<string, long>(), m));
        Assert.Equal(ApportionmentErrors.AllZeroWeights, e.Code);
        Assert.Contains("there are no units, but the total is 10", e.Message, StringComparison.Ordinal);
        Assert.Empty(Apportion.ByKey(0, new Dictionary<string, long>(), m).Allocation);
    }
}
