using Allot.Core.Apportionment;
using Allot.Core.Errors;

namespace Allot.Core.Tests.Apportionment;

/// <summary>Issue #12: ties are reported under every method, refusable, and breakable by a drawn order.</summary>
public class TieTests
{
    public static TheoryData<DivisorMethod> AllDivisorMethods =>
    [
        DivisorMethod.DHondt, DivisorMethod.SainteLague, DivisorMethod.ModifiedSainteLague,
        DivisorMethod.HuntingtonHill, DivisorMethod.Adams, DivisorMethod.Dean,
    ];

    private static ExactWeights W(params ulong[] w) => ExactWeights.FromIntegers(w);

    [Fact]
    public void DHondt_TwoOneOneTwoTwo_TwoSeats_ReportsThreeWayTieAtPriorityTwo()
    {
        var r = DivisorApportionment.Apportion(DivisorMethod.DHondt, 2, W(2, 1, 1, 2, 2), withAudit: true);

        Assert.Equal([1, 0, 0, 1, 0], r.Allocation);
        Assert.Equal(TieResolution.DeclaredOrder, r.Ties.Resolution);
        Assert.Equal([0, 3], r.Ties.Winners);
        Assert.Equal([4], r.Ties.Losers);
        Assert.Equal(new ExactFraction(2, 1), r.Ties.CutoffPriority!.Value.Value);
        Assert.Equal(3, r.Audit!.TiedAtCutoff);
        Assert.Equal(2, r.Audit.TiesResolvedBySecondaryKey);
        Assert.Equal([0, 3], r.Audit.Seats!.Select(s => s.Unit));
        Assert.All(r.Audit.Seats!, s => Assert.True(s.DecidedByTie));
    }

    [Fact]
    public void DHondt_TwoOneOneTwoTwo_DrawnOrder_GivesTheOtherSideOfTheTie()
    {
        var r = DivisorApportionment.Apportion(DivisorMethod.DHondt, 2, W(2, 1, 1, 2, 2), ties: TiePolicy.Lots([4, 3, 0]));
        Assert.Equal([0, 0, 0, 1, 1], r.Allocation);
        Assert.Equal(TieResolution.Lots, r.Ties.Resolution);
        Assert.Equal([4, 3], r.Ties.Winners);
    }

    [Fact]
    public void DHondt_TwoOneOneTwoTwo_FailPolicy_RefusesNamingTheTiedUnits()
    {
        var e = Assert.Throws<AllotException>(() => DivisorApportionment.Apportion(DivisorMethod.DHondt, 2, W(2, 1, 1, 2, 2), ties: TiePolicy.Fail));
        Assert.Equal(ApportionmentErrors.TieRequiresLots, e.Code);
        Assert.Contains("units 0, 3, 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("drawing of lots required", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllDivisorMethods))]
    public void EveryDivisorMethod_ElevenElevenEleven_FourSeats_TieForTheLastSeat(DivisorMethod method)
    {
        var declared = DivisorApportionment.Apportion(method, 4, W(11, 11, 11));
        Assert.Equal([2, 1, 1], declared.Allocation);
        Assert.Equal([0], declared.Ties.Winners);
        Assert.Equal([1, 2], declared.Ties.Losers);
        Assert.Equal(3, declared.Ties.TiedUnits);

        // Both sides of the tie are valid: the drawn order or the tie keys pick another unit.
        Assert.Equal([1, 1, 2], DivisorApportionment.Apportion(method, 4, W(11, 11, 11), ties: TiePolicy.Lots([2, 0, 1])).Allocation);
        Assert.Equal([1, 2, 1], DivisorApportionment.Apportion(method, 4, W(11, 11, 11), tieKeys: [9, 3, 5]).Allocation);

        var e = Assert.Throws<AllotException>(() => DivisorApportionment.Apportion(method, 4, W(11, 11, 11), ties: TiePolicy.Fail));
        Assert.Equal(ApportionmentErrors.TieRequiresLots, e.Code);
        Assert.Contains("units 0, 1, 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllDivisorMethods))]
    public void EveryDivisorMethod_TieAboveTheCutoff_IsNoTie(DivisorMethod method)
    {
        var r = DivisorApportionment.Apportion(method, 3, W(11, 11, 11), ties: TiePolicy.Fail, withAudit: true);
        Assert.Equal([1, 1, 1], r.Allocation);
        Assert.False(r.Ties.HasTie);
        Assert.Equal(0, r.Audit!.TiedAtCutoff);
    }

    [Fact]
    public void Adams_EqualWeightsAtInfinitePriority_TieIsReported()
    {
        var r = DivisorApportionment.Apportion(DivisorMethod.Adams, 2, W(5, 3, 3));
        Assert.Equal([1, 1, 0], r.Allocation);
        Assert.True(r.Ties.CutoffPriority!.Value.IsInfinite);
        Assert.Equal([1], r.Ties.Winners);
        Assert.Equal([2], r.Ties.Losers);
    }

    [Fact]
    public void Hamilton_TieAtCutoff_ReportedRefusedAndDrawn()
    {
        var audit = LargestRemainder.ApportionWithAudit(5, W(700, 300));
        Assert.Equal([0], audit.Ties.Winners);
        Assert.Equal([1], audit.Ties.Losers);
        Assert.Equal(new ExactFraction(1, 2), audit.Ties.CutoffRemainder);

        Assert.Equal(ApportionmentErrors.TieRequiresLots, Assert.Throws<AllotException>(() => LargestRemainder.ApportionWithAudit(5, W(700, 300), ties: TiePolicy.Fail)).Code);
        var drawn = LargestRemainder.ApportionWithAudit(5, W(700, 300), ties: TiePolicy.Lots([1, 0]));
        Assert.Equal([3L, 2L], drawn.Units.Select(u => u.Allocation));
        Assert.Equal(TieResolution.Lots, drawn.Ties.Resolution);
    }

    [Fact]
    public void Proportional_TieAtCutoff_ReportedWithoutAudit_AndRefusable()
    {
        var r = BoundedApportionment.Proportional(3, W(1, 1, 1, 1), default, default, default, InfeasiblePolicy.Fail);
        Assert.Null(r.Audit);
        Assert.Equal(4, r.Ties.TiedUnits);
        Assert.Equal(ApportionmentErrors.TieRequiresLots, Assert.Throws<AllotException>(() => BoundedApportionment.Proportional(3, W(1, 1, 1, 1), default, default, default, InfeasiblePolicy.Fail, ties: TiePolicy.Fail)).Code);
    }

    [Fact]
    public void Lots_NotListingATiedUnit_RequiresLots()
    {
        var e = Assert.Throws<AllotException>(() => DivisorApportionment.Apportion(DivisorMethod.DHondt, 4, W(11, 11, 11), ties: TiePolicy.Lots([2, 0])));
        Assert.Equal(ApportionmentErrors.TieRequiresLots, e.Code);
        Assert.Contains("does not list every tied unit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lots_UnknownOrRepeatedUnit_IsInvalidLots()
    {
        Assert.Equal(ApportionmentErrors.InvalidLots, Assert.Throws<AllotException>(() => DivisorApportionment.Apportion(DivisorMethod.DHondt, 4, W(11, 11, 11), ties: TiePolicy.Lots([3]))).Code);
        Assert.Equal(ApportionmentErrors.InvalidLots, Assert.Throws<AllotException>(() => DivisorApportionment.Apportion(DivisorMethod.DHondt, 4, W(11, 11, 11), ties: TiePolicy.Lots([1, 1]))).Code);
    }

    [Fact]
    public void TieSummary_IsTheSameWithAndWithoutAudit()
    {
        var plain = DivisorApportionment.Apportion(DivisorMethod.SainteLague, 4, W(11, 11, 11));
        var audited = DivisorApportionment.Apportion(DivisorMethod.SainteLague, 4, W(11, 11, 11), withAudit: true);
        Assert.Equal(plain.Ties.TiedUnits, audited.Audit!.TiedAtCutoff);
        Assert.Equal(plain.Ties.Winners, audited.Ties.Winners);
    }

    [Theory]
    [MemberData(nameof(AllDivisorMethods))]
    public void EveryDivisorMethod_AllZeroWeights_IsAllZeroWeights(DivisorMethod method)
    {
        var e = Assert.Throws<AllotException>(() => DivisorApportionment.Apportion(method, 3, W(0, 0, 0)));
        Assert.Equal(ApportionmentErrors.AllZeroWeights, e.Code);
        Assert.Equal(ApportionmentErrors.AllZeroWeights, Assert.Throws<AllotException>(() => DivisorApportionment.Apportion(method, 2, W(0, 0), lower: [1, 1])).Code);
        Assert.Equal([0, 0, 0], DivisorApportionment.Apportion(method, 0, W(0, 0, 0)).Allocation);
    }
}
