using Allot.Core.Apportionment;
using Allot.Core.Errors;

namespace Allot.Core.Tests.Apportionment;

/// <summary>
/// One instance of a bounded method run on its big-integer path (asked for an audit) and on its fast path (64 or 128
/// bits): an error must be the same error, and otherwise every reported field must agree.
/// </summary>
internal static class FastPathAgreement
{
    /// <summary>The fast path's result, or null when the instance is an error on both paths.</summary>
    /// <param name="run">Runs the instance; the argument is <c>withAudit</c>.</param>
    public static BoundedResult? Check(Func<bool, BoundedResult> run)
    {
        BoundedResult slow;
        try
        {
            slow = run(true);
        }
        catch (AllotException e)
        {
            Assert.Equal(e.Code, Assert.Throws<AllotException>(() => run(false)).Code);
            return null;
        }

        var fast = run(false);
        Assert.Equal(slow.Allocation, fast.Allocation);
        Assert.Equal(slow.CapHit, fast.CapHit);
        Assert.Equal(slow.RelaxedUnits, fast.RelaxedUnits);
        Assert.Equal((slow.Missing, slow.Overflow), (fast.Missing, fast.Overflow));
        Assert.Equal(slow.Ties.Resolution, fast.Ties.Resolution);
        Assert.Equal(slow.Ties.Winners, fast.Ties.Winners);
        Assert.Equal(slow.Ties.Losers, fast.Ties.Losers);
        Assert.Equal(slow.Ties.CutoffRemainder, fast.Ties.CutoffRemainder);
        return fast;
    }
}
