namespace Allot.Core.Random;

/// <summary>
/// Gamma(α, 1) exactly as the original engine draws it. α ≥ 1: Marsaglia–Tsang without the squeeze —
/// <c>d = α − 1/3</c>, <c>c = 1/sqrt(9d)</c>; per attempt a normal <c>n</c> (one block, 2 draws), <c>x = 1 + c·n</c>,
/// reject without a uniform when <c>x ≤ 0</c>, else <c>v = x·x·x</c>, one uniform <c>u</c>, accept when
/// <c>ln u &lt; 0.5·n·n + d − d·v + d·ln v</c> (left to right) and return <c>d·v</c>. α &lt; 1: the boost
/// <c>Gamma(α + 1) · u^(1/α)</c> with one extra uniform drawn after the inner gamma.
/// </summary>
public static class GammaSampler
{
    private const double OneThird = 1.0 / 3.0;

    /// <summary>One Gamma(<paramref name="alpha"/>, 1) variate from <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">α is not a finite number &gt; 0.</exception>
    public static double Next(ref PhiloxStream stream, double alpha)
    {
        if (!(alpha > 0.0) || double.IsInfinity(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Gamma shape α must be a finite number > 0.");
        }

        if (alpha < 1.0)
        {
            var g = MarsagliaTsang(ref stream, alpha + 1.0);
            var u = Uniforms.Next(ref stream);
            return g * Math.Pow(u, 1.0 / alpha);
        }

        return MarsagliaTsang(ref stream, alpha);
    }

    private static double MarsagliaTsang(ref PhiloxStream stream, double alpha)
    {
        var d = alpha - OneThird;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            var n = Normals.Next(ref stream);
            var x = 1.0 + (c * n);
            if (x <= 0.0)
            {
                continue; // one block (2 draws) consumed, no uniform: the accounting counts what was consumed.
            }

            var v = x * x * x;
            var u = Uniforms.Next(ref stream);
            if (Math.Log(u) < (0.5 * n * n) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }
}
