namespace Allot.Core.Random;

/// <summary>
/// The engine's open-interval uniform mapping: <c>u = double(x + 1) · 2^-64</c> where <c>x + 1</c> is the exact
/// integer (it is 2^64 when x = 2^64 − 1: it must not wrap to 0) rounded to the nearest double; a result of
/// exactly 1.0 is replaced by <c>0x1.fffffffffffffp-1</c> so that <c>u ∈ (0, 1)</c>.
/// </summary>
public static class Uniforms
{
    /// <summary>2^-64.</summary>
    public const double TwoPowMinus64 = 5.421010862427522e-20;

    /// <summary>The largest double below 1 (<c>0x1.fffffffffffffp-1</c>).</summary>
    public const double OneMinusUlp = 0.99999999999999989;

    /// <summary>Maps one 64-bit lane to <c>(0, 1)</c> as described on the type.</summary>
    public static double ToOpenUnit(ulong x)
    {
        // Trap: x + 1 can be 2^64. UInt128 holds it exactly; its conversion to double rounds to nearest-even.
        var u = (double)((UInt128)x + 1) * TwoPowMinus64;
        return u == 1.0 ? OneMinusUlp : u;
    }

    /// <summary>One uniform: one block, lane x0 only (x1 discarded); blocks += 1, draws += 1.</summary>
    public static double Next(ref PhiloxStream stream) => ToOpenUnit(stream.NextBlock(1).X0);

    /// <summary>A uniform pair: one block, both lanes; blocks += 1, draws += 2.</summary>
    public static (double U1, double U2) NextPair(ref PhiloxStream stream)
    {
        var block = stream.NextBlock(2);
        return (ToOpenUnit(block.X0), ToOpenUnit(block.X1));
    }
}
