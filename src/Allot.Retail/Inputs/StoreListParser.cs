using System.Buffers;

namespace Allot.Retail.Inputs;

/// <summary>
/// Splits <c>Store_Codes_In_Group</c> as the pipeline writes it — <c>01001, 01002</c>, <c>['01001', '01002']</c>,
/// <c>"[01001;01002]"</c> — into store codes kept as strings. Duplicates are dropped (first occurrence kept) and
/// counted so the reconciliation can report them.
/// </summary>
internal static class StoreListParser
{
    private static readonly SearchValues<char> Separators = SearchValues.Create(",;| \t，；");
    private const string Wrapping = "[](){}'\" \t";

    /// <summary>The distinct store codes in their listed order, and the number of duplicates removed.</summary>
    public static (string[] Codes, int Duplicates) Parse(string cell) => Parse(cell, new StoreCodePool());

    /// <summary>
    /// As <see cref="Parse(string)"/>, with codes taken from <paramref name="pool"/>: a file of 20,000 rows that names
    /// 2,000 stores makes 2,000 code strings, not a million, and a code is split from the cell without a string per
    /// token.
    /// </summary>
    internal static (string[] Codes, int Duplicates) Parse(string cell, StoreCodePool pool)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var codes = new List<string>(64);
        var seen = pool.Seen;
        seen.Clear();
        var duplicates = 0;
        var rest = cell.AsSpan();
        while (rest.Length > 0)
        {
            var end = rest.IndexOfAny(Separators);
            var part = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var code = part.Trim(Wrapping);
            if (code.Length == 0)
            {
                continue;
            }

            var s = pool.Get(code);
            if (seen.Add(s))
            {
                codes.Add(s);
            }
            else
            {
                duplicates++;
            }
        }

        return (codes.ToArray(), duplicates);
    }
}

/// <summary>One string per distinct store code of a file (looked up by characters, so no string is made to find one).</summary>
internal sealed class StoreCodePool
{
    private readonly Dictionary<string, string> codes;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public StoreCodePool()
    {
        codes = new Dictionary<string, string>(StringComparer.Ordinal);
        lookup = codes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The codes already met in the cell being parsed (pooled strings, so compared by reference).</summary>
    public HashSet<string> Seen { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The pooled string equal to <paramref name="code"/>.</summary>
    public string Get(ReadOnlySpan<char> code)
    {
        if (!lookup.TryGetValue(code, out var s))
        {
            s = new string(code);
            codes.Add(s, s);
        }

        return s;
    }
}
