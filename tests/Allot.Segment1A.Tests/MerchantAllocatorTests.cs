using Allot.Core.Errors;
using Allot.Core.Random;
using Allot.Segment1A;
using Allot.Segment1A.Dirichlet;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Tests;

public sealed class MerchantAllocatorTests
{
    private static readonly MasterMaterial Master = MasterMaterial.Derive(1234, string.Concat(Enumerable.Repeat("ab", 32)));

    private static MerchantDraw Allocate(long id, long n, string[] isos, double[] alpha, double[] gamma, double[] weights, long[] counts)
    {
        var m = isos.Length;
        return MerchantAllocator.Allocate(Master, id, n, isos.Select(IsoCode.Pack).ToArray(), alpha, gamma, weights, new IntegerisationBuffers(new long[m], new long[m], new int[m], counts));
    }

    [Fact]
    public void Allocate_MatchesThePythonReferenceBitForBit()
    {
        // s7_reference.allocate(master(1234, "ab"*32), 42, 17, ["DE","FR","GB"], [0.7, 1.3, 2.0])
        var gamma = new double[3];
        var weights = new double[3];
        var counts = new long[3];
        var draw = Allocate(42, 17, ["DE", "FR", "GB"], [0.7, 1.3, 2.0], gamma, weights, counts);
        Assert.Equal([0.030663435336654093, 0.6862604665742633, 1.6868073497548917], gamma);
        Assert.Equal([0.012756598856633425, 0.2854980007014836, 0.7017454004418829], weights);
        Assert.Equal([0L, 5, 12], counts);
        Assert.Equal(10UL, draw.Draws);
        Assert.Equal(7UL, draw.Blocks);
        Assert.Equal((UInt128)7, Counter128.BlocksBetween(draw.GammaBefore, draw.GammaAfter));
        Assert.Equal(SubstreamDerivation.Derive(Master, "dirichlet_gamma_vector", 42UL).Counter, draw.GammaBefore);
    }

    [Fact]
    public void Allocate_DomesticOnly_ConsumesNoRandomness()
    {
        var counts = new long[1];
        var weights = new double[1];
        var draw = Allocate(7, 12, ["GB"], [0.0], new double[1], weights, counts);
        Assert.Equal(0UL, draw.Draws);
        Assert.Equal(0UL, draw.Blocks);
        Assert.Equal(1.0, weights[0]);
        Assert.Equal(12L, counts[0]);
        Assert.Equal(SubstreamDerivation.Derive(Master, "residual_rank", 7UL).Counter, draw.ResidualCounter);
    }

    [Fact]
    public void Allocate_AllGammasUnderflow_IsDirichletSum()
    {
        var ex = Assert.Throws<AllotException>(() => Allocate(9, 5, ["DE", "FR"], [1e-300, 1e-300], new double[2], new double[2], new long[2]));
        Assert.Equal(S7Errors.DirichletSum, ex.Code);
        Assert.Contains("merchant_id=9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_NonPositiveAlpha_IsDirichletNonPositive()
    {
        var ex = Assert.Throws<AllotException>(() => Allocate(9, 5, ["DE", "FR"], [1.0, 0.0], new double[2], new double[2], new long[2]));
        Assert.Equal(S7Errors.DirichletNonPositive, ex.Code);
    }
}
