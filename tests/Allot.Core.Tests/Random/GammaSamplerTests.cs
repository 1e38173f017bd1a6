using Allot.Core.Random;

namespace Allot.Core.Tests.Random;

public sealed class GammaSamplerTests
{
    private static PhiloxStream UnitTestStream() =>
        SubstreamDerivation.Derive(MasterMaterial.Derive(1234, string.Concat(Enumerable.Repeat("ab", 32))), "unit_test");

    // Produced by the independent Python reference (bench/reference/segment1a/s7_reference.py) on Linux x64.
    [Theory]
    [InlineData(0.3, "0x1.e76fb99e1c86dp-7,0x1.4cd283fe91210p-16,0x1.22bd69ee9a1c3p-5,0x1.c66e3a30a007ep-2,0x1.1ac38e6d953d1p-2", 20, 15)]
    [InlineData(1.0, "0x1.adf54af8e68d0p-1,0x1.0363fdebf9865p+0,0x1.88b8ba5bb13d5p-2,0x1.34d6545cc38c5p+2,0x1.289f310852b8dp+1", 18, 12)]
    [InlineData(2.5, "0x1.3be82aa46a53dp+1,0x1.605790800b76ep+1,0x1.9d5c93982dd36p+0,0x1.e55a04e7d88a8p+2,0x1.3df99f1d83c64p+2", 15, 10)]
    [InlineData(0.05, "0x1.06ff646f20a4dp-38,0x1.77d10b5d95b5cp-90,0x1.b7998cd00e6b0p-42,0x1.b87d81da7760bp-9,0x1.40a957414f9dfp-9", 20, 15)]
    public void Gamma_MatchesTheReferenceBitForBit(double alpha, string expectedHex, int draws, int blocks)
    {
        var stream = UnitTestStream();
        var expected = expectedHex.Split(',').Select(HexFloat.Parse).ToArray();
        foreach (var e in expected)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(e), BitConverter.DoubleToInt64Bits(GammaSampler.Next(ref stream, alpha)));
        }

        Assert.Equal((ulong)draws, stream.Draws);
        Assert.Equal((ulong)blocks, stream.Blocks);
    }

    [Fact]
    public void Normals_MatchTheReference()
    {
        var stream = UnitTestStream();
        Assert.Equal(0.19591094162175976, Normals.Next(ref stream));
        Assert.Equal(-0.2655774091218734, Normals.Next(ref stream));
        Assert.Equal(0.36680084629894566, Normals.Next(ref stream));
        Assert.Equal(6UL, stream.Draws);
        Assert.Equal(3UL, stream.Blocks);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Gamma_NonPositiveOrNonFiniteShape_Throws(double alpha)
    {
        var stream = UnitTestStream();
        Assert.Throws<ArgumentOutOfRangeException>(() => GammaSampler.Next(ref stream, alpha));
        Assert.Equal(0UL, stream.Draws);
    }

    [Fact]
    public void Gamma_AlphaJustBelowOne_UsesTheBoostWithOneExtraUniform()
    {
        var below = Math.BitDecrement(1.0);
        var a = UnitTestStream();
        var b = UnitTestStream();
        var boosted = GammaSampler.Next(ref a, below);

        // Same draws by hand: inner Gamma(α + 1) then one uniform and the power transform.
        var inner = GammaSampler.Next(ref b, below + 1.0);
        var innerDraws = b.Draws;
        var u = Uniforms.Next(ref b);
        Assert.Equal(inner * Math.Pow(u, 1.0 / below), boosted);
        Assert.Equal(innerDraws + 1, a.Draws);
        Assert.Equal(b.Blocks, a.Blocks);
    }

    [Fact]
    public void Gamma_AlphaOneAndJustAbove_UseMarsagliaTsangWithoutBoost()
    {
        foreach (var alpha in new[] { 1.0, Math.BitIncrement(1.0) })
        {
            var stream = UnitTestStream();
            GammaSampler.Next(ref stream, alpha);
            // Without rejections at x ≤ 0 every attempt books exactly 3 draws in 2 blocks.
            Assert.Equal(0UL, stream.Draws % 3);
            Assert.Equal(stream.Draws / 3 * 2, stream.Blocks);
        }
    }

    [Fact]
    public void Gamma_AttemptRejectedAtNonPositiveX_BooksOneBlockTwoDrawsAndNoUniform()
    {
        const double alpha = 1.0;
        var c = 1.0 / Math.Sqrt(9.0 * (alpha - (1.0 / 3.0)));
        var key = 99UL;
        ulong lo = 0;
        while (true)
        {
            var probe = new PhiloxStream(key, new Counter128(0, lo));
            if (1.0 + (c * Normals.Next(ref probe)) <= 0.0)
            {
                break;
            }

            lo++;
        }

        var stream = new PhiloxStream(key, new Counter128(0, lo));
        GammaSampler.Next(ref stream, alpha);
        var attempts = (2 * stream.Blocks) - stream.Draws; // full attempts: 2 blocks, 3 draws each
        var rejectedAtX = stream.Blocks - (2 * attempts); // x ≤ 0 attempts: 1 block, 2 draws each
        Assert.True(rejectedAtX >= 1);
        Assert.Equal((3 * attempts) + (2 * rejectedAtX), stream.Draws);
        Assert.NotEqual(0UL, stream.Draws % 3);
    }

    [Fact]
    public void Gamma_VerySmallAlpha_UnderflowsToZero()
    {
        var stream = UnitTestStream();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(0.0, GammaSampler.Next(ref stream, 1e-5));
        }
    }

    [Fact]
    public void Dirichlet_AllGammasUnderflow_ReturnsZeroSum()
    {
        var stream = UnitTestStream();
        Span<double> gamma = stackalloc double[3];
        Span<double> weights = [-1, -1, -1];
        var sum = Dirichlet.Sample(ref stream, [1e-6, 1e-7, 1e-5], gamma, weights);
        Assert.Equal(0.0, sum);
        Assert.Equal(-1.0, weights[0]);
    }

    [Fact]
    public void Dirichlet_NormalisesByTheLeftFoldSum()
    {
        var stream = UnitTestStream();
        Span<double> gamma = stackalloc double[3];
        Span<double> weights = stackalloc double[3];
        var sum = Dirichlet.Sample(ref stream, [0.7, 1.3, 2.0], gamma, weights);
        Assert.Equal((gamma[0] + gamma[1]) + gamma[2], sum);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(gamma[i] / sum, weights[i]);
        }
    }
}
