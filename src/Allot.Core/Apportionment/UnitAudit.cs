namespace Allot.Core.Apportionment;

/// <summary>What the kernel decided for one unit, with the exact numbers behind it.</summary>
/// <param name="Unit">0-based index of the unit in the call.</param>
/// <param name="Quota">Exact quota <c>T·w/W</c>.</param>
/// <param name="Floor">The integer part of the quota (after bounds, for bounded methods).</param>
/// <param name="Remainder">Exact remainder (quota − floor) in [0, 1).</param>
/// <param name="RemainderRank">1-based position in the tie order (1 = largest remainder); 0 for divisor methods, which do not rank remainders.</param>
/// <param name="ReceivedExtra">True when the unit got a <c>+1</c> for the shortfall; for divisor methods, when it received more than the floor of its quota.</param>
/// <param name="Allocation">The final integer allocation.</param>
/// <param name="Bound">Which bound, if any, is binding on the final allocation.</param>
public sealed record UnitAudit(
    int Unit,
    ExactFraction Quota,
    long Floor,
    ExactFraction Remainder,
    int RemainderRank,
    bool ReceivedExtra,
    long Allocation,
    BindingBound Bound)
{
    /// <summary>The unit's key, when the call named units by key (<see cref="Apportion.ByKey{TKey}(long, IEnumerable{KeyValuePair{TKey, long}}, ApportionmentMethod, KeyedApportionmentOptions{TKey})"/>); else null.</summary>
    public string? Key { get; init; }

    /// <summary>Divisor methods: the priority of the unit's last seat above its minimum (null when it has none).</summary>
    public SeatPriority? LastSeatPriority { get; init; }

    /// <summary>Divisor methods: the priority its next seat would have had (null when it is at its cap or has no weight).</summary>
    public SeatPriority? NextSeatPriority { get; init; }
}

/// <summary>Which bound holds a unit's allocation in place.</summary>
public enum BindingBound
{
    /// <summary>No bound is binding.</summary>
    None,

    /// <summary>The unit sits at its lower bound (minimum) and the proportional share was below it.</summary>
    Lower,

    /// <summary>The unit sits at its upper bound (cap).</summary>
    Upper,

    /// <summary>The unit's weight is zero; it receives only what its lower bound forces.</summary>
    ZeroWeight,
}
