namespace Allot.Apportion;

/// <summary>What an <c>allot apportion</c> run did; printed as JSON on stdout.</summary>
/// <param name="Groups">Groups apportioned.</param>
/// <param name="Units">Rows (units) in the input.</param>
/// <param name="Total">Σ of the group totals. The sums here are 128-bit: each group's total fits 64 bits, but
/// groups near 2^63 add up past it (the run used to publish its output, then fail on the summary).</param>
/// <param name="Allocated">Σ of all allocations (equals <paramref name="Total"/> unless units were flagged missing).</param>
/// <param name="Missing">Units no cap could take (only under --on-infeasible flag).</param>
/// <param name="Overflow">Σ of minimums above their group total (only under flag/relax).</param>
/// <param name="RelaxedUnits">Units placed above a cap (only under --on-infeasible relax).</param>
/// <param name="CapHits">Units that ended at their cap.</param>
/// <param name="TiesAtCutoff">Groups where a tie straddled the cutoff (equal remainders, or equal divisor priorities for the last seat) and the tie order or drawn order decided; the same with or without <c>--audit</c>.</param>
/// <param name="Output">The output file.</param>
/// <param name="Audit">The audit file, if written.</param>
public sealed record ApportionSummary(
    int Groups,
    int Units,
    Int128 Total,
    Int128 Allocated,
    Int128 Missing,
    Int128 Overflow,
    Int128 RelaxedUnits,
    int CapHits,
    int TiesAtCutoff,
    string Output,
    string? Audit)
{
    /// <summary><see cref="Data.Json.RunStatus.Ok"/> (failures are errors).</summary>
    public string Status { get; init; } = Data.Json.RunStatus.Ok;
}
