namespace Allot.Core.Apportionment;

/// <summary>
/// Builders for secondary tie keys. Every kernel orders units by their primary key (remainder, priority,
/// weight) and then by the tie key <b>ascending</b>, then by input position — a total order, so the result never
/// depends on how a sort happened to behave. An empty span means "input position only".
/// </summary>
public static class TieKeys
{
    /// <summary>
    /// Ranks strings in ordinal (byte-wise UTF-16, i.e. ASCII for ASCII keys) order: the smallest string gets 0.
    /// Equal strings get equal keys (input position then decides).
    /// </summary>
    public static ulong[] FromOrdinalStrings(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var order = new int[keys.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var c = string.CompareOrdinal(keys[a], keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });

        var ranks = new ulong[keys.Count];
        ulong rank = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (i > 0 && !string.Equals(keys[order[i]], keys[order[i - 1]], StringComparison.Ordinal))
            {
                rank = (ulong)i;
            }

            ranks[order[i]] = rank;
        }

        return ranks;
    }

    /// <summary>Ascending numeric ids used as tie keys as they are (e.g. S4's <c>tile_id</c>).</summary>
    public static ulong[] FromNumericIds(ReadOnlySpan<ulong> ids) => ids.ToArray();

    /// <summary>
    /// An ISO 3166 alpha-2 code as a key whose numeric order equals the ASCII order of the upper-cased code.
    /// </summary>
    /// <exception cref="ArgumentException">when <paramref name="iso2"/> is not two ASCII letters.</exception>
    public static ulong FromIso2(string iso2)
    {
        ArgumentNullException.ThrowIfNull(iso2);
        if (iso2.Length != 2 || !char.IsAsciiLetter(iso2[0]) || !char.IsAsciiLetter(iso2[1]))
        {
            throw new ArgumentException($"'{iso2}' is not a two-letter ISO code.", nameof(iso2));
        }

        return ((ulong)char.ToUpperInvariant(iso2[0]) << 8) | char.ToUpperInvariant(iso2[1]);
    }
}
