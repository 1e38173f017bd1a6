namespace Allot.Retail.Inputs;

/// <summary>
/// Reads an exclusion or inclusion list (<c>--exclude-stores-file</c>, <c>--include-stores-file</c>): a CSV with a
/// store code column (<c>store_code</c>, <c>str_code</c> or <c>Store_Code</c>) and an optional <c>period</c> column. A
/// row whose period is empty applies to every period (global); otherwise only to that period (e.g. <c>202509A</c>).
/// </summary>
internal static class StoreListFileReader
{
    /// <summary>The store codes that apply to <paramref name="period"/>, and the number of rows read.</summary>
    public static (IReadOnlySet<string> Codes, long Rows) Read(string path, string period)
    {
        using var csv = CsvSource.Open(path);
        var code = csv.Require("store_code", "str_code", "Store_Code");
        var when = csv.Optional("period", "Period");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        long rows = 0;
        while (csv.Read())
        {
            rows++;
            var c = csv.Get(code).Trim('\'', '"');
            var p = csv.Get(when);
            if (c.Length > 0 && (CellParsing.IsMissing(p) || string.Equals(p, period, StringComparison.OrdinalIgnoreCase)))
            {
                codes.Add(c);
            }
        }

        return (codes, rows);
    }
}
