using System.Numerics;
using Allot.Core.Apportionment;
using Allot.Core.Errors;

namespace Allot.Core.Tests.Apportionment;

public class LargestRemainderExamplesTests
{
    private static long[] Run(long total, ulong[] weights, ulong[]? keys = null)
    {
        var result = new long[weights.Length];
        LargestRemainder.Apportion(total, weights, result, keys);
        return result;
    }

    [Fact]
    public void Apportion_700_300_n5_TieGoesToLowerId()
    {
        Assert.Equal([4, 1], Run(5, [700, 300], [1, 2]));
        var audit = LargestRemainder.ApportionWithAudit(5, ExactWeights.FromIntegers([700UL, 300UL]), [1, 2]);
        Assert.Equal([3L, 1L], audit.Units.Select(u => u.Floor));
        Assert.Equal([new ExactFraction(1, 2), new ExactFraction(1, 2)], audit.Units.Select(u => u.Remainder));
        Assert.Equal(1, audit.Shortfall);
        Assert.Equal(2, audit.TiedAtCutoff);
        Assert.Equal(1, audit.TiesResolvedBySecondaryKey);
    }

    [Fact]
    public void Apportion_TieAtCutoff_GoesToLowerKeyEvenWhenListedLater()
    {
        Assert.Equal([1, 4], Run(5, [300, 700], [2, 1]));
        Assert.Equal([1, 4], Run(5, [300, 700], [20, 10]));
    }

    [Fact]
    public void Apportion_333_333_334_n3_GivesOneEach()
    {
        Assert.Equal([1, 1, 1], Run(3, [333, 333, 334], [10, 11, 12]));
        var audit = LargestRemainder.ApportionWithAudit(3, ExactWeights.FromIntegers([333UL, 333UL, 334UL]), [10, 11, 12]);
        Assert.Equal([new ExactFraction(999, 1000), new ExactFraction(999, 1000), new ExactFraction(1, 500)], audit.Units.Select(u => u.Remainder));
        Assert.Equal("999/1000", audit.Units[0].Remainder.ToString());
        Assert.Equal(2, audit.Shortfall);
        Assert.Equal(0, audit.TiedAtCutoff);
    }

    [Fact]
    public void Apportion_13_By_GB_DE_FR_Shares_Gives_8_3_2()
    {
        var keys = TieKeys.FromOrdinalStrings(["GB", "DE", "FR"]);
        var result = new long[3];
        LargestRemainder.Apportion(13, ExactWeights.FromDecimals([0.58m, 0.27m, 0.15m]), result, keys);
        Assert.Equal([8, 3, 2], result);
    }

    [Fact]
    public void Apportion_7_By_US_GB_DE_Shares_Gives_4_2_1_WithRanks_GB_US_DE()
    {
        var keys = TieKeys.FromOrdinalStrings(["US", "GB", "DE"]);
        var audit = LargestRemainder.ApportionWithAudit(7, ExactWeights.FromDecimals([0.52m, 0.28m, 0.20m]), keys);
        Assert.Equal([4L, 2L, 1L], audit.Units.Select(u => u.Allocation));

        // Remainders .64 (US), .96 (GB), .40 (DE): ranks GB=1, US=2, DE=3.
        Assert.Equal([2, 1, 3], audit.Units.Select(u => u.RemainderRank));
    }

    [Fact]
    public void Apportion_ManyEqualRemaindersAtCutoff_OnlyTieKeyDecides()
    {
        // 10 equal weights, total 3: every remainder is 3/10; the three smallest keys win.
        var weights = Enumerable.Repeat(1UL, 10).ToArray();
        ulong[] keys = [90, 10, 80, 20, 70, 30, 60, 40, 50, 15];
        var result = Run(3, weights, keys);
        Assert.Equal([0, 1, 0, 1, 0, 0, 0, 0, 0, 1], result);
    }

    [Fact]
    public void Apportion_ZeroTotal_AllZero()
    {
        Assert.Equal([0, 0], Run(0, [0, 0]));
        Assert.Equal([0, 0], Run(0, [5, 7]));
    }

    [Fact]
    public void Apportion_AllZeroWeightsPositiveTotal_IsError()
    {
        var ex = Assert.Throws<AllotException>(() => Run(3, [0, 0]));
        Assert.Equal(ApportionmentErrors.AllZeroWeights, ex.Code);
    }

    [Fact]
    public void Apportion_NegativeTotal_IsError()
    {
        var ex = Assert.Throws<AllotException>(() => Run(-1, [1]));
        Assert.Equal(ApportionmentErrors.NegativeTotal, ex.Code);
    }

    [Fact]
    public void Apportion_LengthMismatch_IsError()
    {
        var ex = Assert.Throws<AllotException>(() => LargestRemainder.Apportion(1, [1UL, 2UL], new long[3]));
        Assert.Equal(ApportionmentErrors.LengthMismatch, ex.Code);
    }

    [Fact]
    public void Weights_Negative_And_NonFinite_AreErrors()
    {
        Assert.Equal(ApportionmentErrors.NegativeWeight, Assert.Throws<AllotException>(() => ExactWeights.FromIntegers([1L, -2L])).Code);
        Assert.Equal(ApportionmentErrors.NegativeWeight, Assert.Throws<AllotException>(() => ExactWeights.FromDoubles([1.0, -0.5])).Code);
        Assert.Equal(ApportionmentErrors.NonFiniteWeight, Assert.Throws<AllotException>(() => ExactWeights.FromDoubles([double.NaN])).Code);
        Assert.Equal(ApportionmentErrors.NonFiniteWeight, Assert.Throws<AllotException>(() => ExactWeights.FromDoubles([double.PositiveInfinity])).Code);
        Assert.Equal(ApportionmentErrors.NegativeWeight, Assert.Throws<AllotException>(() => ExactWeights.FromDecimals([-1m])).Code);
    }

    [Fact]
    public void Doubles_AreConvertedExactly_NotRounded()
    {
        double[] d = [0.1, 0.2, 0.7];
        var w = ExactWeights.FromDoubles(d);
        for (var i = 0; i < d.Length; i++)
        {
            Assert.Equal(d[i], (double)w[i] / (double)w.Denominator);
        }

        // 0.1 in binary64 is not 1/10: its exact numerator times 10 differs from the denominator.
        Assert.NotEqual(w.Denominator, w[0] * 10);
        Assert.True(w.Denominator.IsPowerOfTwo);
    }

    [Fact]
    public void Overflow_WeightsNearUInt64Max_AreExact()
    {
        ulong[] w = [ulong.MaxValue, ulong.MaxValue - 1, 3];
        var result = Run(long.MaxValue, w);
        var expected = ReferenceHamilton.Apportion(long.MaxValue, w.Select(x => (BigInteger)x).ToList());
        Assert.Equal(expected, result);
        Assert.Equal(long.MaxValue, result.Sum());
    }

    [Fact]
    public void Overflow_WeightSumAbove64Bits_UsesWidePath()
    {
        var w = Enumerable.Repeat(ulong.MaxValue / 2, 7).Append(12345UL).ToArray();
        var result = Run(1_000_003, w);
        Assert.Equal(ReferenceHamilton.Apportion(1_000_003, w.Select(x => (BigInteger)x).ToList()), result);
    }

    [Fact]
    public void BigWeights_BeyondUInt64_UseArbitraryPrecision()
    {
        var big = BigInteger.Pow(10, 40);
        var w = ExactWeights.FromNumerators([big, big * 2, big + 1], 1);
        var result = new long[3];
        LargestRemainder.Apportion(10, w, result);
        Assert.Equal(ReferenceHamilton.Apportion(10, [big, big * 2, big + 1]), result);
    }

    [Fact]
    public void RankRemainders_OrdersByKeyDescThenTieKey()
    {
        var ranks = new int[4];
        LargestRemainder.RankRemainders([5, 9, 5, 1], [TieKeys.FromIso2("FR"), TieKeys.FromIso2("DE"), TieKeys.FromIso2("BE"), TieKeys.FromIso2("AT")], ranks);
        Assert.Equal([3, 1, 2, 4], ranks);
    }
}
