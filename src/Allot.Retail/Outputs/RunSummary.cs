namespace Allot.Retail.Outputs;

/// <summary>What a Step 32 run produced.</summary>
/// <param name="OutputDir">The output folder.</param>
/// <param name="Outputs">Files written (as registered in the manifest).</param>
/// <param name="Totals">Plan-wide counts.</param>
/// <param name="Recommendations">The group recommendations read and how they were found.</param>
public sealed record RunSummary(string OutputDir, IReadOnlyList<ManifestEntry> Outputs, ReconciliationTotals Totals, Inputs.LocatedInput? Recommendations = null);
