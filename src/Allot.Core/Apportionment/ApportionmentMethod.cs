namespace Allot.Core.Apportionment;

/// <summary>The family a method belongs to.</summary>
public enum ApportionmentMethodKind
{
    /// <summary>Largest remainder (Hare = Hamilton, or Droop): floors of the quotas, then the largest remainders.</summary>
    LargestRemainder,

    /// <summary>Water-filling quotas within bounds, then Hamilton on them.</summary>
    ProportionalBounded,

    /// <summary>The retail seed's capped method (floors capped, then passes by remainder).</summary>
    SeedCapped,

    /// <summary>A divisor (highest-averages) method, built in or given as data.</summary>
    Divisor,

    /// <summary>Balinski–Young's quota method.</summary>
    Quota,
}

/// <summary>
/// The one method vocabulary of Allot: every entry point (the library facade <see cref="Apportion"/>, the
/// <c>allot apportion</c> command, retail) names methods with these values and their <see cref="Name"/>s.
/// Immutable; compare by <see cref="Name"/>.
/// </summary>
public sealed class ApportionmentMethod : IEquatable<ApportionmentMethod>
{
    private ApportionmentMethod(string name, ApportionmentMethodKind kind, bool takesBounds, DivisorMethod? divisor = null, LargestRemainderQuota quota = LargestRemainderQuota.Hare, DivisorSequence? sequence = null)
    {
        Name = name;
        Kind = kind;
        TakesBounds = takesBounds;
        Divisor = divisor;
        Quota = quota;
        Sequence = sequence;
    }

    /// <summary>Hamilton / largest remainder with the Hare quota (the default): within 1 of every quota.</summary>
    public static ApportionmentMethod Hamilton { get; } = new("hamilton", ApportionmentMethodKind.LargestRemainder, false);

    /// <summary>Largest remainder with the Droop quota <c>⌊W/(T+1)⌋ + 1</c>; see <see cref="LargestRemainderQuota.Droop"/>.</summary>
    public static ApportionmentMethod Droop { get; } = new("droop", ApportionmentMethodKind.LargestRemainder, false, quota: LargestRemainderQuota.Droop);

    /// <summary>Water-filling within minimums and caps, then Hamilton (minimises <c>Σ|n − q|</c> under the bounds).</summary>
    public static ApportionmentMethod Proportional { get; } = new("proportional", ApportionmentMethodKind.ProportionalBounded, true);

    /// <summary>The retail seed's capped method as written.</summary>
    public static ApportionmentMethod SeedCapped { get; } = new("seed-capped", ApportionmentMethodKind.SeedCapped, true);

    /// <summary>Jefferson / D'Hondt: <c>d(n) = n + 1</c>.</summary>
    public static ApportionmentMethod DHondt { get; } = Of(DivisorMethod.DHondt);

    /// <summary>Webster / Sainte-Laguë: <c>d(n) = n + ½</c>.</summary>
    public static ApportionmentMethod SainteLague { get; } = Of(DivisorMethod.SainteLague);

    /// <summary>Modified Sainte-Laguë: first divisor 1.4 on the 1, 3, 5, … scale.</summary>
    public static ApportionmentMethod ModifiedSainteLague { get; } = Of(DivisorMethod.ModifiedSainteLague);

    /// <summary>Huntington–Hill (equal proportions, the US House method).</summary>
    public static ApportionmentMethod HuntingtonHill { get; } = Of(DivisorMethod.HuntingtonHill);

    /// <summary>Adams (smallest divisors).</summary>
    public static ApportionmentMethod Adams { get; } = Of(DivisorMethod.Adams);

    /// <summary>Dean (harmonic mean).</summary>
    public static ApportionmentMethod Dean { get; } = Of(DivisorMethod.Dean);

    /// <summary>Balinski–Young's quota method: house-monotone and within quota.</summary>
    public static ApportionmentMethod QuotaMethod { get; } = new(QuotaMethodApportionment.Name, ApportionmentMethodKind.Quota, false);

    /// <summary>Every named method, in the order the documentation lists them.</summary>
    public static IReadOnlyList<ApportionmentMethod> All { get; } =
        [Hamilton, Droop, Proportional, SeedCapped, DHondt, SainteLague, ModifiedSainteLague, HuntingtonHill, Adams, Dean, QuotaMethod];

    /// <summary>The name used on the command line and in audits, e.g. <c>sainte-lague</c>.</summary>
    public string Name { get; }

    /// <summary>The family of the method.</summary>
    public ApportionmentMethodKind Kind { get; }

    /// <summary>Whether the method accepts minimums and caps.</summary>
    public bool TakesBounds { get; }

    /// <summary>The built-in divisor rule, for built-in divisor methods.</summary>
    public DivisorMethod? Divisor { get; }

    /// <summary>The quota, for largest-remainder methods.</summary>
    public LargestRemainderQuota Quota { get; }

    /// <summary>The divisor sequence, for a divisor method given as data.</summary>
    public DivisorSequence? Sequence { get; }

    /// <summary>A divisor method given as data (e.g. read from a file).</summary>
    public static ApportionmentMethod Divisors(DivisorSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return new ApportionmentMethod(sequence.Name, ApportionmentMethodKind.Divisor, true, sequence: sequence);
    }

    /// <summary>The built-in method named <paramref name="name"/> (case-insensitive), as on the command line.</summary>
    public static bool TryParse(string? name, out ApportionmentMethod method)
    {
        method = All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return method is not null;
    }

    /// <summary>The method for a built-in divisor rule.</summary>
    public static ApportionmentMethod Of(DivisorMethod divisor) =>
        new(DivisorApportionment.MethodName(divisor), ApportionmentMethodKind.Divisor, true, divisor: divisor);

    /// <inheritdoc/>
    public bool Equals(ApportionmentMethod? other) =>
        other is not null && Name == other.Name && ReferenceEquals(Sequence, other.Sequence);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ApportionmentMethod);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <summary>The <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
