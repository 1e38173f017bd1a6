namespace Allot.Core.Random;

/// <summary>
/// Standard normals by Box–Muller from one uniform pair: <c>sqrt(−2·ln u1) · cos(TAU · u2)</c>; the sine partner
/// is discarded. Evaluated in exactly that order in binary64; C# never contracts <c>a*b+c</c> into a fused
/// multiply-add unless <see cref="Math.FusedMultiplyAdd"/> is called, and this code never calls it.
/// </summary>
public static class Normals
{
    /// <summary>2π as the engine spells it: <c>0x1.921fb54442d18p+2</c>.</summary>
    public const double Tau = 6.283185307179586;

    /// <summary>One standard normal: one block (a pair), blocks += 1, draws += 2.</summary>
    public static double Next(ref PhiloxStream stream)
    {
        var (u1, u2) = Uniforms.NextPair(ref stream);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(Tau * u2);
    }
}
