using Allot.Core.Apportionment;
using CsCheck;

namespace Allot.Core.Tests.Apportionment;

/// <summary>
/// The seed-capped method's 64-bit path (weights and their sum below 2^64, no audit: what retail runs a million
/// times) equals its big-integer path (taken when an audit is asked) on allocations, cap hits, relaxed units and
/// the reported tie, with caps, minimums, zero weights, tie keys and every infeasibility policy.
/// </summary>
public class SeedCapped64Tests
{
    [Fact]
    public void SixtyFourBitPath_EqualsBigIntegerPath()
    {
        var gen = from m in Gen.Int[1, 12]
                  from w in Gen.Frequency((4, Gen.ULong[0, 20]), (2, Gen.ULong[0, 1_000_000]), (1, Gen.ULong[0, ulong.MaxValue])).Array[m]
                  from caps in Gen.Frequency((3, Gen.Long[0, 30]), (1, Gen.Const(long.MaxValue))).Array[m]
                  from lo in Gen.Long[0, 3].Array[m]
                  from keys in Gen.ULong[0, 3].Array[m]
                  from total in Gen.Long[0, 200]
                  from policy in Gen.Int[0, 2]
                  select (w, caps, lo, keys, total, policy);
        var compared = 0;
        gen.Sample(x =>
        {
            var caps = x.caps.Zip(x.lo, Math.Max).ToArray();
            var policy = (InfeasiblePolicy)x.policy;
            var weights = ExactWeights.FromIntegers(x.w);
            if (FastPathAgreement.Check(audit => BoundedApportionment.SeedCapped(x.total, weights, caps, x.keys, policy, x.lo, withAudit: audit)) is null)
            {
                return;
            }

            compared++;
        }, iter: 5_000);
        Assert.True(compared > 1_000, $"only {compared} feasible instances compared");
    }

    [Fact]
    public void FromDoubles_SixtyFourBitNumerators_AreTheExactValues()
    {
        // Similar magnitudes take the 64-bit path, wide spreads the big-integer one; both hold each double exactly:
        // numerator / denominator · (common power of two) = the double.
        var gen = Gen.Frequency((3, Gen.Double[0.001, 1.0]), (1, Gen.Double[0, 1e30]), (1, Gen.Const(0.0))).Array[1, 20];
        gen.Sample(ds =>
        {
            var w = ExactWeights.FromDoubles(ds);
            var nonZero = ds.Where(d => d > 0).ToArray();
            for (var i = 0; i < ds.Length; i++)
            {
                Assert.Equal(ds[i] == 0, w[i].IsZero);
            }

            if (nonZero.Length < 2)
            {
                return;
            }

            // Ratios are exact: w_i · exact(d_j) = w_j · exact(d_i) for every pair.
            var first = Array.FindIndex(ds, d => d > 0);
            for (var j = 0; j < ds.Length; j++)
            {
                if (ds[j] > 0)
                {
                    var (mi, ei) = Exact(ds[first]);
                    var (mj, ej) = Exact(ds[j]);
                    var shift = Math.Min(ei, ej);
                    Assert.Equal(w[first] * (mj << (ej - shift)), w[j] * (mi << (ei - shift)));
                }
            }
        }, iter: 3_000);

        static (System.Numerics.BigInteger Mantissa, int Exponent) Exact(double d)
        {
            var bits = BitConverter.DoubleToInt64Bits(d);
            var exp = (int)((bits >> 52) & 0x7FF);
            var man = bits & 0xF_FFFF_FFFF_FFFFL;
            return exp == 0 ? (man, -1074) : (man | (1L << 52), exp - 1075);
        }
    }
}
