using System.Numerics;
using Allot.Core.Apportionment;
using Allot.Core.Errors;
using CsCheck;

namespace Allot.Core.Tests.Apportionment;

/// <summary>
/// The quota method hands out seats one by one with two heaps (units below their upper quota by seat order, the
/// others by the house size that admits them). The oracle is the definition, scanned for every seat: seat h goes to
/// the highest <c>w/(n+1)</c> among units with <c>n·W &lt; h·w</c>, ties by tie key then position.
/// </summary>
public class QuotaMethodTests
{
    [Fact]
    public void Heaps_GiveTheDefinitionsSeats_AndTie_ForAnyWeightsKeysAndTotals()
    {
        var gen = from m in Gen.Int[1, 10]
                  from w in Gen.Frequency((4, Gen.ULong[0, 6]), (2, Gen.ULong[0, 1_000]), (1, Gen.ULong[0, ulong.MaxValue])).Array[m]
                  from keys in Gen.ULong[0, 3].Array[m]
                  from total in Gen.Long[0, 120]
                  select (w, keys, total);
        var compared = 0;
        var tied = 0;
        var wide = 0;
        gen.Sample(x =>
        {
            if (x.w.All(v => v == 0) && x.total > 0)
            {
                return;
            }

            // Weights whose sum passes 64 bits take the big-integer hand-out; the others the 64-bit one.
            wide += x.w.Aggregate(BigInteger.Zero, (a, v) => a + v) > ulong.MaxValue ? 1 : 0;

            var result = QuotaMethodApportionment.Apportion(x.total, ExactWeights.FromIntegers(x.w), x.keys);
            var (alloc, winners, losers) = Definition(x.total, x.w, x.keys);
            Assert.Equal(alloc, result.Allocation);
            Assert.Equal(winners, result.Ties.Winners);
            Assert.Equal(losers, result.Ties.Losers);
            var audited = QuotaMethodApportionment.Apportion(x.total, ExactWeights.FromIntegers(x.w), x.keys, withAudit: true);
            Assert.Equal(result.Allocation, audited.Allocation);
            compared++;
            tied += losers.Count > 0 ? 1 : 0;
        }, iter: 8_000);
        Assert.True(compared > 7_000 && tied > 100 && wide > 500 && compared - wide > 5_000, $"compared {compared}, tied {tied}, wide {wide}");
    }

    [Fact]
    public void Total_AboveTheLimit_IsRefusedAtOnce()
    {
        // Found by hand: `allot apportion --method quota --total 9000000000000000000` over 10^5 units ran for 11
        // minutes of CPU before it was killed; at one seat per heap step it would have run for millennia.
        var w = ExactWeights.FromIntegers([5UL, 3, 2]);
        var error = Assert.Throws<AllotException>(() => Apportion.Units(QuotaMethodApportionment.MaxTotal + 1, w, ApportionmentMethod.QuotaMethod));
        Assert.Equal(ApportionmentErrors.TotalTooLarge, error.Code);
        Assert.Contains("dhondt", error.Message, StringComparison.Ordinal);
        Assert.Equal(ApportionmentErrors.TotalTooLarge, Assert.Throws<AllotException>(() => Apportion.Units(long.MaxValue, w, ApportionmentMethod.QuotaMethod)).Code);
    }

    [Fact]
    public void LargeTotal_OneMillionSeatsOverAThousandUnits_RespectsQuota()
    {
        // The old scan made 10^9 big-integer products here; the heaps make ~10^7 comparisons.
        var random = new System.Random(3);
        var w = Enumerable.Range(0, 1_000).Select(_ => (ulong)random.Next(1, 100_000)).ToArray();
        const long total = 1_000_000;
        var r = QuotaMethodApportionment.Apportion(total, ExactWeights.FromIntegers(w));
        Assert.Equal(total, r.Allocation.Sum());
        var sum = w.Aggregate(BigInteger.Zero, (a, v) => a + v);
        for (var i = 0; i < w.Length; i++)
        {
            // Within one of the quota T·w/W.
            var q = total * (BigInteger)w[i];
            Assert.True(r.Allocation[i] * sum <= q + sum && r.Allocation[i] * sum >= q - sum, $"unit {i}");
        }
    }

    private static (long[] Alloc, List<int> Winners, List<int> Losers) Definition(long total, ulong[] w, ulong[] keys)
    {
        var m = w.Length;
        var sum = w.Aggregate(BigInteger.Zero, (a, v) => a + v);
        var n = new long[m];
        bool Eligible(int i, long held, long h) => w[i] != 0 && held * sum < h * (BigInteger)w[i];

        // Better seat: higher w/(n+1) (cross-multiplied), then lower key, then lower position.
        bool Better(int i, long ni, int j, long nj)
        {
            var c = ((BigInteger)w[i] * (nj + 1)).CompareTo((BigInteger)w[j] * (ni + 1));
            return c != 0 ? c > 0 : keys[i] != keys[j] ? keys[i] < keys[j] : i < j;
        }

        var last = -1;
        for (long h = 1; h <= total; h++)
        {
            var best = -1;
            for (var i = 0; i < m; i++)
            {
                if (Eligible(i, n[i], h) && (best < 0 || Better(i, n[i], best, n[best])))
                {
                    best = i;
                }
            }

            n[best]++;
            last = best;
        }

        var losers = new List<int>();
        if (last >= 0)
        {
            for (var i = 0; i < m; i++)
            {
                var lastHeld = n[last] - 1;
                if (i != last && Eligible(i, n[i], total) && (BigInteger)w[i] * (lastHeld + 1) == (BigInteger)w[last] * (n[i] + 1))
                {
                    losers.Add(i);
                }
            }
        }

        losers.Sort((a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        return (n, losers.Count > 0 ? [last] : [], losers);
    }
}
