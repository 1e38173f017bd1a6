namespace Allot.Retail.Inputs;

/// <summary>
/// Splits <c>Store_Codes_In_Group</c> as the pipeline writes it — <c>01001, 01002</c>, <c>['01001', '01002']</c>,
/// <c>"[01001;01002]"</c> — into store codes kept as strings. Duplicates are dropped (first occurrence kept) and
/// counted so the reconciliation can report them.
/// </summary>
public static class StoreListParser
{
    private static readonly char[] Separators = [',', ';', '|', ' ', '\t', '，', '；'];
    private static readonly char[] Wrapping = ['[', ']', '(', ')', '{', '}', '\'', '"', ' ', '\t'];

    /// <summary>The distinct store codes in their listed order, and the number of duplicates removed.</summary>
    public static (string[] Codes, int Duplicates) Parse(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var parts = cell.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var codes = new List<string>(parts.Length);
        var duplicates = 0;
        foreach (var part in parts)
        {
            var code = part.Trim(Wrapping);
            if (code.Length == 0)
            {
                continue;
            }

            if (seen.Add(code))
            {
                codes.Add(code);
            }
            else
            {
                duplicates++;
            }
        }

        return (codes.ToArray(), duplicates);
    }
}
