using Allot.Core.Apportionment;

namespace Allot.Core.Tests.Apportionment;

public class DivisorExamplesTests
{
    [Fact]
    public void HuntingtonHill_UsHouse2020_ReproducesOfficialSeats()
    {
        var r = DivisorApportionment.Apportion(
            DivisorMethod.HuntingtonHill,
            435,
            ExactWeights.FromIntegers(UsHouse2020.Population),
            TieKeys.FromOrdinalStrings(UsHouse2020.States),
            lower: Enumerable.Repeat(1L, 50).ToArray());
        Assert.Equal(UsHouse2020.Seats, r.Allocation);
    }

    [Fact]
    public void SainteLague_ElectionExample()
    {
        ulong[] votes = [11828277, 9990488, 6316080, 5155933, 4643272, 2830238];
        var r = DivisorApportionment.Apportion(DivisorMethod.SainteLague, 598, ExactWeights.FromIntegers(votes));
        Assert.Equal([173, 146, 93, 76, 68, 42], r.Allocation);
    }

    [Fact]
    public void SainteLague_SixteenParties()
    {
        ulong[] votes = [430739, 143607, 242942, 1297940, 102419, 348216, 202850, 348082, 2678956, 328753, 812721, 216593, 520990, 1120018, 1051198, 144464];
        var r = DivisorApportionment.Apportion(DivisorMethod.SainteLague, 146, ExactWeights.FromIntegers(votes));
        Assert.Equal([6, 2, 4, 19, 2, 5, 3, 5, 39, 5, 12, 3, 8, 16, 15, 2], r.Allocation);
    }

    [Theory]
    [InlineData(DivisorMethod.HuntingtonHill)]
    [InlineData(DivisorMethod.Adams)]
    [InlineData(DivisorMethod.Dean)]
    public void ZeroDivisorMethods_GiveEveryPositiveUnitOneFirst(DivisorMethod method)
    {
        var r = DivisorApportionment.Apportion(method, 3, ExactWeights.FromIntegers([100UL, 1, 0, 10, 0]));
        Assert.Equal([1, 1, 0, 1, 0], r.Allocation);
    }

    [Fact]
    public void DHondt_FavoursLargeUnits()
    {
        var r = DivisorApportionment.Apportion(DivisorMethod.DHondt, 3, ExactWeights.FromIntegers([100UL, 1, 0, 10, 0]));
        Assert.Equal([3, 0, 0, 0, 0], r.Allocation);

        // Classic D'Hondt table: 8 seats, votes 100k/80k/30k/20k → 4/3/1/0.
        Assert.Equal([4, 3, 1, 0], DivisorApportionment.Apportion(DivisorMethod.DHondt, 8, ExactWeights.FromIntegers([100_000UL, 80_000, 30_000, 20_000])).Allocation);
    }

    [Fact]
    public void Divisor_EqualPriorities_TieKeyDecides()
    {
        var r = DivisorApportionment.Apportion(DivisorMethod.DHondt, 1, ExactWeights.FromIntegers([5UL, 5]), [9, 3]);
        Assert.Equal([0, 1], r.Allocation);
    }

    [Fact]
    public void Divisor_WithCaps_RespectsThem()
    {
        var r = DivisorApportionment.Apportion(DivisorMethod.SainteLague, 10, ExactWeights.FromIntegers([90UL, 10]), upper: [6, 10]);
        Assert.Equal([6, 4], r.Allocation);
        Assert.True(r.CapHit[0]);
    }
}
