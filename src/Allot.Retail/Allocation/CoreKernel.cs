using Allot.Core.Apportionment;
using Allot.Retail.Configuration;

namespace Allot.Retail.Allocation;

/// <summary>
/// The one place Allot.Retail calls the core apportionment kernel (<see cref="Allot.Core.Apportionment"/>).
/// No rounding of its own happens in Allot.Retail: every integer quantity comes from here. Composite weights are
/// doubles (products of powers) and go to the kernel exactly via <see cref="ExactWeights.FromDoubles"/>; ties are
/// broken by store code in ordinal order via <see cref="TieKeys.FromOrdinalStrings"/>.
/// </summary>
internal static class CoreKernel
{
    /// <summary>
    /// Bounded allocation of a positive total under caps, with optional minimum-coverage lower bounds: the seed's
    /// capped method (<see cref="BoundedApportionment.SeedCapped"/>) or the bounded proportional method. Never above a
    /// cap: what the caps cannot hold comes back as <see cref="KernelOutcome.Unallocatable"/>, and the retail cap
    /// policy (<see cref="CapRelaxer"/>) decides what happens to it (the core's own unbounded relaxation is not used).
    /// </summary>
    public static KernelOutcome Bounded(AllocationMethod method, long total, double[] weights, long[] caps, ulong[] tieKeys, long[]? lower)
    {
        var exact = ExactWeights.FromDoubles(weights);
        const InfeasiblePolicy policy = InfeasiblePolicy.Flag;
        var options = new ApportionmentOptions { Minimums = lower, Caps = caps, TieKeys = tieKeys, OnInfeasible = policy, WithAudit = false };
        var result = Apportion.Units(total, exact, ToCore(method), options);
        return new KernelOutcome(result.Allocation, result.Missing, result.RelaxedUnits, result.CapHit);
    }

    /// <summary>Retail's <c>--method</c> names in the core vocabulary: <c>seed</c> is <c>seed-capped</c>, <c>optimal</c> is <c>proportional</c>.</summary>
    public static ApportionmentMethod ToCore(AllocationMethod method) => method switch
    {
        AllocationMethod.Seed => ApportionmentMethod.SeedCapped,
        AllocationMethod.Optimal => ApportionmentMethod.Proportional,
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>One unit of lower bound for each of the top-<paramref name="k"/> stores by weight among stores with a cap ≥ 1, as far as <paramref name="total"/> allows.</summary>
    public static long[] MinimumCoverage(double[] weights, int k, long total, ulong[] tieKeys, long[] caps) =>
        BoundedApportionment.MinimumCoverage(ExactWeights.FromDoubles(weights), k, total, tieKeys, caps);

    /// <summary>Unbounded largest-remainder split (reductions by sales weight).</summary>
    public static long[] Proportional(long total, double[] weights, ulong[] tieKeys)
    {
        var allocation = new long[weights.Length];
        LargestRemainder.Apportion(total, ExactWeights.FromDoubles(weights), allocation, tieKeys);
        return allocation;
    }

    /// <summary>Tie keys ranking store codes in ordinal order.</summary>
    public static ulong[] TieKeys(IReadOnlyList<string> codes) => Allot.Core.Apportionment.TieKeys.FromOrdinalStrings(codes);
}
