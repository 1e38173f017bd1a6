using Allot.Retail.Configuration;
using Allot.Retail.Errors;

namespace Allot.Retail.Inputs;

/// <summary>
/// Reads an exclusion or inclusion list (<c>--exclude-stores-file</c>, <c>--include-stores-file</c>): a CSV with a
/// store code column (<c>store_code</c>, <c>str_code</c> or <c>Store_Code</c>) and an optional <c>period</c> column. A
/// row whose period is empty applies to every period (global); otherwise only to that period (e.g. <c>202509A</c>).
/// A row that cannot be applied as its author meant is refused (<see cref="RetailErrorCodes.BadStoreList"/>): a period
/// that is not a half-month label, or a store code that matches a store of the recommendations only but for leading
/// zeros. Either used to be skipped without a word, and an excluded store then received units.
/// </summary>
internal static class StoreListFileReader
{
    /// <summary>
    /// The store codes that apply to <paramref name="period"/>, and the number of rows read.
    /// <paramref name="recommendedStores"/> are the store codes of the period's recommendations (for the leading-zeros check).
    /// </summary>
    public static (IReadOnlySet<string> Codes, long Rows) Read(string path, TargetPeriod period, IReadOnlySet<string> recommendedStores)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(recommendedStores);
        using var csv = CsvSource.Open(path);
        var code = csv.Require("store_code", "str_code", "Store_Code");
        var when = csv.Optional("period", "Period");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, string>? byDigits = null;
        long rows = 0;
        while (csv.Read())
        {
            rows++;
            var c = csv.Get(code).Trim('\'', '"');
            var p = csv.Get(when);
            bool applies;
            if (CellParsing.IsMissing(p))
            {
                applies = true;
            }
            else if (TargetPeriod.TryParseLabel(p, out var listed))
            {
                applies = listed == period;
            }
            else
            {
                throw RetailErrorCodes.Input(
                    RetailErrorCodes.BadStoreList,
                    $"column {csv.Header[when]} holds '{p}', which is not a half-month period such as {period.Token} (yyyymm then A or B); leave it empty for every period",
                    path,
                    csv.Row,
                    c);
            }

            if (c.Length == 0 || !applies)
            {
                continue;
            }

            if (StoreListParser.HoldsSeparator(c))
            {
                // One code per row: "01000,01004" in one cell is no store, and the stores it names would be left out.
                throw RetailErrorCodes.Input(
                    RetailErrorCodes.BadStoreList,
                    $"the store code cell '{c}' holds several codes; list one store code per row",
                    path,
                    csv.Row,
                    c);
            }

            if (!recommendedStores.Contains(c))
            {
                // Codes are compared as text (01023 ≠ 1023); a code that is a store of the period but for leading
                // zeros is almost surely that store, saved by a spreadsheet: applying the list without it would
                // silently give an excluded store units, guessing would break the text rule, so the row is refused.
                byDigits ??= recommendedStores.GroupBy(StoreCodeNotes.WithoutLeadingZeros, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(StringComparer.Ordinal)!, StringComparer.Ordinal);
                if (byDigits.TryGetValue(StoreCodeNotes.WithoutLeadingZeros(c), out var meant))
                {
                    throw RetailErrorCodes.Input(
                        RetailErrorCodes.BadStoreList,
                        $"store code '{c}' is no store of the recommendations, but '{meant}' is, but for leading zeros: the list was probably saved by a spreadsheet, which drops them; store codes are compared as text, so restore them (or save the codes as text) and run again",
                        path,
                        csv.Row,
                        c);
                }
            }

            codes.Add(c);
        }

        return (codes, rows);
    }
}
