namespace Allot.Retail.Configuration;

/// <summary>
/// What happens to the units of a row that no store can take under its cap (<c>--relax-caps</c>). A store excluded
/// for utilisation (<c>Capacity_Utilization &gt; CAPACITY_MAX_UTIL</c>) or by an exclusion list is never relaxed,
/// whatever the mode: exclusion is a hard rule.
/// </summary>
public enum CapRelaxation
{
    /// <summary>Nothing above a cap; the rest is the row's <c>unallocatable_units</c> (<c>--relax-caps none</c>, alias <c>--strict-caps</c>).</summary>
    None,

    /// <summary>
    /// Default: each eligible store may go at most <c>ALLOC_MAX_RELAX_PER_STORE</c> units above its cap, one unit
    /// per pass to the top-weight stores (ties: store code); the rest is <c>unallocatable_units</c>.
    /// </summary>
    Bounded,

    /// <summary>The first release's behaviour: eligible stores are raised one unit per pass until the row reconciles (<c>--relax-caps unlimited</c>).</summary>
    Unlimited,
}
