using System.Numerics;
using Allot.Core.Apportionment;
using CsCheck;

namespace Allot.Core.Tests.Apportionment;

public sealed class PresortedLargestRemainderTests
{
    [Fact]
    public void Apportion_SpecExample_700_300_Of5_Gives4And1()
    {
        var (alloc, outcome) = Run(5, [700, 300], [1, 2], 1000);
        Assert.Equal([4L, 1L], alloc);
        Assert.Equal(1, outcome.Shortfall);
        Assert.Equal(1, outcome.TiesBroken); // both remainders are 500: tile id 1 wins
    }

    [Fact]
    public void Apportion_SpecExample_334_333_333_Of3_GivesOneEach()
    {
        var (alloc, outcome) = Run(3, [334, 333, 333], [3, 1, 2], 1000);
        Assert.Equal([1L, 1L, 1L], alloc);
        Assert.Equal(2, outcome.Shortfall);
        Assert.Equal(0, outcome.TiesBroken);
    }

    [Fact]
    public void Apportion_ManyEqualRemaindersAtCutoff_LowestTileIdsWin()
    {
        // 10 tiles of weight 100/1000, total 7: every quota is 0.7, so remainders all equal 700 and only the
        // tile id decides which seven get +1.
        var weights = Enumerable.Repeat(100UL, 10).ToArray();
        var keys = new ulong[] { 3, 5, 8, 11, 12, 40, 41, 90, 91, 99 };
        var (alloc, outcome) = Run(7, weights, keys, 1000);
        Assert.Equal([1L, 1L, 1L, 1L, 1L, 1L, 1L], alloc);
        Assert.Equal(7, outcome.Emitted);
        Assert.Equal(7, outcome.Shortfall);
        Assert.Equal(7, outcome.TiesBroken);
    }

    [Fact]
    public void Apportion_PrefixUnitTiesWithSuffixUnit_KeyDecides()
    {
        // n = 2, K = 10: weights 6 (z=1, r=2) and 1 (z=0, r=2) and 3 (z=0, r=6). Sorted: 6,3,1.
        // S = 2 − 1 = 1; best remainder is 6 (unit with weight 3). No tie at the cutoff.
        var (alloc, outcome) = Run(2, [6, 3, 1], [9, 5, 1], 10);
        Assert.Equal([1L, 1L], alloc);
        Assert.Equal(0, outcome.TiesBroken);

        // n = 3: weights 5,5 (z=1, r=5 each); S = 1; tie between keys 7 and 2 → key 2 (position 1) wins.
        var (alloc2, outcome2) = Run(3, [5, 5], [2, 7], 10);
        Assert.Equal([2L, 1L], alloc2);
        Assert.Equal(1, outcome2.TiesBroken);
    }

    [Fact]
    public void Apportion_HugeProducts_DoNotOverflow()
    {
        var k = 10_000_000_000_000_000_000UL; // 10^19
        var weights = new ulong[] { 6_000_000_000_000_000_000UL, 4_000_000_000_000_000_000UL };
        var (alloc, _) = Run(long.MaxValue, weights, [1, 2], k);
        var expected0 = (long)(new BigInteger(long.MaxValue) * weights[0] / k);
        Assert.Equal(long.MaxValue, alloc.Sum(a => (decimal)a));
        Assert.True(alloc[0] == expected0 || alloc[0] == expected0 + 1);
    }

    [Fact]
    public void Apportion_WeightsAboveDenominator_Throws() =>
        Assert.Throws<ArgumentException>(() => Run(10, [900, 900], [1, 2], 1000));

    [Fact]
    public void Apportion_MatchesBigIntegerReference_OnRandomInstances()
    {
        var gen =
            from units in Gen.Int[1, 40]
            from dp in Gen.Int[0, 6]
            from raw in Gen.Int[0, 20].Array[units]
            from keys in Gen.ULong[0, 60].Array[units]
            from total in Gen.Long[0, 200]
            select (raw, keys, dp, total);
        gen.Sample(t => CheckAgainstReference(t.raw, t.keys, t.dp, t.total), iter: 4000);
    }

    [Fact]
    public void Apportion_MatchesBigIntegerReference_WithLargeWeightsAndTotals()
    {
        var gen =
            from units in Gen.Int[1, 12]
            from raw in Gen.Int[0, 1_000_000].Array[units]
            from keys in Gen.ULong.Array[units]
            from total in Gen.Long[0, long.MaxValue]
            select (raw, keys, total);
        gen.Sample(t => CheckAgainstReference(t.raw, t.keys, 18, t.total % 5000 == 0 ? long.MaxValue : t.total % 100_000), iter: 2000);
    }

    private static void CheckAgainstReference(int[] raw, ulong[] rawKeys, int dp, long total)
    {
        // Tie keys are unique in use (tile ids are a primary key); make them so while keeping many near-ties.
        var keys = rawKeys.Select((key, i) => ((key % (1UL << 48)) << 8) + (uint)i).ToArray();
        var k = (ulong)BigInteger.Pow(10, dp);
        var weights = Quantise(raw, k);
        var expected = ReferenceApportion(total, weights, keys, k, out var expectedTies);

        // Presort (weight desc, key asc, original position asc) exactly as a caller would.
        var order = Enumerable.Range(0, weights.Length)
            .OrderByDescending(i => weights[i]).ThenBy(i => keys[i]).ThenBy(i => i).ToArray();
        var sortedW = order.Select(i => weights[i]).ToArray();
        var sortedK = order.Select(i => keys[i]).ToArray();
        var alloc = new long[weights.Length];
        var outcome = PresortedLargestRemainder.Apportion(total, sortedW, sortedK, k, alloc);

        for (var p = 0; p < order.Length; p++)
        {
            var got = p < outcome.Emitted ? alloc[p] : 0;
            if (p < outcome.Emitted)
            {
                Assert.True(got >= 1, $"emitted unit at {p} has {got}");
            }

            Assert.Equal(expected[order[p]], got);
        }

        Assert.Equal(expectedTies, outcome.TiesBroken);
    }

    // Weights proportional to raw (all-zero raw ⇒ one unit gets everything), summing exactly to k.
    private static ulong[] Quantise(int[] raw, ulong k)
    {
        var sum = raw.Sum(r => (long)r);
        var w = new ulong[raw.Length];
        if (sum == 0)
        {
            w[0] = k;
            return w;
        }

        var floors = raw.Select(r => (ulong)(new BigInteger(r) * k / sum)).ToArray();
        var rest = k - floors.Aggregate(0UL, (a, b) => a + b);
        for (var i = 0; i < raw.Length; i++)
        {
            w[i] = floors[i] + (i < (int)rest ? 1UL : 0UL);
        }

        return w;
    }

    private static long[] ReferenceApportion(long total, ulong[] weights, ulong[] keys, ulong k, out long ties)
    {
        var n = new BigInteger(total);
        var z = weights.Select(w => (long)(w * n / k)).ToArray();
        var r = weights.Select(w => w * n % k).ToArray();
        var s = total - z.Sum();
        var ranked = Enumerable.Range(0, weights.Length)
            .OrderByDescending(i => r[i]).ThenBy(i => keys[i]).ThenBy(i => i).ToArray();
        var chosen = ranked.Take((int)s).ToArray();
        foreach (var i in chosen)
        {
            z[i]++;
        }

        var unchosenRemainders = ranked.Skip((int)s).Select(i => r[i]).ToHashSet();
        ties = chosen.Count(i => unchosenRemainders.Contains(r[i]));
        return z;
    }

    private static (long[] Allocation, PresortedOutcome Outcome) Run(long total, ulong[] weights, ulong[] keys, ulong k)
    {
        var alloc = new long[weights.Length];
        var outcome = PresortedLargestRemainder.Apportion(total, weights, keys, k, alloc);
        return (alloc[..outcome.Emitted], outcome);
    }
}
