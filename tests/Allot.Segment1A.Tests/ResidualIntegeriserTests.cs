using Allot.Core.Errors;
using Allot.Segment1A;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Tests;

public sealed class ResidualIntegeriserTests
{
    private static (long[] Floors, long[] Q, int[] Ranks, long[] Counts) Run(long n, double[] w, params string[] isos)
    {
        var m = w.Length;
        var floors = new long[m];
        var q = new long[m];
        var ranks = new int[m];
        var counts = new long[m];
        ResidualIntegeriser.Integerise(42, n, w, isos.Select(IsoCode.Pack).ToArray(), new IntegerisationBuffers(floors, q, ranks, counts));
        return (floors, q, ranks, counts);
    }

    [Fact]
    public void Integerise_ReferenceExample_MatchesPythonReference()
    {
        // From bench/reference/segment1a/s7_reference.py: merchant 42, N = 17, α = (0.7, 1.3, 2.0), seed 1234.
        var (floors, q, ranks, counts) = Run(17, [0.012756598856633425, 0.2854980007014836, 0.7017454004418829], "DE", "FR", "GB");
        Assert.Equal([0L, 4, 11], floors);
        Assert.Equal([21686218L, 85346601, 92967181], q);
        Assert.Equal([3, 2, 1], ranks);
        Assert.Equal([0L, 5, 12], counts);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData((1L << 60) + 1)]
    public void Integerise_NAbove2To53_SaysBinary64CannotHoldIt_NotThatTheWeightsAreWrong(long n)
    {
        // Found by hand: n_outlets = 2^63 - 1 over two countries said "the weights do not sum to 1".
        var e = Assert.Throws<AllotException>(() => Run(n, [0.3, 0.7], "DE", "FR"));
        Assert.Equal(S7Errors.IntegerSumMismatch, e.Code);
        Assert.Contains("N is above 2^53 = 9007199254740992", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the weights do not sum to 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integerise_DomesticOnly_GivesEverythingToHomeWithRankOne()
    {
        var (floors, q, ranks, counts) = Run(9, [1.0], "GB");
        Assert.Equal([9L], floors);
        Assert.Equal([0L], q);
        Assert.Equal([1], ranks);
        Assert.Equal([9L], counts);
    }

    [Fact]
    public void Integerise_TieInQuantisedResidual_IsoAsciiOrderDecides()
    {
        // a = (0.5, 0.5, 1.0): FR and DE tie at q = 50 000 000; DE < FR in ASCII so DE gets the one spare unit.
        var (_, q, ranks, counts) = Run(2, [0.25, 0.25, 0.5], "FR", "DE", "GB");
        Assert.Equal(q[0], q[1]);
        Assert.Equal([2, 1, 3], ranks);
        Assert.Equal([0L, 1, 1], counts);
    }

    [Fact]
    public void Integerise_ResidualsThatDifferOnlyBeyond8dp_TieAfterQuantisation()
    {
        // Raw residuals 0.300000001 and 0.300000004 both quantise to 30 000 000; the ISO order decides, not the raw value.
        var (_, q, ranks, counts) = Run(1, [0.300000001, 0.300000004, 0.399999995], "US", "CA", "MX");
        Assert.Equal(30_000_000L, q[0]);
        Assert.Equal(q[0], q[1]);
        Assert.Equal([3, 2, 1], ranks);
        Assert.Equal([0L, 0, 1], counts);
    }

    [Fact]
    public void Integerise_ResidualThatQuantisesTo1e8_IsClampedBelowOne()
    {
        var (floors, q, ranks, counts) = Run(1, [0.999999996, 0.000000004], "AT", "BE");
        Assert.Equal([0L, 0], floors);
        Assert.Equal(ResidualIntegeriser.MaxQuantised, q[0]);
        Assert.True(q[0] / ResidualIntegeriser.QuantisationScale < 1.0);
        Assert.Equal(0L, q[1]);
        Assert.Equal([1, 2], ranks);
        Assert.Equal([1L, 0], counts);
    }

    [Fact]
    public void Integerise_WeightsNotSummingToOne_IsIntegerSumMismatch()
    {
        var ex = Assert.Throws<AllotException>(() => Run(10, [0.25, 0.25], "DE", "FR"));
        Assert.Equal(S7Errors.IntegerSumMismatch, ex.Code);
        Assert.Contains("merchant_id=42", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.5)]
    [InlineData(double.PositiveInfinity)]
    public void Integerise_WeightWithoutAResidual_IsResidualQuantisation(double bad)
    {
        var ex = Assert.Throws<AllotException>(() => Run(10, [bad, 0.5], "DE", "FR"));
        Assert.Equal(S7Errors.ResidualQuantisation, ex.Code);
    }

    [Fact]
    public void RankResiduals_IsAPermutationOrderedByResidualThenIso()
    {
        var ranks = new int[5];
        ResidualIntegeriser.RankResiduals(new long[] { 5, 9, 5, 0, 9 }, new[] { "ZA", "BR", "AR", "CA", "AU" }.Select(IsoCode.Pack).ToArray(), ranks);
        Assert.Equal([4, 2, 3, 5, 1], ranks);
    }

    [Fact]
    public void IsoCode_PackPreservesAsciiOrderAndRoundTrips()
    {
        Assert.True(IsoCode.Pack("AZ") < IsoCode.Pack("BA"));
        Assert.Equal("GB", IsoCode.Name(IsoCode.Pack("GB")));
        Assert.False(IsoCode.IsValid("gb"));
        Assert.False(IsoCode.IsValid("GBR"));
    }
}
