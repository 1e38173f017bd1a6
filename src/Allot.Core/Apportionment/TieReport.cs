namespace Allot.Core.Apportionment;

/// <summary>How a tie at the cutoff was decided.</summary>
public enum TieResolution
{
    /// <summary>No tie straddled the cutoff: the result did not depend on the tie order.</summary>
    None,

    /// <summary>The declared order (tie key ascending, then input position) decided.</summary>
    DeclaredOrder,

    /// <summary>The drawn order of <see cref="TiePolicy.Lots(IReadOnlyList{int})"/> decided.</summary>
    Lots,
}

/// <summary>
/// The tie at the cutoff of one call: units whose primary key (remainder for largest-remainder methods, seat
/// priority for divisor methods) equals the last one that received a unit, when some of them got it and some
/// did not. Both sides of such a tie are equally valid apportionments; the tie order chose one. Computed on every
/// call, whether or not an audit was requested.
/// </summary>
/// <param name="Resolution">How the tie was decided, or <see cref="TieResolution.None"/>.</param>
/// <param name="Winners">Tied units (0-based) that received the contested unit(s), in tie order.</param>
/// <param name="Losers">Tied units (0-based) that did not, in tie order.</param>
/// <param name="CutoffRemainder">The remainder shared by the tied units (largest-remainder methods).</param>
/// <param name="CutoffPriority">The seat priority shared by the tied units (divisor methods).</param>
public sealed record TieReport(
    TieResolution Resolution,
    IReadOnlyList<int> Winners,
    IReadOnlyList<int> Losers,
    ExactFraction? CutoffRemainder,
    SeatPriority? CutoffPriority)
{
    /// <summary>No tie at the cutoff.</summary>
    public static TieReport None { get; } = new(TieResolution.None, [], [], null, null);

    /// <summary>True when a tie straddled the cutoff and the tie order decided it.</summary>
    public bool HasTie => Losers.Count > 0;

    /// <summary>Units tied at the cutoff (winners and losers), 0 without a tie.</summary>
    public int TiedUnits => HasTie ? Winners.Count + Losers.Count : 0;

    /// <summary>How many tied units received their unit because of the tie order (0 without a tie).</summary>
    public int ResolvedByOrder => HasTie ? Winners.Count : 0;
}
