using System.Globalization;
using Allot.Retail.Allocation;

namespace Allot.Retail.Inputs;

/// <summary>
/// Sentences for the run summary about store codes that matched no row of the store-keyed files. Such stores take
/// part with defaults (the contract), and the reconciliation and the spot check count those without meta; but when a
/// spreadsheet re-saved a file, every code lost its leading zeros ('01000' became 1000) and the whole period
/// silently ran without that file's data. The summary names the stores without meta (their capacity is unknown), and
/// for the meta, tags and sales files alike names leading zeros as the cause when they explain a mismatch. Entries of
/// the store lists and the pack-size file that match nothing of the period are named too.
/// </summary>
public static class StoreCodeNotes
{
    private const int Examples = 3;

    /// <summary>The notes for <paramref name="plan"/>: none when every store referenced is in every file.</summary>
    public static IReadOnlyList<string> For(AllocationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var notes = new List<string>();
        var meta = Path.GetFileName(plan.Inputs.StoreMetaPath);
        if (plan.StoresWithoutMeta.Count > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{plan.StoresWithoutMeta.Count} store(s) have no row in {meta}, so their capacity is unknown and they take the default cap: {Sample(plan.StoresWithoutMeta)}"));
        }

        Explain(notes, meta, plan.StoresWithoutMeta, plan.Inputs.Meta.Keys);
        Explain(notes, FileOf(plan, "store_tags"), plan.StoresWithoutTags, plan.Inputs.Tags.Keys);
        Explain(notes, FileOf(plan, "store_sales"), plan.StoresWithoutSales, plan.Inputs.Sales.StoreCodes);
        Unmatched(notes, plan, "exclude_stores", "store(s)", "no store of the period's recommendations", plan.Inputs.ExcludedStores, plan.Inputs.Recommendations.SelectMany(r => r.StoreCodes));
        Unmatched(notes, plan, "include_stores", "store(s)", "no store of the period's recommendations", plan.Inputs.IncludedStores, plan.Inputs.Recommendations.SelectMany(r => r.StoreCodes));
        Unmatched(notes, plan, "pack_sizes", "category(ies)", "no Category of the period's recommendations", plan.Inputs.PackSizeCategories, plan.Inputs.Recommendations.Select(r => r.Category));
        return notes;
    }

    /// <summary>
    /// Adds a sentence naming the entries of a list file that match nothing of the period. They are not an error — a
    /// company-wide exclusion list names stores of other regions — but a mistyped code or category silently did
    /// nothing (the store it meant still got units, the category kept the default pack), and nothing said so.
    /// </summary>
    private static void Unmatched(List<string> notes, AllocationPlan plan, string role, string what, string matches, IEnumerable<string> listed, IEnumerable<string> known)
    {
        var present = known.ToHashSet(StringComparer.Ordinal);
        var unmatched = listed.Where(e => !present.Contains(e)).Order(StringComparer.Ordinal).ToList();
        if (unmatched.Count > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{unmatched.Count} {what} of {FileOf(plan, role)} match {matches} and change nothing (a typo?): {Sample(unmatched)}"));
        }
    }

    /// <summary>Adds the leading-zeros sentence for one file when some of its missing codes match a code there but for them.</summary>
    private static void Explain(List<string> notes, string file, IReadOnlyList<string> missing, IEnumerable<string> known)
    {
        if (missing.Count == 0)
        {
            return;
        }

        // Codes are compared as text (01023 ≠ 1023, docs/retail.md); a match without leading zeros is a likely cause.
        var byDigits = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var code in known)
        {
            byDigits.TryAdd(WithoutLeadingZeros(code), code);
        }

        var matches = missing.Where(code => byDigits.ContainsKey(WithoutLeadingZeros(code))).ToList();
        if (matches.Count > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{matches.Count} store(s) of the recommendations match a code in {file} but for leading zeros ('{matches[0]}' in the recommendations, '{byDigits[WithoutLeadingZeros(matches[0])]}' there): the file was probably saved by a spreadsheet, which drops leading zeros; store codes are compared as text, so restore them (or save the codes as text) and run again"));
        }
    }

    private static string FileOf(AllocationPlan plan, string role) =>
        plan.Inputs.Sources.FirstOrDefault(s => s.Role == role).Source is { } source ? Path.GetFileName(source.Path)
        : plan.Inputs.Files.FirstOrDefault(f => f.Role == role) is { } file ? Path.GetFileName(file.Path)
        : role;

    private static string Sample(IReadOnlyList<string> codes) =>
        string.Join(", ", codes.Take(Examples)) + (codes.Count > Examples ? string.Create(CultureInfo.InvariantCulture, $", … ({codes.Count - Examples} more)") : string.Empty);

    /// <summary>A store code without its leading zeros ("0" for a code of zeros): the key under which a spreadsheet's copy matches.</summary>
    internal static string WithoutLeadingZeros(string code)
    {
        var trimmed = code.TrimStart('0');
        return trimmed.Length == 0 && code.Length > 0 ? "0" : trimmed;
    }
}
