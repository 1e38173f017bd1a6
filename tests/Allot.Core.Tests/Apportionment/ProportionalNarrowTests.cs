using Allot.Core.Apportionment;
using CsCheck;

namespace Allot.Core.Tests.Apportionment;

/// <summary>
/// The bounded proportional method's 128-bit path (weights below 2^64 and products that fit, no audit: what retail's
/// <c>--method optimal</c> runs per row) equals its big-integer path (taken when an audit is asked) on allocations, cap
/// hits, relaxed units and the reported tie — with caps, minimums, zero weights, tie keys (many ties), bounds up to
/// 2^62 and every infeasibility policy; instances that do not fit fall back and must agree too.
/// </summary>
public class ProportionalNarrowTests
{
    [Fact]
    public void OneTwentyEightBitPath_EqualsBigIntegerPath()
    {
        var gen = from m in Gen.Int[1, 12]
                  from w in Gen.Frequency((4, Gen.ULong[0, 6]), (2, Gen.ULong[0, 1_000_000]), (1, Gen.ULong[0, ulong.MaxValue])).Array[m]
                  from caps in Gen.Frequency((3, Gen.Long[0, 30]), (1, Gen.Long[0, 1L << 62]), (1, Gen.Const(long.MaxValue))).Array[m]
                  from lo in Gen.Long[0, 4].Array[m]
                  from keys in Gen.ULong[0, 3].Array[m]
                  from total in Gen.Frequency((5, Gen.Long[0, 200]), (1, Gen.Long[0, 1L << 62]))
                  from policy in Gen.Int[0, 2]
                  select (w, caps, lo, keys, total, policy);
        var compared = 0;
        var tied = 0;
        gen.Sample(x =>
        {
            var caps = x.caps.Zip(x.lo, Math.Max).ToArray();
            var policy = (InfeasiblePolicy)x.policy;
            var weights = ExactWeights.FromIntegers(x.w);
            if (FastPathAgreement.Check(audit => BoundedApportionment.Proportional(x.total, weights, x.lo, caps, x.keys, policy, withAudit: audit)) is not { } fast)
            {
                return;
            }

            compared++;
            tied += fast.Ties.Losers.Count > 0 ? 1 : 0;
        }, iter: 20_000);
        Assert.True(compared > 6_000, $"only {compared} feasible instances compared");
        Assert.True(tied > 300, $"only {tied} instances with a tie at the cutoff");
    }
}
