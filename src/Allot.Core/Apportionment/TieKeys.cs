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
        return FromOrdinalSpans(keys.Count, i => keys[i].AsSpan());
    }

    /// <summary>
    /// <see cref="FromOrdinalStrings"/> for keys that are not strings yet (e.g. cells of a table held as one
    /// character buffer): <paramref name="keyAt"/> returns key <c>i</c>; nothing is allocated per key.
    /// </summary>
    /// <remarks>
    /// Each key's first characters are packed into one 64-bit integer whose numeric order is their ordinal order
    /// (8 characters of 8 bits when every packed character is below U+0100, else 4 of 16 bits; zero-padded, so a
    /// proper prefix sorts first). Sorting those integers orders most keys; only runs of equal packed prefixes are
    /// compared in full. O(n log n) integer comparisons instead of O(n log n) string comparisons.
    /// </remarks>
    public static ulong[] FromOrdinalSpans(int count, KeyAt keyAt)
    {
        ArgumentNullException.ThrowIfNull(keyAt);
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        // Keys often arrive sorted (tables are written in key order): strictly ascending keys rank as their position.
        var ascending = true;
        for (var i = 1; i < count && ascending; i++)
        {
            ascending = keyAt(i - 1).SequenceCompareTo(keyAt(i)) < 0;
        }

        if (ascending)
        {
            var identity = new ulong[count];
            for (var i = 0; i < count; i++)
            {
                identity[i] = (ulong)i;
            }

            return identity;
        }

        var narrow = true;
        for (var i = 0; i < count && narrow; i++)
        {
            var k = keyAt(i);
            for (var c = 0; c < k.Length && c < 8; c++)
            {
                if (k[c] > 0xFF)
                {
                    narrow = false;
                    break;
                }
            }
        }

        var prefix = new ulong[count];
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            prefix[i] = Pack(keyAt(i), narrow);
            order[i] = i;
        }

        Array.Sort(prefix, order);

        // Equal packed prefixes: order by the whole key, then by position (so equal keys are adjacent and the
        // first of them in input order comes first, as the comparison sort it replaces did).
        var fullFrom = narrow ? 8 : 4;
        for (var lo = 0; lo < count;)
        {
            var hi = lo + 1;
            while (hi < count && prefix[hi] == prefix[lo])
            {
                hi++;
            }

            if (hi - lo > 1)
            {
                var run = order.AsSpan(lo, hi - lo);
                var anyLong = false;
                foreach (var i in run)
                {
                    anyLong |= keyAt(i).Length > fullFrom;
                }

                if (anyLong || ContainsNul(run, keyAt))
                {
                    run.Sort((a, b) =>
                    {
                        var c = keyAt(a).SequenceCompareTo(keyAt(b));
                        return c != 0 ? c : a.CompareTo(b);
                    });
                }
                else
                {
                    run.Sort();
                }
            }

            lo = hi;
        }

        var ranks = new ulong[count];
        ulong rank = 0;
        for (var p = 0; p < count; p++)
        {
            if (p > 0 && !keyAt(order[p]).SequenceEqual(keyAt(order[p - 1])))
            {
                rank = (ulong)p;
            }

            ranks[order[p]] = rank;
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

    private static ulong Pack(ReadOnlySpan<char> key, bool narrow)
    {
        ulong packed = 0;
        var (width, bits) = narrow ? (8, 8) : (4, 16);
        for (var c = 0; c < width; c++)
        {
            packed = (packed << bits) | (c < key.Length ? key[c] : 0UL);
        }

        return packed;
    }

    // Zero padding makes "ab" and "ab\0" pack alike; such keys are rare, but they must still be told apart.
    private static bool ContainsNul(ReadOnlySpan<int> run, KeyAt keyAt)
    {
        foreach (var i in run)
        {
            if (keyAt(i).Contains('\0'))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Returns key <paramref name="index"/> of a set of keys (see <see cref="TieKeys.FromOrdinalSpans"/>).</summary>
/// <param name="index">0-based key index.</param>
public delegate ReadOnlySpan<char> KeyAt(int index);
