using Allot.Core.Apportionment;
using Allot.Core.Errors;
using CsCheck;

namespace Allot.Core.Tests.Apportionment;

/// <summary>Divisor estimation + correction equals the seat-by-seat definition (issue #12).</summary>
public class DivisorEstimationPropertyTests
{
    private static readonly DivisorSequence Custom = DivisorSequence.FromDecimals(Enumerable.Range(0, 400).Select(k => k == 0 ? 0m : (k * 1.25m) + 0.5m), "custom");

    private static readonly DivisorRule[] Rules =
    [
        DivisorRule.For(DivisorMethod.DHondt), DivisorRule.For(DivisorMethod.SainteLague), DivisorRule.For(DivisorMethod.ModifiedSainteLague),
        DivisorRule.For(DivisorMethod.HuntingtonHill), DivisorRule.For(DivisorMethod.Adams), DivisorRule.For(DivisorMethod.Dean), DivisorRule.For(Custom),
    ];

    private static readonly Gen<(int Rule, long Total, ulong[] Weights, ulong[] Keys, long[] Lo, long[] Hi)> Instance =
        from rule in Gen.Int[0, Rules.Length - 1]
        from m in Gen.Int[1, 12]
        from weights in Gen.Frequency((4, Gen.ULong[0, 12]), (2, Gen.ULong[0, 100_000]), (1, Gen.ULong[0, ulong.MaxValue >> 4])).Array[m]
        from keys in Gen.ULong[0, 3].Array[m]
        from bounded in Gen.Bool
        from lo in Gen.Long[0, 3].Array[m]
        from span in Gen.Long[0, 40].Array[m]
        from total in Gen.Long[0, 300]
        select (rule, total, weights, keys, bounded ? lo : new long[m], bounded ? lo.Zip(span, (a, b) => a + b).ToArray() : Enumerable.Repeat(long.MaxValue, m).ToArray());

    [Fact]
    public void Estimation_EqualsSeatBySeat_OnTenThousandInstancesWithTiesAndBounds()
    {
        var compared = 0;
        Instance.Sample(x =>
        {
            var rule = Rules[x.Rule];
            var w = ExactWeights.FromIntegers(x.Weights);
            long[] expected;
            try
            {
                expected = DivisorApportionment.SeatBySeat(rule, x.Total, w, x.Keys, x.Lo, x.Hi);
                if (expected.Sum() != x.Total || (x.Total > 0 && x.Weights.All(v => v == 0)))
                {
                    return; // infeasible bounds: covered by the policy tests
                }
            }
            catch (AllotException)
            {
                return;
            }

            var actual = rule.Name == "custom"
                ? DivisorApportionment.Apportion(Custom, x.Total, w, x.Keys, x.Lo, x.Hi).Allocation
                : DivisorApportionment.Apportion(Enum.GetValues<DivisorMethod>().Single(d => DivisorApportionment.MethodName(d) == rule.Name), x.Total, w, x.Keys, x.Lo, x.Hi).Allocation;
            Assert.Equal(expected, actual);
            Interlocked.Increment(ref compared);
        }, iter: 16_000, threads: 1);
        Assert.True(compared >= 10_000, $"only {compared} feasible instances compared");
    }

    [Theory]
    [InlineData(DivisorMethod.DHondt)]
    [InlineData(DivisorMethod.SainteLague)]
    [InlineData(DivisorMethod.HuntingtonHill)]
    [InlineData(DivisorMethod.Adams)]
    [InlineData(DivisorMethod.Dean)]
    public void Estimation_LargeTotals_EqualsSeatBySeat(DivisorMethod method)
    {
        Gen.ULong[1, 1_000_000].Array[2, 60].Select(Gen.Long[1_000, 30_000]).Sample((w, total) =>
        {
            var weights = ExactWeights.FromIntegers(w);
            Assert.Equal(
                DivisorApportionment.SeatBySeat(DivisorRule.For(method), total, weights, default, default, default),
                DivisorApportionment.Apportion(method, total, weights).Allocation);
        }, iter: 60);
    }

    [Fact]
    public void Estimation_HugeTotal_PreservesSumAndDivisorProperty()
    {
        var rng = new System.Random(12);
        var w = Enumerable.Range(0, 2000).Select(_ => (ulong)rng.NextInt64(1, 10_000_000)).ToArray();
        foreach (var method in Enum.GetValues<DivisorMethod>())
        {
            var a = DivisorApportionment.Apportion(method, 1_000_000_000, ExactWeights.FromIntegers(w)).Allocation;
            Assert.Equal(1_000_000_000, a.Sum());
            var worstHeld = Enumerable.Range(0, w.Length).Where(i => a[i] > 0).Aggregate((x, y) => DivisorApportionment.ComparePriority(method, w[x], a[x] - 1, w[y], a[y] - 1) <= 0 ? x : y);
            for (var i = 0; i < w.Length; i++)
            {
                Assert.True(DivisorApportionment.ComparePriority(method, w[i], a[i], w[worstHeld], a[worstHeld] - 1) <= 0);
            }
        }
    }

    public static TheoryData<DivisorMethod> Methods() => new(Enum.GetValues<DivisorMethod>());

    [Theory]
    [MemberData(nameof(Methods))]
    public void Estimation_TotalsAtTheTopOfTheLongRange_PreserveSumAndDivisorProperty(DivisorMethod method)
    {
        // Found by hand: Huntington–Hill with T = 2⁶³ − 1 over weights (2⁶³ − 1, 1, 3) never returned. The estimate
        // held a few seats more than a long can count, the correction's 64-bit sum wrapped negative, read as
        // "short", and added seats forever.
        ulong[][] weightSets =
        [
            [long.MaxValue, 1, 3],
            [ulong.MaxValue, ulong.MaxValue - 1, 1],
            [1UL << 62, 1UL << 62, 5, 0],
            [1, 1],
            [ulong.MaxValue >> 1, 2, 2, 2, 2, 2, 2, 2, 2, 2],
        ];
        foreach (var w in weightSets)
        {
            foreach (var total in new[] { long.MaxValue, long.MaxValue - 1, (1L << 62) + 3 })
            {
                var a = DivisorApportionment.Apportion(method, total, ExactWeights.FromIntegers(w)).Allocation;
                Assert.Equal((Int128)total, a.Aggregate(Int128.Zero, (x, y) => x + y));
                var worstHeld = Enumerable.Range(0, w.Length).Where(i => a[i] > 0).Aggregate((x, y) => DivisorApportionment.ComparePriority(method, w[x], a[x] - 1, w[y], a[y] - 1) <= 0 ? x : y);
                for (var i = 0; i < w.Length; i++)
                {
                    // A unit without weight gets nothing (its first divisor may be 0, so its priority is no number).
                    Assert.True(w[i] == 0 ? a[i] == 0 : DivisorApportionment.ComparePriority(method, w[i], a[i], w[worstHeld], a[worstHeld] - 1) <= 0, $"{method} T={total} unit {i}");
                }
            }
        }
    }

    [Fact]
    public void EveryMethod_AtTheTopOfTheLongRange_AddsUpOrRefusesByName()
    {
        // Found by hand: droop at T = 2⁶³ − 1 computed T + 1 in 64 bits and failed on a negative quota (reported as a
        // usage error); Huntington–Hill never returned (above). Caps, with and without, for the bounded methods.
        ulong[][] weightSets = [[long.MaxValue, 1, 3, 0, ulong.MaxValue], [5, 3], [1]];
        foreach (var method in ApportionmentMethod.All)
        {
            foreach (var w in weightSets)
            {
                var weights = ExactWeights.FromIntegers(w);
                if (method == ApportionmentMethod.QuotaMethod)
                {
                    Assert.Equal(ApportionmentErrors.TotalTooLarge, Assert.Throws<AllotException>(() => Apportion.Units(long.MaxValue, weights, method)).Code);
                    continue;
                }

                var a = Apportion.Units(long.MaxValue, weights, method).Allocation;
                Assert.Equal((Int128)long.MaxValue, a.Aggregate(Int128.Zero, (x, y) => x + y));
                if (method.TakesBounds && w.Length > 2)
                {
                    var caps = new long[w.Length];
                    Array.Fill(caps, Bound.None);
                    caps[2] = 2;
                    var capped = Apportion.Units(long.MaxValue, weights, method, new() { Caps = caps }).Allocation;
                    Assert.Equal((Int128)long.MaxValue, capped.Aggregate(Int128.Zero, (x, y) => x + y));
                    Assert.True(capped[2] <= 2, method.Name);
                }
            }
        }
    }
}
