namespace Allot.Retail.Outputs;

/// <summary>What a Step 32 run produced.</summary>
/// <param name="OutputDir">The output folder.</param>
/// <param name="Outputs">Files written (as registered in the manifest).</param>
/// <param name="Totals">Plan-wide counts.</param>
/// <param name="Inputs">The main inputs read, by role, and how each was found.</param>
/// <param name="Notes">Sentences a person should read that are not part of the outputs (e.g. store codes that matched
/// no store meta row, and why; <see cref="Inputs.StoreCodeNotes"/>).</param>
public sealed record RunSummary(string OutputDir, IReadOnlyList<ManifestEntry> Outputs, ReconciliationTotals Totals, IReadOnlyList<(string Role, Inputs.LocatedInput Source)>? Inputs = null, IReadOnlyList<string>? Notes = null);
