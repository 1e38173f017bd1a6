using System.Globalization;
using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// An exact non-negative rational number <c>Numerator / Denominator</c> in lowest terms (the denominator is ≥ 1),
/// as the audit records quotas, remainders and divisor priorities. Immutable; compare with <see cref="CompareTo"/>.
/// </summary>
/// <remarks>
/// Binary64 inputs give exact but large fractions: <c>0.1</c> is the double
/// <c>3602879701896397 / 2^55</c>, not 1/10, so quotas of <see cref="ExactWeights.FromDoubles"/> weights carry
/// power-of-two denominators such as <c>36028797018963968</c>. Nothing was rounded; the fraction is the value the
/// double really holds. Pass decimals (<see cref="ExactWeights.FromDecimals"/>) when the weights are decimal literals.
/// </remarks>
public readonly record struct ExactFraction : IComparable<ExactFraction>
{
    /// <summary>Creates <c>numerator/denominator</c> reduced to lowest terms.</summary>
    /// <exception cref="ArgumentOutOfRangeException">when the denominator is not positive or the numerator is negative.</exception>
    public ExactFraction(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "the denominator must be positive.");
        }

        if (numerator.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), numerator, "audit fractions are non-negative.");
        }

        var g = numerator.IsZero ? denominator : BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = numerator / g;
        Denominator = denominator / g;
    }

    /// <summary>The numerator (≥ 0), in lowest terms.</summary>
    public BigInteger Numerator { get; }

    /// <summary>The denominator (≥ 1), in lowest terms.</summary>
    public BigInteger Denominator { get; }

    /// <summary>True when the value is a whole number.</summary>
    public bool IsInteger => Denominator.IsOne;

    /// <summary>Orders by value, exactly (cross-multiplication).</summary>
    public int CompareTo(ExactFraction other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary><c>"p/q"</c>, or <c>"p"</c> for a whole number.</summary>
    public override string ToString() => Denominator.IsOne
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");
}
