namespace Allot.Retail.Inputs;

/// <summary>
/// Splits <c>Store_Codes_In_Group</c> as the pipeline writes it — <c>01001, 01002</c>, <c>['01001', '01002']</c>,
/// <c>"[01001;01002]"</c> — into store codes kept as strings. Duplicates are dropped (first occurrence kept) and
/// counted so the reconciliation can report them.
/// </summary>
internal static class StoreListParser
{
    /// <summary>The distinct store codes in their listed order, and the number of duplicates removed.</summary>
    public static (string[] Codes, int Duplicates) Parse(string cell) => Parse(cell, new StoreCodePool());

    /// <summary>
    /// As <see cref="Parse(string)"/>, with codes taken from <paramref name="pool"/>: a file of 20,000 rows that names
    /// 2,000 stores makes 2,000 code strings, not a million, and a code is split from the cell without a string per
    /// token. Tokens are runs of non-separators (<c>, ; | space tab ， ；</c>) with the wrapping characters
    /// (<c>[ ] ( ) { } ' "</c>) trimmed from both ends. The cell is scanned once, character by character, against a
    /// table: a token is a handful of characters, too short for a vectorised search to pay for its set-up.
    /// </summary>
    internal static (string[] Codes, int Duplicates) Parse(string cell, StoreCodePool pool)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(pool);
        var stamp = pool.NextCell();
        var codes = pool.Codes;
        codes.Clear();
        var duplicates = 0;
        var span = cell.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && IsSeparator(span[i]))
            {
                i++;
            }

            var start = i;
            while (i < span.Length && !IsSeparator(span[i]))
            {
                i++;
            }

            var end = i;
            while (start < end && IsWrapping(span[start]))
            {
                start++;
            }

            while (end > start && IsWrapping(span[end - 1]))
            {
                end--;
            }

            if (start == end)
            {
                continue;
            }

            var code = pool.Get(span[start..end]);
            if (code.Stamp == stamp)
            {
                duplicates++;
            }
            else
            {
                code.Stamp = stamp;
                codes.Add(code.Text);
            }
        }

        return (codes.ToArray(), duplicates);
    }

    /// <summary>Whether <paramref name="code"/> holds a character that separates codes in a store list (so it is several codes, never one).</summary>
    internal static bool HoldsSeparator(string code) => code.Any(IsSeparator);

    private static bool IsSeparator(char c) => c < 128 ? (AsciiClass[c] & Separator) != 0 : c is '，' or '；';

    // Space and tab are wrapping characters too, but a token never holds a separator.
    private static bool IsWrapping(char c) => c < 128 && (AsciiClass[c] & Wrapping) != 0;

    private const byte Separator = 1;
    private const byte Wrapping = 2;

    private static readonly byte[] AsciiClass = Table();

    private static byte[] Table()
    {
        var table = new byte[128];
        foreach (var c in ",;| \t")
        {
            table[c] |= Separator;
        }

        foreach (var c in "[](){}'\"")
        {
            table[c] |= Wrapping;
        }

        return table;
    }
}

/// <summary>One string per distinct store code of a file (looked up by characters, so no string is made to find one).</summary>
internal sealed class StoreCodePool
{
    private readonly Dictionary<string, PooledCode> codes;
    private readonly Dictionary<string, PooledCode>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private int cell;

    public StoreCodePool()
    {
        codes = new Dictionary<string, PooledCode>(StringComparer.Ordinal);
        lookup = codes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The distinct codes of the cell being parsed, in listed order (reused from cell to cell).</summary>
    internal List<string> Codes { get; } = new(64);

    /// <summary>Starts a new cell: a code whose <see cref="PooledCode.Stamp"/> equals the number returned was already met in it.</summary>
    internal int NextCell() => ++cell;

    /// <summary>The pool's entry for <paramref name="code"/> (its one string), added on first sight.</summary>
    internal PooledCode Get(ReadOnlySpan<char> code)
    {
        if (!lookup.TryGetValue(code, out var entry))
        {
            var s = new string(code);
            entry = new PooledCode(s);
            codes.Add(s, entry);
        }

        return entry;
    }
}

/// <summary>A pooled code and the last cell it was met in (how a cell's duplicates are found without a set per cell).</summary>
internal sealed class PooledCode(string text)
{
    public string Text { get; } = text;

    public int Stamp { get; set; }
}
