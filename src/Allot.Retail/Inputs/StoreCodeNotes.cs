using System.Globalization;
using Allot.Retail.Allocation;

namespace Allot.Retail.Inputs;

/// <summary>
/// Sentences for the run summary about store codes that did not match the store meta file. Such stores take part
/// with the default capacity (the contract), and the reconciliation and the spot check count them; but when a
/// spreadsheet re-saved the meta file, every code lost its leading zeros ('01000' became 1000) and the whole period
/// silently ran without capacity data. The summary says so, and says why when leading zeros explain the mismatch.
/// </summary>
public static class StoreCodeNotes
{
    private const int Examples = 3;

    /// <summary>The notes for <paramref name="plan"/>: none when every store referenced has a meta row.</summary>
    public static IReadOnlyList<string> For(AllocationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var missing = plan.StoresWithoutMeta;
        if (missing.Count == 0)
        {
            return [];
        }

        var file = Path.GetFileName(plan.Inputs.StoreMetaPath);
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{missing.Count} store(s) have no row in {file}, so their capacity is unknown and they take the default cap: {Sample(missing)}"),
        };

        // Codes are compared as text (01023 ≠ 1023, docs/retail.md); a match without leading zeros is a likely cause.
        var byDigits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var known in plan.Inputs.Meta.Keys)
        {
            byDigits.TryAdd(WithoutLeadingZeros(known), known);
        }

        var matches = missing.Select(code => (Code: code, Known: byDigits.GetValueOrDefault(WithoutLeadingZeros(code)))).Where(m => m.Known is not null).ToList();
        if (matches.Count > 0)
        {
            var (code, known) = matches[0];
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{matches.Count} of them match a code in {file} but for leading zeros ('{code}' in the recommendations, '{known}' there): the file was probably saved by a spreadsheet, which drops leading zeros; store codes are compared as text, so restore them (or save the codes as text) and run again"));
        }

        return notes;
    }

    private static string Sample(IReadOnlyList<string> codes) =>
        string.Join(", ", codes.Take(Examples)) + (codes.Count > Examples ? string.Create(CultureInfo.InvariantCulture, $", … ({codes.Count - Examples} more)") : string.Empty);

    private static string WithoutLeadingZeros(string code)
    {
        var trimmed = code.TrimStart('0');
        return trimmed.Length == 0 && code.Length > 0 ? "0" : trimmed;
    }
}
