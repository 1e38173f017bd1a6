using System.Runtime.InteropServices;
using Allot.Segment1B.Allocation;

namespace Allot.Segment1B.Validation;

/// <summary>
/// Follows the sorted plan pair by pair alongside the sorted requirements, recomputes each pair and compares;
/// on a difference it names the broken rule: a tile outside the country's weights (E408), a wrong sum or a count
/// outside {floor, floor+1} (E403), or +1s given against the tie rule (E404).
/// </summary>
internal sealed class PairWalker(S4Inputs inputs)
{
    private readonly List<ulong> _tiles = [];
    private readonly List<long> _counts = [];
    private readonly List<int> _rowsPerPair = [];
    private long _merchant;
    private string? _country;
    private string _file = string.Empty;
    private long _row;
    private int _next;
    private long _rows;
    private long _shortfall;
    private long _ties;

    public void Add(long merchant, string country, ulong tile, long count, string file, long row)
    {
        if (_country is null || merchant != _merchant || country != _country)
        {
            Close();
            (_merchant, _country, _file, _row) = (merchant, country, file, row);
        }

        _tiles.Add(tile);
        _counts.Add(count);
    }

    public PlanTotals Finish(string partition)
    {
        Close();
        var pairs = inputs.Pairs;
        if (_next < pairs.Count)
        {
            throw S4Validator.Fail(S4Codes.ShortfallMismatch, partition, null, Key(_next), $"the plan has no rows for this requirement (n_sites {pairs.NSites[_next]}).");
        }

        long merchants = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            merchants += i == 0 || pairs.MerchantIds[i] != pairs.MerchantIds[i - 1] ? 1 : 0;
        }

        return new PlanTotals(_rows, pairs.Count, merchants, _shortfall, _ties, true, 1, _rowsPerPair.ToArray());
    }

    private IReadOnlyList<KeyValuePair<string, string>> CurrentKey() => S4Keys.Pair(_merchant, _country);

    private IReadOnlyList<KeyValuePair<string, string>> Key(int pair) => S4Keys.Pair(inputs.Pairs.MerchantIds[pair], inputs.Pairs.CountryIsos[pair]);

    private void Close()
    {
        if (_country is null)
        {
            return;
        }

        var pairs = inputs.Pairs;
        if (_next < pairs.Count && Compare(pairs.MerchantIds[_next], pairs.CountryIsos[_next], _merchant, _country) < 0)
        {
            throw S4Validator.Fail(S4Codes.ShortfallMismatch, _file, null, Key(_next), $"the plan has no rows for this requirement (n_sites {pairs.NSites[_next]}).");
        }

        if (_next >= pairs.Count || Compare(pairs.MerchantIds[_next], pairs.CountryIsos[_next], _merchant, _country) != 0)
        {
            throw S4Validator.Fail(S4Codes.ShortfallMismatch, _file, _row, CurrentKey(), "the plan has rows for a pair that S3 does not require.");
        }

        var tiles = inputs.Countries[_country];
        var n = pairs.NSites[_next];
        var (ids, counts, outcome) = PlanAllocator.AllocatePair(tiles, n, inputs.Denominator);
        if (!ids.AsSpan().SequenceEqual(CollectionsMarshal.AsSpan(_tiles)) || !counts.AsSpan().SequenceEqual(CollectionsMarshal.AsSpan(_counts)))
        {
            Diagnose(tiles, n, CurrentKey());
        }

        _rows += ids.Length;
        _shortfall += outcome.Shortfall;
        _ties += outcome.TiesBroken;
        _rowsPerPair.Add(ids.Length);
        _next++;
        _tiles.Clear();
        _counts.Clear();
    }

    private void Diagnose(CountryTiles tiles, long n, IReadOnlyList<KeyValuePair<string, string>> key)
    {
        var weights = new Dictionary<ulong, ulong>(tiles.TileIds.Length);
        for (var i = 0; i < tiles.TileIds.Length; i++)
        {
            weights[tiles.TileIds[i]] = tiles.Weights[i];
        }

        long sum = 0;
        for (var i = 0; i < _tiles.Count; i++)
        {
            if (!weights.ContainsKey(_tiles[i]))
            {
                throw S4Validator.Fail(S4Codes.CoverageMissing, _file, _row, key, $"tile_id {_tiles[i]} is not a weighted tile of {_country}.");
            }

            sum += _counts[i];
        }

        if (sum != n)
        {
            throw S4Validator.Fail(S4Codes.ShortfallMismatch, _file, _row, key, $"the pair's rows sum to {sum}; S3 requires {n}.");
        }

        for (var i = 0; i < _tiles.Count; i++)
        {
            var z = (long)((UInt128)weights[_tiles[i]] * (ulong)n / inputs.Denominator);
            if (_counts[i] != z && _counts[i] != z + 1)
            {
                throw S4Validator.Fail(S4Codes.ShortfallMismatch, _file, _row, key, $"tile_id {_tiles[i]} has {_counts[i]}; its quota allows only {z} or {z + 1}.");
            }
        }

        throw S4Validator.Fail(S4Codes.TieBreak, _file, _row, key, "the +1 increments do not go to the largest remainders with ties by ascending tile_id.");
    }

    private static int Compare(long m1, string c1, long m2, string c2)
    {
        var c = m1.CompareTo(m2);
        return c != 0 ? c : string.CompareOrdinal(c1, c2);
    }
}
