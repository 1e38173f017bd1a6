namespace Allot.Core.Apportionment;

/// <summary>
/// Divisor (highest-averages) methods. Each hands out units one at a time to the unit with the highest priority
/// <c>wᵢ / d(nᵢ)</c>, where <c>nᵢ</c> is what the unit already holds. All are house-monotone (no Alabama paradox).
/// </summary>
public enum DivisorMethod
{
    /// <summary>Jefferson / D'Hondt: <c>d(n) = n + 1</c>. Favours larger units; satisfies lower quota.</summary>
    DHondt,

    /// <summary>Webster / Sainte-Laguë: <c>d(n) = n + ½</c>.</summary>
    SainteLague,

    /// <summary>Huntington–Hill (equal proportions, the US House method): <c>d(n) = √(n(n+1))</c>; <c>d(0) = 0</c>.</summary>
    HuntingtonHill,

    /// <summary>Adams (smallest divisors): <c>d(n) = n</c>; <c>d(0) = 0</c>. Favours smaller units.</summary>
    Adams,

    /// <summary>Dean (harmonic mean): <c>d(n) = n(n+1)/(n+½)</c>; <c>d(0) = 0</c>.</summary>
    Dean,

    /// <summary>
    /// Modified Sainte-Laguë (Scandinavian): Sainte-Laguë with the first divisor raised to 1.4 on the 1, 3, 5, …
    /// scale, i.e. <c>d(0) = 0.7</c> and <c>d(n) = n + ½</c> for <c>n ≥ 1</c>. Makes a first seat harder to win.
    /// </summary>
    ModifiedSainteLague,
}
