using System.Globalization;
using Allot.Core.Errors;

namespace Allot.Core.Apportionment;

/// <summary>
/// The front door of the kernel: one method vocabulary (<see cref="ApportionmentMethod"/>) and one parameter
/// order — <c>total, weights, method, options</c> — for every rule, keyed or by index.
/// </summary>
/// <example>
/// Three lines: apportion a dictionary and read the audit.
/// <code>
/// var votes = new Dictionary&lt;string, long&gt; { ["A"] = 100_000, ["B"] = 80_000, ["C"] = 30_000, ["D"] = 20_000 };
/// var seats = Apportion.ByKey(8, votes, ApportionmentMethod.DHondt);
/// // seats["A"] = 4, seats["B"] = 3, seats["C"] = 1, seats["D"] = 0; seats.AuditOf("A").Quota = 80/23
/// </code>
/// </example>
public static class Apportion
{
    /// <summary>Apportions <paramref name="total"/> over units given by index.</summary>
    /// <param name="total">Units to hand out, ≥ 0.</param>
    /// <param name="weights">Exact weights, one per unit.</param>
    /// <param name="method">The rule.</param>
    /// <param name="options">Bounds, tie order and policy, threshold, audit; <see cref="ApportionmentOptions.Default"/> when null.</param>
    /// <exception cref="AllotException">with a code of <see cref="ApportionmentErrors"/>.</exception>
    public static ApportionmentOutcome Units(long total, ExactWeights weights, ApportionmentMethod method, ApportionmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(method);
        options ??= ApportionmentOptions.Default;
        var passed = new bool[weights.Count];
        Array.Fill(passed, true);
        if (options.Threshold is { } threshold)
        {
            ApportionmentErrors.RequireNonNegativeTotal(total);
            (weights, passed) = threshold.Apply(weights, total);
        }

        if (weights.Count == 0 && total > 0)
        {
            // The kernels would report "all weights are zero", true of no weights but not what the caller did wrong.
            throw ApportionmentErrors.Error(ApportionmentErrors.AllZeroWeights, $"{method.Name}: there are no units, but the total is {total}: it has nowhere to go.");
        }

        // Read only during this call (the kernels copy what they keep): an array is read in place, any other list once.
        var lower = View(options.Minimums);
        var upper = View(options.Caps);
        var keys = View(options.TieKeys);
        if (!method.TakesBounds && (options.Minimums is not null || options.Caps is not null))
        {
            throw ApportionmentErrors.Error(ApportionmentErrors.InvalidBounds, $"{method.Name} takes no minimums or caps; choose proportional, seed-capped or a divisor method.");
        }

        var ties = options.Ties;
        var audit = options.WithAudit;

        var r = method.Kind switch
        {
            ApportionmentMethodKind.LargestRemainder => QuotaLargestRemainder.Apportion(method.Quota, total, weights, keys, ties, audit),
            ApportionmentMethodKind.ProportionalBounded => BoundedApportionment.Proportional(total, weights, lower, upper, keys, options.OnInfeasible, audit, ties),
            ApportionmentMethodKind.SeedCapped => BoundedApportionment.SeedCapped(total, weights, upper.IsEmpty ? Enumerable.Repeat(Bound.None, weights.Count).ToArray() : upper, keys, options.OnInfeasible, lower, audit, ties),
            ApportionmentMethodKind.Quota => QuotaMethodApportionment.Apportion(total, weights, keys, ties, audit),
            _ when method.Sequence is { } sequence => DivisorApportionment.Apportion(sequence, total, weights, keys, lower, upper, options.OnInfeasible, ties, audit),
            _ => DivisorApportionment.Apportion(method.Divisor!.Value, total, weights, keys, lower, upper, options.OnInfeasible, ties, audit),
        };
        return new ApportionmentOutcome(method, total, r.Allocation, r.Ties, r.Missing, r.Overflow, passed, r.Audit, r.RelaxedUnits, r.CapHit);
    }

    private static ReadOnlySpan<T> View<T>(IReadOnlyList<T>? values) => values switch
    {
        null => default,
        T[] array => array,
        _ => values.ToArray(),
    };

    /// <summary>Apportions <paramref name="total"/> over integer weights by key (e.g. votes per party).</summary>
    /// <typeparam name="TKey">The unit key type (unique keys).</typeparam>
    /// <param name="total">Units to hand out, ≥ 0.</param>
    /// <param name="weights">Weight per key; a dictionary or any sequence of pairs (a repeated key is <see cref="ApportionmentErrors.DuplicateKey"/>).</param>
    /// <param name="method">The rule.</param>
    /// <param name="options">Bounds, tie order and policy, drawn order, threshold, audit by key.</param>
    /// <exception cref="AllotException">with a code of <see cref="ApportionmentErrors"/>; the key is named in <see cref="AllotError.Key"/>.</exception>
    public static KeyedApportionment<TKey> ByKey<TKey>(long total, IEnumerable<KeyValuePair<TKey, long>> weights, ApportionmentMethod method, KeyedApportionmentOptions<TKey>? options = null)
        where TKey : notnull
    {
        var (keys, values) = Split(weights);
        return Keyed(total, keys, () => ExactWeights.FromIntegers(values.ToArray()), method, options);
    }

    /// <summary>Apportions <paramref name="total"/> over decimal weights by key (read exactly: <c>0.58m</c> is 29/50).</summary>
    /// <inheritdoc cref="ByKey{TKey}(long, IEnumerable{KeyValuePair{TKey, long}}, ApportionmentMethod, KeyedApportionmentOptions{TKey})"/>
    public static KeyedApportionment<TKey> ByKey<TKey>(long total, IEnumerable<KeyValuePair<TKey, decimal>> weights, ApportionmentMethod method, KeyedApportionmentOptions<TKey>? options = null)
        where TKey : notnull
    {
        var (keys, values) = Split(weights);
        return Keyed(total, keys, () => ExactWeights.FromDecimals(values.ToArray()), method, options);
    }

    /// <summary>
    /// Apportions <paramref name="total"/> over binary64 weights by key, each taken at its exact binary value
    /// (<c>0.1</c> is <c>3602879701896397/2^55</c>; see <see cref="ExactWeights.FromDoubles"/>).
    /// </summary>
    /// <inheritdoc cref="ByKey{TKey}(long, IEnumerable{KeyValuePair{TKey, long}}, ApportionmentMethod, KeyedApportionmentOptions{TKey})"/>
    public static KeyedApportionment<TKey> ByKey<TKey>(long total, IEnumerable<KeyValuePair<TKey, double>> weights, ApportionmentMethod method, KeyedApportionmentOptions<TKey>? options = null)
        where TKey : notnull
    {
        var (keys, values) = Split(weights);
        return Keyed(total, keys, () => ExactWeights.FromDoubles(values.ToArray()), method, options);
    }

    private static (List<TKey> Keys, List<TValue> Values) Split<TKey, TValue>(IEnumerable<KeyValuePair<TKey, TValue>> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var keys = new List<TKey>();
        var values = new List<TValue>();
        foreach (var (k, v) in weights)
        {
            keys.Add(k);
            values.Add(v);
        }

        return (keys, values);
    }

    private static KeyedApportionment<TKey> Keyed<TKey>(long total, List<TKey> keys, Func<ExactWeights> weights, ApportionmentMethod method, KeyedApportionmentOptions<TKey>? options)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(method);
        options ??= new KeyedApportionmentOptions<TKey>();
        var index = new Dictionary<TKey, int>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            if (!index.TryAdd(keys[i], i))
            {
                throw new AllotException(new AllotError(ApportionmentErrors.DuplicateKey, ErrorClass.Input, $"the key '{keys[i]}' appears twice; unit keys must be unique.", Key: Name(keys[i])));
            }
        }

        string NameOf(int i) => Name(keys[i]);

        // A bound under a key that names no unit would otherwise bind nothing: a mistyped cap key would leave its unit
        // uncapped and the result would look valid.
        RequireUnitKeys(options.Minimums, "minimum", index);
        RequireUnitKeys(options.Caps, "cap", index);
        try
        {
            var comparer = options.TieOrder ?? (typeof(TKey) == typeof(string) ? (IComparer<TKey>)(object)StringComparer.Ordinal : Comparer<TKey>.Default);
            var ranks = Enumerable.Range(0, keys.Count).ToArray();
            Array.Sort(ranks, (a, b) =>
            {
                var c = comparer.Compare(keys[a], keys[b]);
                return c != 0 ? c : a.CompareTo(b);
            });
            var tieKeys = new ulong[keys.Count];
            for (var r = 0; r < ranks.Length; r++)
            {
                tieKeys[ranks[r]] = (ulong)r;
            }

            var ties = options.DrawnOrder is { } drawn
                ? TiePolicy.Lots(drawn.Select(k => index.TryGetValue(k, out var u) ? u : throw new AllotException(new AllotError(ApportionmentErrors.InvalidLots, ErrorClass.Input, $"the drawn order names '{k}', which is not a unit.", Key: Name(k))))
                    .ToArray())
                : options.OnTie == TiePolicyKind.Fail ? TiePolicy.Fail : TiePolicy.BreakByDeclaredOrder;
            var indexOptions = new ApportionmentOptions
            {
                Minimums = options.Minimums is null ? null : keys.Select(k => options.Minimums.GetValueOrDefault(k, Bound.NoMinimum)).ToArray(),
                Caps = options.Caps is null ? null : keys.Select(k => options.Caps.GetValueOrDefault(k, Bound.None)).ToArray(),
                TieKeys = tieKeys,
                Ties = ties.NamingUnits(NameOf),
                OnInfeasible = options.OnInfeasible,
                Threshold = options.Threshold,
                WithAudit = options.WithAudit,
            };
            var outcome = Units(total, weights(), method, indexOptions);
            if (outcome.Audit is { } audit)
            {
                outcome = outcome with { Audit = audit with { Units = audit.Units.Select(u => u with { Key = NameOf(u.Unit) }).ToArray() } };
            }

            return new KeyedApportionment<TKey>(keys, index, outcome);
        }
        catch (AllotException e) when (e.Error.Key is { } key && key.StartsWith("unit ", StringComparison.Ordinal)
            && int.TryParse(key.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var unit) && unit < keys.Count)
        {
            throw new AllotException(e.Error with { Key = NameOf(unit), Message = e.Error.Message.Replace($"unit {unit}", $"'{NameOf(unit)}'", StringComparison.Ordinal) });
        }
    }

    private static void RequireUnitKeys<TKey>(IReadOnlyDictionary<TKey, long>? bounds, string what, Dictionary<TKey, int> units)
        where TKey : notnull
    {
        if (bounds is null)
        {
            return;
        }

        foreach (var key in bounds.Keys)
        {
            if (!units.ContainsKey(key))
            {
                throw new AllotException(new AllotError(ApportionmentErrors.InvalidBounds, ErrorClass.Input, $"a {what} is given for '{Name(key)}', which is not a unit.", Key: Name(key)));
            }
        }
    }

    private static string Name<TKey>(TKey key) => Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty;
}
