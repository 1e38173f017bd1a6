using System.Numerics;
using Allot.Core.Apportionment;
using CsCheck;

namespace Allot.Core.Tests.Apportionment;

public class ApportionmentPropertyTests
{
    private const int Iterations = 3000;

    private static readonly Gen<(long Total, ulong[] Weights, ulong[] Keys)> Instance =
        from m in Gen.Int[1, 40]
        from weights in Gen.Frequency((3, Gen.ULong[0, 1000]), (1, Gen.ULong[0, ulong.MaxValue]), (1, Gen.Const(7UL))).Array[m]
        from total in Gen.Long[0, 5000]
        from keys in Gen.ULong[0, 20].Array[m]
        where weights.Any(w => w > 0)
        select (total, weights, keys);

    private static long[] Run(long total, ulong[] w, ulong[]? keys)
    {
        var r = new long[w.Length];
        LargestRemainder.Apportion(total, w, r, keys);
        return r;
    }

    [Fact]
    public void Hamilton_EqualsSlowReference()
    {
        Instance.Sample(x =>
        {
            var expected = ReferenceHamilton.Apportion(x.Total, x.Weights.Select(w => (BigInteger)w).ToList(), x.Keys);
            Assert.Equal(expected, Run(x.Total, x.Weights, x.Keys));
        }, iter: Iterations);
    }

    [Fact]
    public void Hamilton_ExactPathEqualsFastPath()
    {
        Instance.Sample(x =>
        {
            var big = ExactWeights.FromNumerators(x.Weights.Select(w => ((BigInteger)w << 70) + 0), 1);
            var r = new long[x.Weights.Length];
            LargestRemainder.Apportion(x.Total, big, r, x.Keys);
            Assert.Equal(Run(x.Total, x.Weights, x.Keys), r);
        }, iter: 1000);
    }

    [Fact]
    public void Hamilton_PreservesSum_AndSatisfiesQuota()
    {
        Instance.Sample(x =>
        {
            var r = Run(x.Total, x.Weights, x.Keys);
            Assert.Equal(x.Total, r.Sum());
            var sum = x.Weights.Aggregate(BigInteger.Zero, (a, b) => a + b);
            for (var i = 0; i < r.Length; i++)
            {
                // |n − q| < 1  ⇔  |n·W − T·w| < W
                var diff = BigInteger.Abs((r[i] * sum) - (x.Total * (BigInteger)x.Weights[i]));
                Assert.True(diff < sum, $"unit {i} violates quota");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Hamilton_PermutationOfRows_ChangesNothing()
    {
        Instance.SelectMany(x => Gen.Int.Array[x.Weights.Length].Select(p => (x, p))).Sample(t =>
        {
            var (x, p) = t;
            var perm = Enumerable.Range(0, x.Weights.Length).OrderBy(i => p[i]).ThenBy(i => i).ToArray();

            // Keys must be distinct for the order to be independent of position.
            var keys = Enumerable.Range(0, x.Weights.Length).Select(i => (x.Keys[i] * 1000) + (ulong)i).ToArray();
            var baseResult = Run(x.Total, x.Weights, keys);
            var permuted = Run(x.Total, perm.Select(i => x.Weights[i]).ToArray(), perm.Select(i => keys[i]).ToArray());
            for (var j = 0; j < perm.Length; j++)
            {
                Assert.Equal(baseResult[perm[j]], permuted[j]);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Hamilton_ScalingWeights_ChangesNothing()
    {
        var small =
            from m in Gen.Int[1, 40]
            from weights in Gen.ULong[0, 1_000_000].Array[m]
            from total in Gen.Long[0, 5000]
            from keys in Gen.ULong[0, 20].Array[m]
            where weights.Any(w => w > 0)
            select (Total: total, Weights: weights, Keys: keys);
        small.Sample(x =>
        {
            var scaled = x.Weights.Select(w => w * 977).ToArray();
            Assert.Equal(Run(x.Total, x.Weights, x.Keys), Run(x.Total, scaled, x.Keys));
        }, iter: Iterations);
    }

    [Fact]
    public void Hamilton_LargeUnitCounts_PartialSelectionMatchesReference()
    {
        // Exercise both heap and quickselect paths (shortfall small and large relative to m).
        Gen.Int[200, 3000].SelectMany(m => Gen.ULong[0, 50].Array[m].SelectMany(w => Gen.Long[0, 4L * m].Select(t => (w, t))))
            .Where(x => x.w.Any(v => v > 0))
            .Sample(x =>
            {
                var expected = ReferenceHamilton.Apportion(x.t, x.w.Select(v => (BigInteger)v).ToList());
                Assert.Equal(expected, Run(x.t, x.w, null));
            }, iter: 200);
    }

    private static readonly Gen<(long Total, ulong[] Weights, long[] Lo, long[] Hi)> BoundedInstance =
        from m in Gen.Int[1, 25]
        from weights in Gen.ULong[0, 100].Array[m]
        from lo in Gen.Long[0, 3].Array[m]
        from span in Gen.Long[0, 12].Array[m]
        from total in Gen.Long[0, 200]
        where weights.Any(w => w > 0)
        select (total, weights, lo, lo.Zip(span, (a, b) => a + b).ToArray());

    private static bool Feasible(long total, ulong[] w, long[] lo, long[] hi)
    {
        long sumLo = lo.Sum(), sumHi = 0;
        for (var i = 0; i < w.Length; i++)
        {
            sumHi += w[i] == 0 ? lo[i] : hi[i];
        }

        return sumLo <= total && total <= sumHi;
    }

    [Fact]
    public void Bounded_Proportional_RespectsBoundsAndTotal_WhenFeasible()
    {
        BoundedInstance.Where(x => Feasible(x.Total, x.Weights, x.Lo, x.Hi)).Sample(x =>
        {
            var r = BoundedApportionment.Proportional(x.Total, ExactWeights.FromIntegers(x.Weights), x.Lo, x.Hi, default, InfeasiblePolicy.Fail);
            Assert.Equal(x.Total, r.Allocation.Sum());
            for (var i = 0; i < r.Allocation.Length; i++)
            {
                Assert.InRange(r.Allocation[i], x.Lo[i], x.Hi[i]);
                if (x.Weights[i] == 0)
                {
                    Assert.Equal(x.Lo[i], r.Allocation[i]);
                }
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Bounded_Proportional_MinimisesDeviation_AgainstBruteForce()
    {
        // Small instances: enumerate every bounded allocation and check none has a smaller Σ|n − q|
        // where q are the water-filling quotas (checked independently: Σq = T, q within bounds).
        var small =
            from m in Gen.Int[1, 4]
            from weights in Gen.ULong[1, 9].Array[m]
            from lo in Gen.Long[0, 2].Array[m]
            from span in Gen.Long[0, 4].Array[m]
            from total in Gen.Long[0, 20]
            select (total, weights, lo, hi: lo.Zip(span, (a, b) => a + b).ToArray());
        small.Where(x => Feasible(x.total, x.weights, x.lo, x.hi)).Sample(x =>
        {
            var r = BoundedApportionment.Proportional(x.total, ExactWeights.FromIntegers(x.weights), x.lo, x.hi, default, InfeasiblePolicy.Fail);
            var best = BruteForceBestL1(x.total, x.weights, x.lo, x.hi);
            Assert.Equal(best, L1FromWaterFilling(x.total, x.weights, x.lo, x.hi, r.Allocation));
        }, iter: 1500);
    }

    [Fact]
    public void Bounded_SeedCapped_RespectsCapsAndTotal_WhenFeasible()
    {
        BoundedInstance.Where(x => Feasible(x.Total, x.Weights, new long[x.Weights.Length], x.Hi)).Sample(x =>
        {
            var r = BoundedApportionment.SeedCapped(x.Total, ExactWeights.FromIntegers(x.Weights), x.Hi, default, InfeasiblePolicy.Fail);
            Assert.Equal(x.Total, r.Allocation.Sum());
            for (var i = 0; i < r.Allocation.Length; i++)
            {
                Assert.InRange(r.Allocation[i], 0, x.Hi[i]);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Bounded_SeedCapped_WithoutBindingCaps_EqualsHamilton()
    {
        Instance.Sample(x =>
        {
            var caps = Enumerable.Repeat(long.MaxValue, x.Weights.Length).ToArray();
            var r = BoundedApportionment.SeedCapped(x.Total, ExactWeights.FromIntegers(x.Weights), caps, x.Keys, InfeasiblePolicy.Fail);
            Assert.Equal(Run(x.Total, x.Weights, x.Keys), r.Allocation);
        }, iter: Iterations);
    }

    [Fact]
    public void Bounded_RelaxCaps_AlwaysPlacesTheTotal()
    {
        BoundedInstance.Where(x => x.Lo.Sum() <= x.Total).Sample(x =>
        {
            var r = BoundedApportionment.SeedCapped(x.Total, ExactWeights.FromIntegers(x.Weights), x.Hi, default, InfeasiblePolicy.RelaxCaps, x.Lo);
            Assert.Equal(x.Total, r.Allocation.Sum());
            Assert.Equal(0, r.Missing);
            for (var i = 0; i < r.Allocation.Length; i++)
            {
                Assert.True(r.Allocation[i] <= x.Hi[i] + r.RelaxedUnits[i]);
                Assert.True(r.Allocation[i] >= x.Lo[i]);
            }
        }, iter: Iterations);
    }

    [Theory]
    [InlineData(DivisorMethod.DHondt)]
    [InlineData(DivisorMethod.SainteLague)]
    [InlineData(DivisorMethod.HuntingtonHill)]
    [InlineData(DivisorMethod.Adams)]
    [InlineData(DivisorMethod.Dean)]
    public void Divisor_IsHouseMonotone_PreservesSum_AndSatisfiesMinMax(DivisorMethod method)
    {
        var gen =
            from m in Gen.Int[1, 12]
            from weights in Gen.ULong[1, 100_000].Array[m]
            from total in Gen.Long[0, 80]
            select (total, weights);
        gen.Sample(x =>
        {
            var w = ExactWeights.FromIntegers(x.weights);
            var a = DivisorApportionment.Apportion(method, x.total, w).Allocation;
            var b = DivisorApportionment.Apportion(method, x.total + 1, w).Allocation;
            Assert.Equal(x.total, a.Sum());
            Assert.Equal(x.total + 1, b.Sum());
            for (var i = 0; i < a.Length; i++)
            {
                Assert.True(b[i] >= a[i], $"Alabama paradox at unit {i}");

                // The defining property of a divisor method, exactly: no unit's next-unit priority exceeds any
                // unit's last-unit priority, max_i w_i/d(n_i) ≤ min_{j: n_j>0} w_j/d(n_j − 1).
                for (var j = 0; j < a.Length; j++)
                {
                    if (a[j] > 0)
                    {
                        Assert.True(
                            DivisorApportionment.ComparePriority(method, x.weights[i], a[i], x.weights[j], a[j] - 1) <= 0,
                            $"unit {i} (n={a[i]}) outranks unit {j}'s last unit (n={a[j]})");
                    }
                }
            }
        }, iter: 500);
    }

    private static BigInteger L1FromWaterFilling(long total, ulong[] w, long[] lo, long[] hi, long[] n)
    {
        // Σ|n − q|·D computed against the exact water-filling quotas found by brute-force λ search on a fine grid
        // is avoided: instead compare the L1 deviation of n with the best achievable over all bounded integer
        // vectors, both measured against the same quotas from BruteForceQuotas.
        var (num, den) = BruteForceQuotas(total, w, lo, hi);
        BigInteger s = 0;
        for (var i = 0; i < n.Length; i++)
        {
            s += BigInteger.Abs((n[i] * den) - num[i]);
        }

        return s;
    }

    private static BigInteger BruteForceBestL1(long total, ulong[] w, long[] lo, long[] hi)
    {
        var (num, den) = BruteForceQuotas(total, w, lo, hi);
        var best = (BigInteger?)null;
        var cur = new long[w.Length];

        void Rec(int i, long left)
        {
            if (i == w.Length)
            {
                if (left != 0)
                {
                    return;
                }

                BigInteger s = 0;
                for (var j = 0; j < cur.Length; j++)
                {
                    s += BigInteger.Abs((cur[j] * den) - num[j]);
                }

                if (best is null || s < best)
                {
                    best = s;
                }

                return;
            }

            var top = w[i] == 0 ? lo[i] : hi[i];
            for (var v = lo[i]; v <= top && v <= left; v++)
            {
                cur[i] = v;
                Rec(i + 1, left - v);
            }
        }

        Rec(0, total);
        return best!.Value;
    }

    /// <summary>Water-filling quotas by scanning λ = k/L for a fine rational grid, exact at the found level.</summary>
    private static (BigInteger[] Num, BigInteger Den) BruteForceQuotas(long total, ulong[] w, long[] lo, long[] hi)
    {
        // Σ clamp(λw) is piecewise linear; solve on each segment between consecutive breakpoints.
        var pts = new List<(long N, long D)> { (0, 1) };
        for (var i = 0; i < w.Length; i++)
        {
            if (w[i] > 0)
            {
                pts.Add((lo[i], (long)w[i]));
                pts.Add((hi[i], (long)w[i]));
            }
        }

        var target = total - Enumerable.Range(0, w.Length).Where(i => w[i] == 0).Sum(i => lo[i]);
        pts = pts.OrderBy(p => (double)p.N / p.D).ToList();
        foreach (var p in pts)
        {
            // Try the segment starting at p: λ = (target − fixed)/free with classification at λ slightly above p.
            BigInteger fixedSum = 0, free = 0;
            for (var i = 0; i < w.Length; i++)
            {
                if (w[i] == 0)
                {
                    continue;
                }

                if ((BigInteger)hi[i] * p.D <= (BigInteger)p.N * w[i])
                {
                    fixedSum += hi[i];
                }
                else if ((BigInteger)lo[i] * p.D > (BigInteger)p.N * w[i])
                {
                    fixedSum += lo[i];
                }
                else
                {
                    free += w[i];
                }
            }

            BigInteger a, d;
            if (free.IsZero)
            {
                if (fixedSum != target)
                {
                    continue;
                }

                (a, d) = (p.N, p.D);
            }
            else
            {
                (a, d) = (target - fixedSum, free);
            }

            if (a < 0)
            {
                continue;
            }

            var num = new BigInteger[w.Length];
            BigInteger sum = 0;
            for (var i = 0; i < w.Length; i++)
            {
                var q = w[i] == 0 ? lo[i] * d : BigInteger.Min(BigInteger.Max(a * w[i], lo[i] * d), hi[i] * d);
                num[i] = q;
                sum += q;
            }

            if (sum == target * d + Enumerable.Range(0, w.Length).Where(i => w[i] == 0).Sum(i => lo[i]) * d)
            {
                return (num, d);
            }
        }

        throw new InvalidOperationException("no water level found");
    }
}
