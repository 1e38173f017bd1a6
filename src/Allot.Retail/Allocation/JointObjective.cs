using System.Numerics;

namespace Allot.Retail.Allocation;

/// <summary>
/// The cost <c>--method joint</c> minimises, per (row, store) pair with exact rational target <c>t = ΔQty·w/W</c>
/// and integer quantity <c>x</c>: <c>f(x) = Σ_{k=1..x} c(k)</c> with integer marginal costs
/// <list type="bullet">
/// <item><c>c(k) = −S</c> for <c>k ≤ ⌊t⌋</c> (every unit up to the target saves one deviation unit);</item>
/// <item><c>c(⌊t⌋+1) = round_half_even(S·(1 − 2·frac(t)))</c> when <c>t</c> is fractional (the unit that crosses the target);</item>
/// <item><c>c(k) = S + j</c> for the <c>j</c>-th unit above <c>⌈t⌉</c> (one deviation unit plus a growing spread term).</item>
/// </list>
/// So <c>f(x) = S·|x − t|</c> (the crossing unit's fraction at resolution <c>1/S</c>) <c>+ j(j+1)/2</c> with
/// <c>j = max(0, x − ⌈t⌉)</c>, minus the constant <c>S·t</c>. The marginals never decrease, so <c>f</c> is convex and a
/// min-cost flow with one arc per marginal is exact. The spread term makes units that a binding store capacity pushes
/// out of their targets spread evenly over the row's other stores instead of landing on one.
/// </summary>
internal static class JointObjective
{
    /// <summary>Cost units per unit of deviation (<c>S = 2²⁰</c>).</summary>
    public const long Scale = 1L << 20;

    /// <summary>The marginal cost of the <paramref name="k"/>-th unit (1-based) for target <c>num/den</c> (num ≥ 0, den &gt; 0).</summary>
    public static long Marginal(BigInteger num, BigInteger den, long k) => JointTarget.Of(num, den).Marginal(k);

    /// <summary><c>f(x)</c> without the constant: Σ of the first <paramref name="x"/> marginals.</summary>
    public static long Cost(BigInteger num, BigInteger den, long x) => JointTarget.Of(num, den).Cost(x);

    /// <summary><c>round_half_even(n / d)</c> for <c>d &gt; 0</c>.</summary>
    internal static long RoundHalfEven(BigInteger n, BigInteger d)
    {
        var q = BigInteger.DivRem(n, d, out var r);
        if (r.Sign < 0)
        {
            q -= 1;
            r += d;
        }

        var twice = 2 * r;
        if (twice > d || (twice == d && !q.IsEven))
        {
            q += 1;
        }

        return (long)q;
    }
}

/// <summary>
/// A pair's exact target <c>t = num/den</c> as the objective needs it: <c>⌊t⌋</c>, whether <c>t</c> is whole, and the
/// crossing unit's cost. Derived once per pair (one big-integer division), so the marginals cost no arithmetic on
/// big integers and a problem of millions of pairs holds three numbers per pair instead of two big integers.
/// </summary>
/// <param name="Floor"><c>⌊t⌋</c>.</param>
/// <param name="Whole">True when <c>t</c> is an integer.</param>
/// <param name="Crossing">The marginal cost of unit <c>⌊t⌋ + 1</c> when <c>t</c> is not whole: <c>round_half_even(S·(1 − 2·frac(t)))</c>.</param>
internal readonly record struct JointTarget(long Floor, bool Whole, long Crossing)
{
    /// <summary>The target <c>num/den</c> (num ≥ 0, den &gt; 0).</summary>
    public static JointTarget Of(BigInteger num, BigInteger den)
    {
        var floor = (long)BigInteger.DivRem(num, den, out var rem);
        return rem.IsZero
            ? new JointTarget(floor, true, 0)
            : new JointTarget(floor, false, JointObjective.RoundHalfEven(JointObjective.Scale * (den - (2 * rem)), den));
    }

    /// <summary>The marginal cost of the <paramref name="k"/>-th unit (1-based).</summary>
    public long Marginal(long k)
    {
        if (k <= Floor)
        {
            return -JointObjective.Scale;
        }

        if (Whole)
        {
            return JointObjective.Scale + (k - Floor);
        }

        return k == Floor + 1 ? Crossing : JointObjective.Scale + (k - Floor - 1);
    }

    /// <summary>Σ of the first <paramref name="x"/> marginals.</summary>
    public long Cost(long x)
    {
        long sum = 0;
        for (long k = 1; k <= x; k++)
        {
            sum += Marginal(k);
        }

        return sum;
    }
}
