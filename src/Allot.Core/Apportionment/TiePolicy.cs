namespace Allot.Core.Apportionment;

/// <summary>What a call does when units tie at the cutoff.</summary>
public enum TiePolicyKind
{
    /// <summary>Break the tie by the declared order: tie key ascending, then input position (the default).</summary>
    BreakByDeclaredOrder,

    /// <summary>Refuse: raise <see cref="ApportionmentErrors.TieRequiresLots"/> naming the tied units.</summary>
    Fail,

    /// <summary>Break the tie by a drawn order supplied by the caller (a drawing of lots held elsewhere).</summary>
    Lots,
}

/// <summary>
/// The tie policy of a call, the same for every method. Immutable. A tie is only a tie when it straddles the
/// cutoff (some tied units get the unit, some do not); ties above the cutoff change nothing.
/// </summary>
public sealed class TiePolicy
{
    private TiePolicy(TiePolicyKind kind, IReadOnlyList<int> drawnOrder)
    {
        Kind = kind;
        DrawnOrder = drawnOrder;
    }

    /// <summary>Break ties by the declared order (tie key, then input position). The default.</summary>
    public static TiePolicy BreakByDeclaredOrder { get; } = new(TiePolicyKind.BreakByDeclaredOrder, []);

    /// <summary>Refuse ties: "drawing of lots required", with the tied units in the error.</summary>
    public static TiePolicy Fail { get; } = new(TiePolicyKind.Fail, []);

    /// <summary>Names units in error messages (the keyed API names them by key); index when null.</summary>
    internal Func<int, string>? UnitNames { get; private init; }

    /// <summary>The kind of policy.</summary>
    public TiePolicyKind Kind { get; }

    /// <summary>For <see cref="TiePolicyKind.Lots"/>: unit indices in drawn order (first drawn wins); else empty.</summary>
    public IReadOnlyList<int> DrawnOrder { get; }

    /// <summary>
    /// Breaks ties by a drawn order: <paramref name="drawnOrder"/> lists 0-based unit indices, the first drawn
    /// winning. It replaces the tie key; every unit in a tie that decides the result must be listed, otherwise the
    /// call fails with <see cref="ApportionmentErrors.TieRequiresLots"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">when <paramref name="drawnOrder"/> is null.</exception>
    public static TiePolicy Lots(IReadOnlyList<int> drawnOrder)
    {
        ArgumentNullException.ThrowIfNull(drawnOrder);
        return new TiePolicy(TiePolicyKind.Lots, drawnOrder.ToArray());
    }

    /// <summary>
    /// The tie keys the kernel orders by: the caller's keys, or under <see cref="TiePolicyKind.Lots"/> the
    /// position in the drawn order (unlisted units after every listed one).
    /// </summary>
    internal ulong[]? EffectiveKeys(int count, ReadOnlySpan<ulong> declared)
    {
        if (!declared.IsEmpty)
        {
            ApportionmentErrors.RequireSameLength(count, declared.Length, "tieKeys");
        }

        if (Kind != TiePolicyKind.Lots)
        {
            return declared.IsEmpty ? null : declared.ToArray();
        }

        var keys = new ulong[count];
        Array.Fill(keys, ulong.MaxValue);
        for (var pos = 0; pos < DrawnOrder.Count; pos++)
        {
            var u = DrawnOrder[pos];
            if (u < 0 || u >= count)
            {
                throw ApportionmentErrors.Error(ApportionmentErrors.InvalidLots, $"the drawn order names unit {u}, but there are {count} units.");
            }

            if (keys[u] != ulong.MaxValue)
            {
                throw ApportionmentErrors.Error(ApportionmentErrors.InvalidLots, $"the drawn order names unit {u} twice.", u);
            }

            keys[u] = (ulong)pos;
        }

        return keys;
    }

    /// <summary>The same policy, naming units by <paramref name="names"/> (e.g. their keys) in its errors.</summary>
    /// <param name="names">Maps a 0-based unit index to the name shown in <see cref="ApportionmentErrors.TieRequiresLots"/> messages.</param>
    public TiePolicy NamingUnits(Func<int, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new(Kind, DrawnOrder) { UnitNames = names };
    }

    /// <summary>Applies the policy to a computed tie: refuses it, or stamps how it was resolved.</summary>
    internal TieReport Enforce(TieReport ties, string method)
    {
        if (!ties.HasTie)
        {
            return TieReport.None;
        }

        if (Kind == TiePolicyKind.Fail)
        {
            throw ApportionmentErrors.TieError(ties, method, "drawing of lots required", UnitNames);
        }

        if (Kind == TiePolicyKind.Lots)
        {
            var listed = new HashSet<int>(DrawnOrder);
            if (ties.Winners.Concat(ties.Losers).Any(u => !listed.Contains(u)))
            {
                throw ApportionmentErrors.TieError(ties, method, "the drawn order does not list every tied unit", UnitNames);
            }

            return ties with { Resolution = TieResolution.Lots };
        }

        return ties with { Resolution = TieResolution.DeclaredOrder };
    }
}
