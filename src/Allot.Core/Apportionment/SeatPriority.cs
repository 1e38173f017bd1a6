using System.Globalization;
using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// The exact priority <c>w / d(k)</c> of a unit's <c>(k+1)</c>-th seat under a divisor method. Huntington–Hill's
/// divisors are square roots, so its priorities are irrational: they are held squared
/// (<see cref="IsSquared"/>), which orders them the same way. A divisor <c>d(0) = 0</c> gives an
/// <see cref="IsInfinite"/> priority; among those, the larger weight goes first.
/// </summary>
/// <param name="Value">The priority (or its square when <see cref="IsSquared"/>); meaningless when <see cref="IsInfinite"/>.</param>
/// <param name="IsSquared">True when <see cref="Value"/> is the square of the priority (Huntington–Hill).</param>
/// <param name="IsInfinite">True when the divisor is 0 (first seat under Adams, Dean, Huntington–Hill).</param>
public readonly record struct SeatPriority(ExactFraction Value, bool IsSquared, bool IsInfinite)
{
    internal static SeatPriority Of(BigInteger weight, BigInteger p, BigInteger q, int exponent)
    {
        if (p.IsZero)
        {
            return new SeatPriority(new ExactFraction(weight, 1), exponent == 2, true);
        }

        // priority^e = w^e / (p/q) = w^e·q / p.
        var num = exponent == 2 ? weight * weight * q : weight * q;
        return new SeatPriority(new ExactFraction(num, p), exponent == 2, false);
    }

    /// <summary><c>"∞"</c>, <c>"p/q"</c>, or <c>"sqrt(p/q)"</c> for a squared priority.</summary>
    public override string ToString() => IsInfinite
        ? "inf"
        : IsSquared ? string.Create(CultureInfo.InvariantCulture, $"sqrt({Value})") : Value.ToString();
}
