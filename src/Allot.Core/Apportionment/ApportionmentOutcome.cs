namespace Allot.Core.Apportionment;

/// <summary>The outcome of a call through <see cref="Apportion"/>: the allocation, the tie, the residuals, the audit.</summary>
/// <param name="Method">The method applied.</param>
/// <param name="Total">The total apportioned.</param>
/// <param name="Allocation">Integer allocation per unit, in input order.</param>
/// <param name="Ties">The tie at the cutoff (always computed, audit or not).</param>
/// <param name="Missing">Units of the total no unit could take (caps too tight, policy <c>Flag</c>).</param>
/// <param name="Overflow">How far the minimums exceed the total (policy <c>Flag</c>/<c>RelaxCaps</c>).</param>
/// <param name="PassedThreshold">Per unit, whether it reached the electoral threshold (all true without one).</param>
/// <param name="Audit">The audit record, present in every outcome (including infeasible ones) when requested.</param>
/// <param name="RelaxedUnits">Per unit, how many units were placed above its cap under <see cref="InfeasiblePolicy.RelaxCaps"/>.</param>
/// <param name="CapHit">Per unit, whether its allocation reached its cap.</param>
public sealed record ApportionmentOutcome(
    ApportionmentMethod Method,
    long Total,
    long[] Allocation,
    TieReport Ties,
    long Missing,
    long Overflow,
    IReadOnlyList<bool> PassedThreshold,
    ApportionmentAudit? Audit,
    long[] RelaxedUnits,
    bool[] CapHit);

/// <summary>A keyed outcome: allocation per key, the tie named by keys, the audit per key.</summary>
/// <typeparam name="TKey">The unit key type.</typeparam>
public sealed class KeyedApportionment<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _index;

    internal KeyedApportionment(IReadOnlyList<TKey> keys, Dictionary<TKey, int> index, ApportionmentOutcome outcome)
    {
        Keys = keys;
        _index = index;
        Outcome = outcome;
        var allocation = new Dictionary<TKey, long>(keys.Count, index.Comparer);
        for (var i = 0; i < keys.Count; i++)
        {
            allocation[keys[i]] = outcome.Allocation[i];
        }

        Allocation = allocation;
        TiedWinners = outcome.Ties.Winners.Select(i => keys[i]).ToArray();
        TiedLosers = outcome.Ties.Losers.Select(i => keys[i]).ToArray();
    }

    /// <summary>The keys, in input order (unit <c>i</c> of <see cref="Outcome"/> is <c>Keys[i]</c>).</summary>
    public IReadOnlyList<TKey> Keys { get; }

    /// <summary>The allocation per key, enumerated in input order.</summary>
    public IReadOnlyDictionary<TKey, long> Allocation { get; }

    /// <summary>The index-based outcome (allocation array, tie report, residuals, audit).</summary>
    public ApportionmentOutcome Outcome { get; }

    /// <summary>The audit record, when requested (units by index; use <see cref="AuditOf"/> to read it by key).</summary>
    public ApportionmentAudit? Audit => Outcome.Audit;

    /// <summary>Tied keys that received the contested unit(s) (empty without a tie).</summary>
    public IReadOnlyList<TKey> TiedWinners { get; }

    /// <summary>Tied keys that did not (empty without a tie).</summary>
    public IReadOnlyList<TKey> TiedLosers { get; }

    /// <summary>The allocation of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">when the key was not apportioned.</exception>
    public long this[TKey key] => Allocation[key];

    /// <summary>The audit line of <paramref name="key"/>.</summary>
    /// <exception cref="InvalidOperationException">when no audit was requested.</exception>
    /// <exception cref="KeyNotFoundException">when the key was not apportioned.</exception>
    public UnitAudit AuditOf(TKey key) =>
        (Audit ?? throw new InvalidOperationException("no audit was requested (WithAudit = false)."))
            .Units[_index[key]];

    /// <summary>
    /// The allocation as a person reads it, e.g. <c>dhondt, total 8: A=4, B=3, C=1, D=0</c>, with the tie when there
    /// is one (<c>; tie: X won over Y, Z</c>): what a debugger or a <c>Console.WriteLine(result)</c> shows instead of
    /// the type's name.
    /// </summary>
    public override string ToString()
    {
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Outcome.Method.Name}, total {Outcome.Total}: {string.Join(", ", Keys.Select(k => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{k}={Allocation[k]}")))}");
        return TiedLosers.Count == 0 ? text : $"{text}; tie: {string.Join(", ", TiedWinners)} won over {string.Join(", ", TiedLosers)}";
    }
}
