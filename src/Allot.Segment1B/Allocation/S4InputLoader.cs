using Allot.Core.Errors;
using Allot.Data.Parquet;

namespace Allot.Segment1B.Allocation;

/// <summary>
/// Reads and checks S4's inputs: presence (E401/E402/E408), schema and value domains (E405), lineage columns
/// against the path tokens (E410), primary keys (E407), ISO and tile-index coverage (E408), a single <c>dp</c>
/// and per-country sums of exactly 10^dp (E402). Weights are grouped per country and presorted once.
/// </summary>
public static class S4InputLoader
{
    /// <summary>Loads everything S4 needs for <paramref name="layout"/>.</summary>
    /// <param name="layout">Resolved paths and tokens.</param>
    /// <param name="workers">Threads for reading and per-country preparation (results never depend on it).</param>
    public static S4Inputs Load(Segment1BLayout layout, int workers = 1)
    {
        var requirements = ParquetDataset.TryOpen(layout.Requirements)
            ?? throw Fail(S4Codes.RequirementsMissing, layout.Requirements, null, null, "the s3_requirements partition is missing or has no .parquet files; run S3 for this seed/fingerprint/parameter_hash first.");
        var weights = ParquetDataset.TryOpen(layout.TileWeights)
            ?? throw Fail(S4Codes.WeightsMissing, layout.TileWeights, null, null, "the tile_weights partition is missing or has no .parquet files; run S2 for this parameter_hash first.");
        var iso = ParquetDataset.TryOpen(layout.IsoTable)
            ?? throw Fail(S4Codes.CoverageMissing, layout.IsoTable, null, null, "the ISO country table is missing; install the reference data or pass a --dictionary that points at it.");
        var index = ParquetDataset.TryOpen(layout.TileIndex)
            ?? throw Fail(S4Codes.CoverageMissing, layout.TileIndex, null, null, "the tile_index partition is missing; run S1 for this parameter_hash first.");

        var id = layout.Identity;
        LineageColumns.Verify(requirements, "seed", id.Seed);
        LineageColumns.Verify(requirements, "manifest_fingerprint", id.ManifestFingerprint);
        LineageColumns.Verify(requirements, "parameter_hash", id.ParameterHash);
        LineageColumns.Verify(weights, "parameter_hash", id.ParameterHash);
        LineageColumns.Verify(index, "parameter_hash", id.ParameterHash);

        var isoCodes = ReadIso(iso);

        // The three big inputs are read concurrently when workers allow; failures are reported in the fixed order
        // requirements, index, weights — the same error a sequential read would raise first.
        var parallel = workers > 1;
        var requirementsRead = Start(parallel, () => ReadRequirements(requirements, isoCodes));
        var indexRead = Start(parallel, () => ReadIndex(index, workers));
        var weightsRead = Start(parallel, () => ReadWeightRows(weights, isoCodes));
        try
        {
            // Let every read finish before reporting, so no reader keeps running after a failure.
            Task.WaitAll(requirementsRead, indexRead, weightsRead);
        }
        catch (AggregateException)
        {
            // reported below, in the fixed order
        }

        var pairs = Result(requirementsRead);
        var indexTiles = Result(indexRead);
        var (lists, dp) = Result(weightsRead);
        var (countries, denominator) = BuildCountries(weights, lists, dp, indexTiles, workers);

        for (var i = 0; i < pairs.Count; i++)
        {
            if (!countries.ContainsKey(pairs.CountryIsos[i]))
            {
                throw Fail(S4Codes.WeightsMissing, layout.TileWeights, null, $"merchant_id={pairs.MerchantIds[i]}, legal_country_iso={pairs.CountryIsos[i]}", $"country {pairs.CountryIsos[i]} is required by S3 but has no tile weights.");
            }
        }

        return new S4Inputs(pairs, countries, dp, denominator, requirements.BytesTotal, weights.BytesTotal, index.BytesTotal);
    }

    /// <summary>
    /// The planning view of S4's inputs, for a coordinator whose shards are computed elsewhere (a cluster): the
    /// requirements, read and checked exactly as <see cref="Load"/> reads them (E401, E405, E407, E408 against the
    /// ISO table, E410 on their lineage columns), and the sizes of every input for the run report — never the tile
    /// weights or the tile index, which only the shard workers read and check. The shard plan and
    /// <see cref="S4Shards.Combine"/> depend on the requirements alone, so they are those of a full load.
    /// <see cref="S4Inputs.Countries"/> is empty: these inputs cannot allocate a pair.
    /// </summary>
    /// <param name="layout">Resolved paths and tokens.</param>
    public static S4Inputs LoadRequirements(Segment1BLayout layout)
    {
        // Presence in Load's order, so a missing input is reported with the same code as a full load would.
        var requirements = ParquetDataset.TryOpen(layout.Requirements)
            ?? throw Fail(S4Codes.RequirementsMissing, layout.Requirements, null, null, "the s3_requirements partition is missing or has no .parquet files; run S3 for this seed/fingerprint/parameter_hash first.");
        var weights = ParquetDataset.TryOpen(layout.TileWeights)
            ?? throw Fail(S4Codes.WeightsMissing, layout.TileWeights, null, null, "the tile_weights partition is missing or has no .parquet files; run S2 for this parameter_hash first.");
        var iso = ParquetDataset.TryOpen(layout.IsoTable)
            ?? throw Fail(S4Codes.CoverageMissing, layout.IsoTable, null, null, "the ISO country table is missing; install the reference data or pass a --dictionary that points at it.");
        var index = ParquetDataset.TryOpen(layout.TileIndex)
            ?? throw Fail(S4Codes.CoverageMissing, layout.TileIndex, null, null, "the tile_index partition is missing; run S1 for this parameter_hash first.");

        var id = layout.Identity;
        LineageColumns.Verify(requirements, "seed", id.Seed);
        LineageColumns.Verify(requirements, "manifest_fingerprint", id.ManifestFingerprint);
        LineageColumns.Verify(requirements, "parameter_hash", id.ParameterHash);
        var pairs = ReadRequirements(requirements, ReadIso(iso));
        return new S4Inputs(pairs, new Dictionary<string, CountryTiles>(StringComparer.Ordinal), 0, 0, requirements.BytesTotal, weights.BytesTotal, index.BytesTotal);
    }

    internal static bool IsIsoCode(string s) => s.Length == 2 && s[0] is >= 'A' and <= 'Z' && s[1] is >= 'A' and <= 'Z';

    private static HashSet<string> ReadIso(ParquetDataset iso)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in iso.ReadBatches([new("country_iso", ParquetColumnKind.String)], S4Codes.SchemaInvalid))
        {
            codes.UnionWith(batch.String("country_iso"));
        }

        return codes;
    }

    private static RequirementPairs ReadRequirements(ParquetDataset ds, HashSet<string> iso)
    {
        var merchants = new List<long>();
        var countries = new List<string>();
        var sites = new List<long>();
        var intern = new Dictionary<string, string>(StringComparer.Ordinal);
        ParquetColumnSpec[] cols = [new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String), new("n_sites", ParquetColumnKind.Int64)];
        foreach (var b in ds.ReadBatches(cols, S4Codes.SchemaInvalid))
        {
            var m = b.Int64("merchant_id");
            var c = b.String("legal_country_iso");
            var n = b.Int64("n_sites");
            for (var i = 0; i < b.RowCount; i++)
            {
                if (m[i] < 1)
                {
                    throw Fail(S4Codes.SchemaInvalid, b.File, b.FirstRow + i, $"merchant_id={m[i]}, legal_country_iso={c[i]}", $"merchant_id {m[i]} must be in 1..2^63−1.");
                }

                if (!IsIsoCode(c[i]))
                {
                    throw Fail(S4Codes.SchemaInvalid, b.File, b.FirstRow + i, $"merchant_id={m[i]}, legal_country_iso={c[i]}", $"legal_country_iso '{c[i]}' must match ^[A-Z]{{2}}$.");
                }

                if (n[i] < 1)
                {
                    throw Fail(S4Codes.SchemaInvalid, b.File, b.FirstRow + i, $"merchant_id={m[i]}, legal_country_iso={c[i]}", $"n_sites {n[i]} must be ≥ 1.");
                }

                if (!iso.Contains(c[i]))
                {
                    throw Fail(S4Codes.CoverageMissing, b.File, b.FirstRow + i, $"merchant_id={m[i]}, legal_country_iso={c[i]}", $"legal_country_iso {c[i]} is not in the ISO table.");
                }

                if (!intern.TryGetValue(c[i], out var code))
                {
                    intern[c[i]] = code = c[i];
                }

                merchants.Add(m[i]);
                countries.Add(code);
                sites.Add(n[i]);
            }
        }

        var pairs = SortPairs(merchants.ToArray(), countries.ToArray(), sites.ToArray());
        for (var i = 1; i < pairs.Count; i++)
        {
            if (pairs.MerchantIds[i] == pairs.MerchantIds[i - 1] && pairs.CountryIsos[i] == pairs.CountryIsos[i - 1])
            {
                throw Fail(S4Codes.PkDuplicate, ds.Location, null, $"merchant_id={pairs.MerchantIds[i]}, legal_country_iso={pairs.CountryIsos[i]}", "s3_requirements has this (merchant_id, legal_country_iso) more than once.");
            }
        }

        return pairs;
    }

    // Sorted by (merchant_id, legal_country_iso ordinal); input already in that order (the usual case) is kept as is.
    private static RequirementPairs SortPairs(long[] merchants, string[] countries, long[] sites)
    {
        var sorted = true;
        for (var i = 1; i < merchants.Length && sorted; i++)
        {
            sorted = merchants[i - 1] < merchants[i] || (merchants[i - 1] == merchants[i] && string.CompareOrdinal(countries[i - 1], countries[i]) <= 0);
        }

        if (sorted)
        {
            return new RequirementPairs(merchants, countries, sites);
        }

        var ranks = countries.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select((c, r) => (c, r)).ToDictionary(x => x.c, x => x.r, StringComparer.Ordinal);
        var keys = new PairKey[merchants.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = new PairKey(merchants[i], ranks[countries[i]], i);
        }

        Array.Sort(keys);
        return new RequirementPairs(
            keys.Select(k => merchants[k.Position]).ToArray(),
            keys.Select(k => countries[k.Position]).ToArray(),
            keys.Select(k => sites[k.Position]).ToArray());
    }

    private static Task<T> Start<T>(bool parallel, Func<T> read) =>
        parallel ? Task.Run(read) : Task.FromResult(read());

    private static T Result<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static Dictionary<string, ulong[]> ReadIndex(ParquetDataset ds, int workers)
    {
        var lists = new Dictionary<string, List<ulong>>(StringComparer.Ordinal);
        foreach (var b in ds.ReadBatches([new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64)], S4Codes.SchemaInvalid))
        {
            var c = b.String("country_iso");
            var t = b.UInt64("tile_id");
            string? last = null;
            List<ulong>? list = null;
            for (var i = 0; i < b.RowCount; i++)
            {
                // Rows of a country usually come together: skip the dictionary lookup within a run.
                if (!string.Equals(c[i], last, StringComparison.Ordinal))
                {
                    if (!lists.TryGetValue(c[i], out list))
                    {
                        lists[c[i]] = list = [];
                    }

                    last = c[i];
                }

                list!.Add(t[i]);
            }
        }

        var entries = lists.ToArray();
        var sorted = new ulong[entries.Length][];
        Parallel.For(0, entries.Length, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            sorted[i] = entries[i].Value.ToArray();
            SortIfNeeded(sorted[i]);
        });
        var result = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Length; i++)
        {
            result[entries[i].Key] = sorted[i];
        }

        return result;
    }

    private static (Dictionary<string, List<TileWeight>> Lists, int Dp) ReadWeightRows(ParquetDataset ds, HashSet<string> iso)
    {
        var lists = new Dictionary<string, List<TileWeight>>(StringComparer.Ordinal);
        long? dp = null;
        ParquetColumnSpec[] cols =
        [
            new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64),
            new("weight_fp", ParquetColumnKind.UInt64), new("dp", ParquetColumnKind.Int64),
            new("zero_mass_fallback", ParquetColumnKind.Boolean, Required: false),
        ];
        foreach (var b in ds.ReadBatches(cols, S4Codes.SchemaInvalid, new Dictionary<string, string> { ["dp"] = S4Codes.WeightsMissing }))
        {
            var c = b.String("country_iso");
            var t = b.UInt64("tile_id");
            var w = b.UInt64("weight_fp");
            var d = b.Int64("dp");
            string? last = null;
            List<TileWeight>? list = null;
            for (var i = 0; i < b.RowCount; i++)
            {
                if (dp is null)
                {
                    dp = d[i];
                    if (dp < 0 || dp > 19)
                    {
                        throw Fail(S4Codes.WeightsMissing, b.File, b.FirstRow + i, "dp", $"dp {dp} is outside 0..19 (10^dp must fit in 64 bits).");
                    }
                }
                else if (d[i] != dp)
                {
                    throw Fail(S4Codes.WeightsMissing, b.File, b.FirstRow + i, "dp", $"dp is not unique in the partition: {dp} and {d[i]}.");
                }

                if (!string.Equals(c[i], last, StringComparison.Ordinal))
                {
                    if (!lists.TryGetValue(c[i], out list))
                    {
                        if (!iso.Contains(c[i]))
                        {
                            throw Fail(S4Codes.CoverageMissing, b.File, b.FirstRow + i, $"country_iso={c[i]}", $"weights country {c[i]} is not in the ISO table.");
                        }

                        lists[c[i]] = list = [];
                    }

                    last = c[i];
                }

                list!.Add(new TileWeight(w[i], t[i]));
            }
        }

        if (dp is null)
        {
            throw Fail(S4Codes.WeightsMissing, ds.Location, null, "dp", "tile_weights has no rows, so dp is unknown.");
        }

        return (lists, (int)dp.Value);
    }

    // Per country: coverage against the index, the presort, and the exact 10^dp sum. Countries are prepared in
    // parallel; the reported failure is the one of the first country in file order, as a sequential pass would.
    private static (Dictionary<string, CountryTiles> Countries, ulong Denominator) BuildCountries(
        ParquetDataset ds, Dictionary<string, List<TileWeight>> lists, int dp, Dictionary<string, ulong[]> index, int workers)
    {
        var denominator = 1UL;
        for (var i = 0; i < dp; i++)
        {
            denominator *= 10;
        }

        var entries = lists.ToArray();
        var built = new CountryTiles[entries.Length];
        var failures = new AllotException?[entries.Length];
        Parallel.For(0, entries.Length, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            var (country, list) = entries[i];
            try
            {
                var tiles = list.ToArray();
                CheckCoverage(ds, country, tiles, index);
                UInt128 sum = 0;
                foreach (var tw in tiles)
                {
                    sum += tw.Weight;
                }

                if (sum != denominator)
                {
                    throw Fail(S4Codes.WeightsMissing, ds.Location, null, $"country_iso={country}", $"weights of {country} sum to {sum}, not 10^{dp} = {denominator}; weights are never renormalised: fix S2.");
                }

                var (ids, weights) = Presort(tiles);
                built[i] = new CountryTiles(country, ids, weights);
            }
            catch (AllotException ex)
            {
                failures[i] = ex;
            }
        });

        var first = failures.FirstOrDefault(f => f is not null);
        if (first is not null)
        {
            throw first;
        }

        var countries = new Dictionary<string, CountryTiles>(StringComparer.Ordinal);
        foreach (var c in built)
        {
            countries[c.CountryIso] = c;
        }

        return (countries, denominator);
    }

    // Every weighted tile must be in the index, and (country, tile_id) must be unique in the weights.
    private static void CheckCoverage(ParquetDataset ds, string country, TileWeight[] tiles, Dictionary<string, ulong[]> index)
    {
        var ids = new ulong[tiles.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = tiles[i].TileId;
        }

        SortIfNeeded(ids);
        index.TryGetValue(country, out var universe);
        universe ??= [];
        var u = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            if (i > 0 && ids[i] == ids[i - 1])
            {
                throw Fail(S4Codes.PkDuplicate, ds.Location, null, $"country_iso={country}, tile_id={ids[i]}", "tile_weights has this (country_iso, tile_id) more than once.");
            }

            while (u < universe.Length && universe[u] < ids[i])
            {
                u++;
            }

            if (u >= universe.Length || universe[u] != ids[i])
            {
                throw Fail(S4Codes.CoverageMissing, ds.Location, null, $"country_iso={country}, tile_id={ids[i]}", "this weighted tile is not in tile_index.");
            }
        }
    }

    // The presort order (weight descending, then tile_id ascending) — the order of TileWeight — by a primitive
    // key/item sort on ~weight (fast, no comparer calls), then runs of equal weights put in tile_id order.
    private static (ulong[] Ids, ulong[] Weights) Presort(TileWeight[] tiles)
    {
        var keys = new ulong[tiles.Length];
        var ids = new ulong[tiles.Length];
        for (var t = 0; t < tiles.Length; t++)
        {
            keys[t] = ~tiles[t].Weight;
            ids[t] = tiles[t].TileId;
        }

        Array.Sort(keys, ids);
        var start = 0;
        for (var t = 1; t <= keys.Length; t++)
        {
            if (t == keys.Length || keys[t] != keys[start])
            {
                if (t - start > 1)
                {
                    Array.Sort(ids, start, t - start);
                }

                start = t;
            }
        }

        for (var t = 0; t < keys.Length; t++)
        {
            keys[t] = ~keys[t];
        }

        return (ids, keys);
    }

    // Producers usually write tiles in (country_iso, tile_id) order: one linear check skips the sort then.
    private static void SortIfNeeded(ulong[] values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1])
            {
                Array.Sort(values);
                return;
            }
        }
    }

    private static AllotException Fail(string code, string file, long? row, string? key, string message) =>
        new(new AllotError(code, ErrorClass.Input, message, File: file, Row: row, Key: key));
}
