namespace Allot.Retail.Outputs;

/// <summary>What a Step 32 run produced.</summary>
/// <param name="OutputDir">The output folder.</param>
/// <param name="Outputs">Files written (as registered in the manifest).</param>
/// <param name="Totals">Plan-wide counts.</param>
/// <param name="Inputs">The main inputs read, by role, and how each was found.</param>
public sealed record RunSummary(string OutputDir, IReadOnlyList<ManifestEntry> Outputs, ReconciliationTotals Totals, IReadOnlyList<(string Role, Inputs.LocatedInput Source)>? Inputs = null);
