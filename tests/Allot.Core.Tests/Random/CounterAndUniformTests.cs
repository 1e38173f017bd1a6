using Allot.Core.Random;

namespace Allot.Core.Tests.Random;

public sealed class CounterAndUniformTests
{
    [Fact]
    public void Increment_CarriesFromLoIntoHi()
    {
        var c = new Counter128(5, ulong.MaxValue).Increment();
        Assert.Equal(new Counter128(6, 0), c);
        Assert.Equal(new Counter128(0, 0), new Counter128(ulong.MaxValue, ulong.MaxValue).Increment());
        Assert.Equal(new Counter128(5, 8), new Counter128(5, 7).Increment());
    }

    [Fact]
    public void Stream_AcrossTheLoWordBoundary_CountsBlocksAndCarries()
    {
        var stream = new PhiloxStream(42, new Counter128(3, ulong.MaxValue - 1));
        var first = stream.NextBlock(1);
        var second = stream.NextBlock(2);
        Assert.Equal(Philox2x64.Block(new Counter128(3, ulong.MaxValue - 1), 42), first);
        Assert.Equal(Philox2x64.Block(new Counter128(3, ulong.MaxValue), 42), second);
        Assert.Equal(new Counter128(4, 0), stream.Counter);
        Assert.Equal(2UL, stream.Blocks);
        Assert.Equal(3UL, stream.Draws);
        Assert.Equal((UInt128)2, Counter128.BlocksBetween(new Counter128(3, ulong.MaxValue - 1), stream.Counter));
    }

    [Fact]
    public void ToOpenUnit_MaxLane_DoesNotWrapAndClampsBelowOne()
    {
        // x0 + 1 = 2^64 exactly; wrapping would give 0. The product is exactly 1.0, which is clamped.
        Assert.Equal(BitConverter.Int64BitsToDouble(0x3FEFFFFFFFFFFFFF), Uniforms.ToOpenUnit(ulong.MaxValue));
        // Values that round up to 2^64 are clamped too.
        Assert.Equal(Uniforms.OneMinusUlp, Uniforms.ToOpenUnit(ulong.MaxValue - 1000));
        Assert.Equal(Math.ScaleB(1.0, -64), Uniforms.ToOpenUnit(0));
        Assert.True(Uniforms.ToOpenUnit(0) > 0.0);
    }

    [Fact]
    public void Constants_AreTheExactBinary64Values()
    {
        Assert.Equal(Uniforms.TwoPowMinus64, Math.ScaleB(1.0, -64));
        Assert.Equal(0x3FEFFFFFFFFFFFFFL, BitConverter.DoubleToInt64Bits(Uniforms.OneMinusUlp));
        Assert.Equal(0x401921FB54442D18L, BitConverter.DoubleToInt64Bits(Normals.Tau));
    }

    [Theory]
    [InlineData(0x1000000000000080UL - 1, 0x1000000000000000UL)] // x+1 = 2^60 + 2^7: tie, rounds to even (down)
    [InlineData(0x1000000000000180UL - 1, 0x1000000000000200UL)] // x+1 = 2^60 + 3·2^7: tie, rounds to even (up)
    [InlineData(0x1000000000000081UL - 1, 0x1000000000000100UL)] // just above the tie: up
    [InlineData(0x0020000000000001UL - 1, 0x0020000000000000UL)] // x+1 = 2^53 + 1: tie, even (down)
    public void ToOpenUnit_RoundsTheExactIntegerToNearestEven(ulong x, ulong expectedInteger)
    {
        Assert.Equal((double)expectedInteger * Math.ScaleB(1.0, -64), Uniforms.ToOpenUnit(x));
    }

    [Fact]
    public void Uniforms_AreInTheOpenUnitInterval_AndPairsBookTwoDraws()
    {
        var stream = new PhiloxStream(7, new Counter128(0, 0));
        for (var i = 0; i < 10_000; i++)
        {
            var u = Uniforms.Next(ref stream);
            Assert.InRange(u, double.Epsilon, Uniforms.OneMinusUlp);
        }

        var (u1, u2) = Uniforms.NextPair(ref stream);
        Assert.NotEqual(u1, u2);
        Assert.Equal(10_002UL, stream.Draws);
        Assert.Equal(10_001UL, stream.Blocks);
    }

    [Fact]
    public void Sampling_AllocatesNothingPerDraw()
    {
        var stream = new PhiloxStream(11, new Counter128(1, 2));
        Span<double> alpha = [0.4, 1.0, 2.5, 7.0];
        Span<double> gamma = stackalloc double[4];
        Span<double> weights = stackalloc double[4];
        Dirichlet.Sample(ref stream, alpha, gamma, weights); // warm up (JIT)
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var i = 0; i < 10_000; i++)
        {
            sum += Dirichlet.Sample(ref stream, alpha, gamma, weights);
            sum += Normals.Next(ref stream);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }
}
