using Allot.Core.Errors;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Tests.Support;

namespace Allot.Retail.Tests.Configuration;

public class AllocationParametersTests
{
    private static readonly Dictionary<string, string> NoOverrides = new();

    [Fact]
    public void Resolve_NoEnvironment_UsesSeedDefaults()
    {
        var p = AllocationParameters.Resolve(_ => null, NoOverrides);
        Assert.Equal(0.6, p.AlphaSales);
        Assert.Equal(0.3, p.BetaCap);
        Assert.Equal(0.1, p.GammaFit);
        Assert.Equal(10, p.MaxPerStore);
        Assert.Equal(10m, p.HeadroomUnitScale);
        Assert.Equal(0, p.MinStores);
        Assert.Equal(0.9m, p.CapacityMaxUtil);
        Assert.Equal(1.0, p.SuitabilityHigh);
        Assert.Equal(0.8, p.SuitabilityMed);
        Assert.Equal(0.7, p.SuitabilityLow);
        Assert.True(p.UseExpectedBenefitWeighting);
    }

    [Fact]
    public void Resolve_EnvironmentThenOverride_OverrideWins()
    {
        var env = new Dictionary<string, string> { ["ALLOC_MAX_PER_STORE"] = "7", ["ALLOC_ALPHA_SALES"] = "0.5", ["USE_EXPECTED_BENEFIT_WEIGHTING"] = "0" };
        var p = AllocationParameters.Resolve(n => env.GetValueOrDefault(n), new Dictionary<string, string> { ["ALLOC_MAX_PER_STORE"] = "12" });
        Assert.Equal(12, p.MaxPerStore);
        Assert.Equal(0.5, p.AlphaSales);
        Assert.False(p.UseExpectedBenefitWeighting);
    }

    [Theory]
    [InlineData("ALLOC_ALPHA_SALES", "abc")]
    [InlineData("ALLOC_MAX_PER_STORE", "-1")]
    [InlineData("ALLOC_MAX_PER_STORE", "2.5")]
    [InlineData("CAPACITY_MAX_UTIL", "-0.1")]
    [InlineData("SUITABILITY_LOW", "0")]
    [InlineData("USE_EXPECTED_BENEFIT_WEIGHTING", "maybe")]
    [InlineData("ALLOC_BETA_CAP", "NaN")]
    [InlineData("ALLOC_MAX_RELAX_PER_STORE", "-1")]
    [InlineData("ALLOC_MAX_PER_STORE_PERIOD", "x")]
    [InlineData("ALLOC_PACK_SIZE", "0")]
    [InlineData("ALLOC_PRESENTATION_MIN", "-2")]
    public void Resolve_MalformedValue_ErrorNamesTheVariable(string name, string value)
    {
        var error = Expect.Error(() => AllocationParameters.Resolve(n => n == name ? value : null, NoOverrides));
        Assert.Equal(RetailErrorCodes.BadParameter, error.Code);
        Assert.Equal(ErrorClass.Usage, error.Class);
        Assert.Contains(name, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALLOC_PACK_SIZE", "0", "an integer ≥ 1")]
    [InlineData("ALLOC_PACK_SIZE", "-2", "an integer ≥ 1")]
    [InlineData("ALLOC_PACK_SIZE", "x", "an integer ≥ 1")]
    [InlineData("ALLOC_MAX_PER_STORE", "-1", "an integer ≥ 0")]
    [InlineData("SUITABILITY_LOW", "-1", "a finite number > 0")]
    [InlineData("SUITABILITY_LOW", "0", "a finite number > 0")]
    [InlineData("ALLOC_GAMMA_FIT", "-1", "a finite number ≥ 0")]
    public void Resolve_MalformedValue_StatesTheParametersOwnRange_AndWhereItCanBeSet(string name, string value, string expected)
    {
        // Found by hand: ALLOC_PACK_SIZE=-2 said "expected an integer ≥ 0" (the pack size must be ≥ 1, as 0 was told).
        var error = Expect.Error(() => AllocationParameters.Resolve(_ => null, new Dictionary<string, string> { [name] = value }));
        Assert.EndsWith($"expected {expected}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"--{name.ToLowerInvariant().Replace('_', '-')}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnknownOverride_IsRejected()
    {
        var error = Expect.Error(() => AllocationParameters.Resolve(_ => null, new Dictionary<string, string> { ["ALLOC_TYPO"] = "1" }));
        Assert.Equal(RetailErrorCodes.BadParameter, error.Code);
        Assert.Contains("ALLOC_TYPO", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("202509", "C")]
    [InlineData("2025-9", "A")]
    [InlineData("202513", "A")]
    public void TargetPeriod_Malformed_IsUsageError(string yyyymm, string half)
    {
        var error = Expect.Error(() => TargetPeriod.Parse(yyyymm, half));
        Assert.Equal(RetailErrorCodes.BadPeriod, error.Code);
    }

    [Fact]
    public void TargetPeriod_YearAgo_IsSameHalfMonthOneYearEarlier()
    {
        var p = TargetPeriod.Parse("202509", "b");
        Assert.Equal("202509B", p.Token);
        Assert.Equal("202409B", p.YearAgoToken);
    }
}
