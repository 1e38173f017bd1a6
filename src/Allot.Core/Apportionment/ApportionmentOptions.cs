namespace Allot.Core.Apportionment;

/// <summary>
/// Everything about a call except the total, the weights and the method (the one parameter order of every entry
/// point is <c>total, weights, method, options</c>). Immutable; start from <see cref="Default"/> and use <c>with</c>.
/// </summary>
public sealed record ApportionmentOptions
{
    /// <summary>No bounds, ties broken by input position, infeasible bounds fail, no threshold, audit built.</summary>
    public static ApportionmentOptions Default { get; } = new();

    /// <summary>Minimum per unit, in unit order; null for none. Only for methods with <see cref="ApportionmentMethod.TakesBounds"/>.</summary>
    public IReadOnlyList<long>? Minimums { get; init; }

    /// <summary>Cap per unit, in unit order (<see cref="Bound.None"/> for an uncapped unit); null for none.</summary>
    public IReadOnlyList<long>? Caps { get; init; }

    /// <summary>Secondary tie key per unit (ascending wins, then input position); null for input position only.</summary>
    public IReadOnlyList<ulong>? TieKeys { get; init; }

    /// <summary>What to do when units tie at the cutoff.</summary>
    public TiePolicy Ties { get; init; } = TiePolicy.BreakByDeclaredOrder;

    /// <summary>What to do when the bounds cannot hold the total.</summary>
    public InfeasiblePolicy OnInfeasible { get; init; } = InfeasiblePolicy.Fail;

    /// <summary>Units below this threshold are removed before apportioning; null for none.</summary>
    public ElectoralThreshold? Threshold { get; init; }

    /// <summary>Build the audit record (exact per-unit fractions; for divisor methods the seat order). On by default.</summary>
    public bool WithAudit { get; init; } = true;
}

/// <summary>
/// The options of a keyed call (<see cref="Apportion.ByKey{TKey}(long, IEnumerable{KeyValuePair{TKey, long}}, ApportionmentMethod, KeyedApportionmentOptions{TKey})"/>),
/// with units named by key. Immutable.
/// </summary>
/// <typeparam name="TKey">The unit key type.</typeparam>
public sealed record KeyedApportionmentOptions<TKey>
    where TKey : notnull
{
    /// <summary>Minimums by key (absent keys: none); null for none.</summary>
    public IReadOnlyDictionary<TKey, long>? Minimums { get; init; }

    /// <summary>Caps by key (absent keys: <see cref="Bound.None"/>); null for none.</summary>
    public IReadOnlyDictionary<TKey, long>? Caps { get; init; }

    /// <summary>
    /// The declared tie order over keys (ascending wins). Null: ordinal order for <see cref="string"/> keys,
    /// <see cref="Comparer{T}.Default"/> otherwise — never the dictionary's enumeration order.
    /// </summary>
    public IComparer<TKey>? TieOrder { get; init; }

    /// <summary>Break ties by the declared order (default) or refuse them (<see cref="TiePolicyKind.Fail"/>); ignored when <see cref="DrawnOrder"/> is set.</summary>
    public TiePolicyKind OnTie { get; init; } = TiePolicyKind.BreakByDeclaredOrder;

    /// <summary>A drawn order of keys (first drawn wins) that decides ties; every tied key must be listed.</summary>
    public IReadOnlyList<TKey>? DrawnOrder { get; init; }

    /// <summary>What to do when the bounds cannot hold the total.</summary>
    public InfeasiblePolicy OnInfeasible { get; init; } = InfeasiblePolicy.Fail;

    /// <summary>Units below this threshold are removed before apportioning; null for none.</summary>
    public ElectoralThreshold? Threshold { get; init; }

    /// <summary>Build the audit record. On by default.</summary>
    public bool WithAudit { get; init; } = true;
}
