using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// A divisor method given as data: the divisors <c>d(0) &lt; d(1) &lt; …</c> as exact fractions. A unit holding
/// <c>k</c> seats has priority <c>w / d(k)</c>. Only <c>d(0)</c> may be 0 (every positive unit then gets a seat
/// before anyone gets a second). The sequence must hold at least as many divisors as the total. Immutable.
/// </summary>
/// <example>
/// Modified Sainte-Laguë on the 1, 3, 5, … scale is <c>DivisorSequence.FromDecimals([1.4m, 3, 5, 7, 9])</c> (for at
/// most five seats); the built-in <see cref="DivisorMethod.ModifiedSainteLague"/> covers any total.
/// </example>
public sealed class DivisorSequence
{
    private readonly (BigInteger P, BigInteger Q)[] _divisors;

    private DivisorSequence((BigInteger P, BigInteger Q)[] divisors, string name)
    {
        _divisors = divisors;
        Name = name;
    }

    /// <summary>How many divisors the sequence holds (the most seats one unit can receive).</summary>
    public int Count => _divisors.Length;

    /// <summary>The name used in audits (<c>divisors</c> unless given).</summary>
    public string Name { get; }

    /// <summary>Divisor <paramref name="k"/> as an exact fraction.</summary>
    public ExactFraction this[int k] => new(_divisors[k].P, _divisors[k].Q);

    internal (BigInteger P, BigInteger Q) At(long k) => _divisors[k];

    /// <summary>Divisors given as exact fractions <c>numerator/denominator</c>.</summary>
    /// <exception cref="Errors.AllotException"><see cref="ApportionmentErrors.InvalidDivisors"/> when the sequence is empty, not strictly increasing, negative, or has a zero after the first entry.</exception>
    public static DivisorSequence FromRationals(IEnumerable<(BigInteger Numerator, BigInteger Denominator)> divisors, string name = "divisors")
    {
        ArgumentNullException.ThrowIfNull(divisors);
        var list = new List<(BigInteger, BigInteger)>();
        foreach (var (num, den) in divisors)
        {
            var i = list.Count;
            if (den.Sign <= 0 || num.Sign < 0)
            {
                throw ApportionmentErrors.Error(ApportionmentErrors.InvalidDivisors, $"divisor {i} ({num}/{den}) must be a non-negative fraction with a positive denominator.");
            }

            var f = new ExactFraction(num, den);
            if (i > 0)
            {
                var prev = new ExactFraction(list[i - 1].Item1, list[i - 1].Item2);
                if (f.CompareTo(prev) <= 0)
                {
                    throw ApportionmentErrors.Error(ApportionmentErrors.InvalidDivisors, $"divisor {i} ({f}) is not above divisor {i - 1} ({prev}): divisors must strictly increase.");
                }
            }

            list.Add((f.Numerator, f.Denominator));
        }

        if (list.Count == 0)
        {
            throw ApportionmentErrors.Error(ApportionmentErrors.InvalidDivisors, "the divisor sequence is empty.");
        }

        return new DivisorSequence(list.ToArray(), name);
    }

    /// <summary>Divisors given as decimals (read exactly).</summary>
    /// <exception cref="Errors.AllotException"><see cref="ApportionmentErrors.InvalidDivisors"/> as for <see cref="FromRationals"/>.</exception>
    public static DivisorSequence FromDecimals(IEnumerable<decimal> divisors, string name = "divisors")
    {
        ArgumentNullException.ThrowIfNull(divisors);
        return FromRationals(divisors.Select(ToRational), name);
    }

    private static (BigInteger, BigInteger) ToRational(decimal d)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(d, bits);
        var mag = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        return (d < 0 ? -mag : mag, BigInteger.Pow(10, d.Scale));
    }
}
