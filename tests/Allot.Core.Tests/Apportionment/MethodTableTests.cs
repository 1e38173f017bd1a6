using Allot.Core.Apportionment;
using Allot.Core.Errors;
using CsCheck;

namespace Allot.Core.Tests.Apportionment;

/// <summary>The second-release methods (issue #12) against published tables and hand-derived cases.</summary>
public class MethodTableTests
{
    // Wikipedia, "D'Hondt method" and "Sainte-Laguë method", worked example: parties A–D with 100,000 / 80,000 /
    // 30,000 / 20,000 votes electing 8 seats.
    private static readonly ulong[] WikipediaVotes = [100_000, 80_000, 30_000, 20_000];

    // Wikipedia, "Largest remainder method", Examples: 100,000 votes, 10 seats, parties Yellows, Whites, Reds,
    // Greens, Blues, Pinks. Hare quota 10,000; Droop quota ⌊100,000/11⌋ + 1 = 9,091.
    private static readonly ulong[] WikipediaLrVotes = [47_000, 16_000, 15_800, 12_000, 6_100, 3_100];

    private static ExactWeights W(params ulong[] w) => ExactWeights.FromIntegers(w);

    private static long[] Run(ApportionmentMethod method, long total, ulong[] w, ApportionmentOptions? options = null) =>
        Apportion.Units(total, W(w), method, options).Allocation;

    [Fact]
    public void DHondt_WikipediaEightSeats_4_3_1_0() => Assert.Equal([4, 3, 1, 0], Run(ApportionmentMethod.DHondt, 8, WikipediaVotes));

    [Fact]
    public void SainteLague_WikipediaEightSeats_3_3_1_1() => Assert.Equal([3, 3, 1, 1], Run(ApportionmentMethod.SainteLague, 8, WikipediaVotes));

    [Fact]
    public void ModifiedSainteLague_WikipediaVotes_EighthSeatIsAnExactTieBetweenAAndD()
    {
        // Hand-derived on the 1.4, 3, 5, 7 scale: A 71,429 / 33,333 / 20,000 / 14,286; B 57,143 / 26,667 / 16,000;
        // C 21,429; D 14,286. The 8th seat: A's 100,000/7 equals D's 20,000/1.4 exactly.
        var r = Apportion.Units(8, W(WikipediaVotes), ApportionmentMethod.ModifiedSainteLague);
        Assert.Equal([4, 3, 1, 0], r.Allocation);
        Assert.Equal([0], r.Ties.Winners);
        Assert.Equal([3], r.Ties.Losers);
        // Priorities are on the method's own scale, d(n) = n + ½ (d(0) = 0.7): 100,000/3.5 = 20,000/0.7 = 200,000/7.
        Assert.Equal(new ExactFraction(200_000, 7), r.Ties.CutoffPriority!.Value.Value);
        Assert.Equal([3, 3, 1, 1], Run(ApportionmentMethod.ModifiedSainteLague, 8, WikipediaVotes, new() { Ties = TiePolicy.Lots([3, 0]) }));
    }

    [Fact]
    public void ModifiedSainteLague_FirstDivisorOnePointFour_KeepsASmallPartyOut()
    {
        // Hand-derived, votes 100/40, 2 seats. Sainte-Laguë: 200, 80, 66.7 → 1/1. Modified (d(0) = 0.7 on this
        // scale): 142.9, 66.7 (100/1.5), 57.1 (40/0.7) → 2/0.
        Assert.Equal([1, 1], Run(ApportionmentMethod.SainteLague, 2, [100, 40]));
        Assert.Equal([2, 0], Run(ApportionmentMethod.ModifiedSainteLague, 2, [100, 40]));
    }

    [Fact]
    public void DivisorSequenceAsData_EqualsBuiltInModifiedSainteLague()
    {
        var seq = DivisorSequence.FromDecimals([1.4m, 3, 5, 7, 9, 11, 13, 15], "msl-data");
        var r = Apportion.Units(8, W(WikipediaVotes), ApportionmentMethod.Divisors(seq));
        Assert.Equal([4, 3, 1, 0], r.Allocation);
        Assert.Equal("msl-data", r.Audit!.Method);
    }

    [Fact]
    public void DivisorSequenceAsData_Invalid_IsInvalidDivisors()
    {
        Assert.Equal(ApportionmentErrors.InvalidDivisors, Assert.Throws<AllotException>(() => DivisorSequence.FromDecimals([1m, 1m])).Code);
        Assert.Equal(ApportionmentErrors.InvalidDivisors, Assert.Throws<AllotException>(() => DivisorSequence.FromDecimals([])).Code);
        Assert.Equal(ApportionmentErrors.InvalidDivisors, Assert.Throws<AllotException>(() => DivisorSequence.FromDecimals([-1m, 2m])).Code);
        Assert.Equal(ApportionmentErrors.InvalidDivisors, Assert.Throws<AllotException>(() => DivisorSequence.FromDecimals([1m, 0m])).Code);
    }

    [Fact]
    public void DivisorSequenceAsData_ShorterThanTotal_IsTooShort()
    {
        var seq = DivisorSequence.FromDecimals([1m, 2m, 3m]);
        Assert.Equal(ApportionmentErrors.DivisorSequenceTooShort, Assert.Throws<AllotException>(() => Apportion.Units(4, W(1, 1), ApportionmentMethod.Divisors(seq))).Code);
        Assert.Equal([2, 1], Run(ApportionmentMethod.Divisors(seq), 3, [2, 1]));
    }

    [Fact]
    public void Hare_WikipediaLargestRemainderExample_5_2_1_1_1_0()
    {
        // Quotas 4.7 / 1.6 / 1.58 / 1.2 / 0.61 / 0.31: floors 7 seats, remainders .70, .61, .60 take the other 3.
        Assert.Equal([5, 2, 1, 1, 1, 0], Run(ApportionmentMethod.Hamilton, 10, WikipediaLrVotes));
    }

    [Fact]
    public void Droop_WikipediaLargestRemainderExample_5_2_2_1_0_0()
    {
        // Droop quota 9,091: floors 5/1/1/1/0/0 = 8 seats; remainders 6,909 (Whites) and 6,709 (Reds) take the last 2.
        var r = Apportion.Units(10, W(WikipediaLrVotes), ApportionmentMethod.Droop);
        Assert.Equal([5, 2, 2, 1, 0, 0], r.Allocation);
        Assert.Equal(new ExactFraction(47_000, 9_091), r.Audit!.Units[0].Quota);
        Assert.Equal(5, r.Audit.Units[0].Floor);
    }

    [Fact]
    public void Droop_MoreSeatsLeftThanUnits_HandsThemOutInPasses_AndReportsTheTie()
    {
        // 100 votes (23/26/51), 30 seats: Droop quota ⌊100/31⌋ + 1 = 4, floors 5/6/12 = 23, 7 seats left for 3
        // parties: two full passes, then one seat by remainder (3, 2, 3): A and C tie at 3/4, A first by position.
        var r = Apportion.Units(30, W(23, 26, 51), ApportionmentMethod.Droop);
        Assert.Equal([8, 8, 14], r.Allocation);
        Assert.Equal([0], r.Ties.Winners);
        Assert.Equal([2], r.Ties.Losers);
        Assert.Equal(ApportionmentErrors.TieRequiresLots, Assert.Throws<AllotException>(() => Apportion.Units(30, W(23, 26, 51), ApportionmentMethod.Droop, new() { Ties = TiePolicy.Fail })).Code);
    }

    [Fact]
    public void Droop_FloorsNeverOverAllocate()
    {
        Gen.ULong[0, 50].Array[1, 8].Select(Gen.Long[0, 60]).Sample((w, t) =>
        {
            if (w.All(x => x == 0) && t > 0)
            {
                return;
            }

            var r = Apportion.Units(t, W(w), ApportionmentMethod.Droop);
            Assert.Equal(t, r.Allocation.Sum());
            Assert.All(r.Audit!.Units, u => Assert.True(u.Allocation >= u.Floor));
        }, iter: 500);
    }

    [Fact]
    public void QuotaMethod_StaysWithinUpperQuota_WhereDHondtDoesNot()
    {
        // Hand-derived: weights 90/4/3/3, 10 seats, quotas 9 / 0.4 / 0.3 / 0.3. D'Hondt's 10th seat goes to the
        // large unit at 90/10 = 9 > 4 (10 seats, above its upper quota 9); the quota method makes it ineligible
        // (9·100 ≮ 10·90) and gives the seat to the next priority, 4/1.
        Assert.Equal([10, 0, 0, 0], Run(ApportionmentMethod.DHondt, 10, [90, 4, 3, 3]));
        Assert.Equal([9, 1, 0, 0], Run(ApportionmentMethod.QuotaMethod, 10, [90, 4, 3, 3]));
    }

    [Fact]
    public void QuotaMethod_ElevenElevenEleven_FourSeats_TieReportedAndRefusable()
    {
        var r = Apportion.Units(4, W(11, 11, 11), ApportionmentMethod.QuotaMethod);
        Assert.Equal([2, 1, 1], r.Allocation);
        Assert.Equal([0], r.Ties.Winners);
        Assert.Equal([1, 2], r.Ties.Losers);
        Assert.Equal([1, 1, 2], Run(ApportionmentMethod.QuotaMethod, 4, [11, 11, 11], new() { Ties = TiePolicy.Lots([2, 1, 0]) }));
        Assert.Equal(ApportionmentErrors.TieRequiresLots, Assert.Throws<AllotException>(() => Apportion.Units(4, W(11, 11, 11), ApportionmentMethod.QuotaMethod, new() { Ties = TiePolicy.Fail })).Code);
        Assert.Equal(ApportionmentErrors.AllZeroWeights, Assert.Throws<AllotException>(() => Apportion.Units(4, W(0, 0), ApportionmentMethod.QuotaMethod)).Code);
    }

    [Fact]
    public void QuotaMethod_SatisfiesQuota_AndIsHouseMonotone()
    {
        Gen.ULong[1, 1000].Array[1, 8].Select(Gen.Long[0, 60]).Sample((w, t) =>
        {
            var a = Run(ApportionmentMethod.QuotaMethod, t, w);
            var b = Run(ApportionmentMethod.QuotaMethod, t + 1, w);
            var sum = (decimal)w.Sum(x => (decimal)x);
            for (var i = 0; i < w.Length; i++)
            {
                var q = t * (decimal)w[i] / sum;
                Assert.True(a[i] >= Math.Floor(q) && a[i] <= Math.Ceiling(q), $"unit {i}: {a[i]} outside quota {q}");
                Assert.True(b[i] >= a[i], $"Alabama paradox at unit {i}");
            }
        }, iter: 400);
    }

    [Fact]
    public void Threshold_Share_RemovesUnitsBelowItBeforeApportioning()
    {
        // Hand-derived: D'Hondt on 60/25/10 after a 5 % threshold drops 4 % and 1 %: priorities 60, 30, 25, 20, 15,
        // 12.5, 12, 10, 10, 8.57 → 7 / 2 / 1.
        var r = Apportion.Units(10, W(60, 25, 10, 4, 1), ApportionmentMethod.DHondt, new() { Threshold = ElectoralThreshold.Share(0.05m) });
        Assert.Equal([7, 2, 1, 0, 0], r.Allocation);
        Assert.Equal([true, true, true, false, false], r.PassedThreshold);
        Assert.True(ElectoralThreshold.Share(0.05m).Passes(W(60, 25, 10, 4, 1), 2));
        Assert.False(ElectoralThreshold.Share(0.05m).Passes(W(60, 25, 10, 4, 1), 3));
        Assert.Equal("share 1/20", ElectoralThreshold.Share(0.05m).ToString());
    }

    [Fact]
    public void Threshold_Absolute_KeepsAUnitExactlyAtIt()
    {
        Assert.Equal([7, 2, 1, 0, 0], Run(ApportionmentMethod.DHondt, 10, [60, 25, 10, 4, 1], new() { Threshold = ElectoralThreshold.Absolute(10) }));
        Assert.Equal([7, 3, 0, 0, 0], Run(ApportionmentMethod.DHondt, 10, [60, 25, 10, 4, 1], new() { Threshold = ElectoralThreshold.Absolute(11) }));
        Assert.Equal([6, 3, 1, 0, 0], Run(ApportionmentMethod.Hamilton, 10, [60, 25, 10, 4, 1], new() { Threshold = ElectoralThreshold.Share(0.05m) }));
    }

    [Fact]
    public void Threshold_Invalid_OrNobodyPasses_AreErrors()
    {
        Assert.Equal(ApportionmentErrors.InvalidThreshold, Assert.Throws<AllotException>(() => ElectoralThreshold.Share(1.5m)).Code);
        Assert.Equal(ApportionmentErrors.InvalidThreshold, Assert.Throws<AllotException>(() => ElectoralThreshold.Share(-0.1m)).Code);
        Assert.Equal(ApportionmentErrors.InvalidThreshold, Assert.Throws<AllotException>(() => ElectoralThreshold.Absolute(-1)).Code);
        Assert.Equal(ApportionmentErrors.NoUnitAboveThreshold, Assert.Throws<AllotException>(() => Apportion.Units(5, W(30, 30, 40), ApportionmentMethod.DHondt, new() { Threshold = ElectoralThreshold.Share(0.5m) })).Code);
    }

    [Fact]
    public void MethodVocabulary_ParsesEveryName_AndRefusesBoundsWhereTheMethodTakesNone()
    {
        foreach (var m in ApportionmentMethod.All)
        {
            Assert.True(ApportionmentMethod.TryParse(m.Name, out var parsed));
            Assert.Equal(m, parsed);
        }

        Assert.False(ApportionmentMethod.TryParse("borda", out _));
        Assert.Equal(ApportionmentErrors.InvalidBounds, Assert.Throws<AllotException>(() => Apportion.Units(3, W(1, 2), ApportionmentMethod.Hamilton, new() { Caps = [Bound.None, 1] })).Code);
    }

    [Fact]
    public void SeedCapped_TieInTheLastPartialPass_ReportedRefusedAndDrawn()
    {
        // 3 units over 4 equal weights with caps 5: floors 0, one partial pass serves 3 of the 4 tied units.
        var capped = new ApportionmentOptions { Caps = [5, 5, 5, 5] };
        var r = Apportion.Units(3, W(1, 1, 1, 1), ApportionmentMethod.SeedCapped, capped);
        Assert.Equal([1, 1, 1, 0], r.Allocation);
        Assert.Equal([0, 1, 2], r.Ties.Winners);
        Assert.Equal([3], r.Ties.Losers);
        Assert.Equal(4, r.Audit!.TiedAtCutoff);
        Assert.Equal(ApportionmentErrors.TieRequiresLots, Assert.Throws<AllotException>(() => Apportion.Units(3, W(1, 1, 1, 1), ApportionmentMethod.SeedCapped, capped with { Ties = TiePolicy.Fail })).Code);
        Assert.Equal([0, 1, 1, 1], Run(ApportionmentMethod.SeedCapped, 3, [1, 1, 1, 1], capped with { Ties = TiePolicy.Lots([3, 2, 1, 0]) }));

        // Caps that bind move the seats without a tie: no report, and Fail does not refuse.
        Assert.Equal([2, 1], Run(ApportionmentMethod.SeedCapped, 3, [9, 1], new() { Caps = [2, 5], Ties = TiePolicy.Fail }));
    }

    [Fact]
    public void Hamilton_TieReport_IsTheSameWithAndWithoutAudit()
    {
        // Without an audit Hamilton takes the 64-bit kernel and derives the tie from 128-bit remainders; with one, the
        // exact path. Many equal small weights make ties common.
        Gen.ULong[0, 6].Array[1, 12].Select(Gen.Long[0, 40], Gen.ULong[0, 3].Array[12]).Sample((w, t, k) =>
        {
            if (w.All(x => x == 0) && t > 0)
            {
                return;
            }

            var options = new ApportionmentOptions { TieKeys = k[..w.Length] };
            var fast = Apportion.Units(t, W(w), ApportionmentMethod.Hamilton, options with { WithAudit = false });
            var exact = Apportion.Units(t, W(w), ApportionmentMethod.Hamilton, options);
            Assert.Equal(exact.Allocation, fast.Allocation);
            Assert.Equal(exact.Ties.Winners, fast.Ties.Winners);
            Assert.Equal(exact.Ties.Losers, fast.Ties.Losers);
            Assert.Equal(exact.Ties.CutoffRemainder, fast.Ties.CutoffRemainder);
        }, iter: 2000);
    }
}
