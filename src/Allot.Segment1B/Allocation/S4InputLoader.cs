using System.Runtime.CompilerServices;
using Allot.Core.Errors;
using Allot.Data.Diagnostics;
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
    /// <param name="progress">Receives the input files read so far (phase <c>load</c>), or null.</param>
    public static S4Inputs Load(Segment1BLayout layout, int workers = 1, IProgress<Data.Diagnostics.PhaseProgress>? progress = null)
    {
        var (requirements, weights, iso, index) = Open(layout);
        var files = new ProgressCounter(progress, "load", requirements.Files.Count + weights.Files.Count + index.Files.Count, "input files");

        // The three big inputs are read concurrently when workers allow, the index and the weights each as `workers`
        // runs of consecutive files (so that no single file list is left running alone on one core at the end), every
        // read on a thread of its own — the last weights part on this thread — so that none waits for a pool thread.
        // The index needs neither the ISO table nor the lineage checks, so its reads start first, beside them. Parts
        // are merged in file order, and failures are reported in the sequential order — lineage (weights, index), ISO
        // table, then requirements, index, weights — each input's the one a sequential read of its files raises first.
        var parallel = workers > 1;
        var parts = parallel ? workers : 1;
        var indexRuns = Split(index.Files, parts);
        var indexReads = parallel ? indexRuns.Select(part => Start(true, () => ReadIndexPart(part, files))).ToArray() : null;
        HashSet<string> isoCodes;
        try
        {
            var id = layout.Identity;
            LineageColumns.Verify(weights, "parameter_hash", id.ParameterHash);
            LineageColumns.Verify(index, "parameter_hash", id.ParameterHash);
            isoCodes = ReadIso(iso);
        }
        catch (AllotException)
        {
            // No reader keeps running after a failure.
            WaitQuietly(indexReads ?? []);
            throw;
        }

        var requirementsRead = Start(parallel, () => ReadRequirements(requirements, isoCodes, files));
        indexReads ??= indexRuns.Select(part => Start(false, () => ReadIndexPart(part, files))).ToArray();
        var weightRuns = Split(weights.Files, parts);
        var weightReads = weightRuns.Select((part, i) => i < weightRuns.Count - 1
            ? Start(parallel, () => ReadWeightPart(part, isoCodes, files))
            : Here(() => ReadWeightPart(part, isoCodes, files))).ToArray();
        try
        {
            // Let every read finish before reporting, so no reader keeps running after a failure.
            Task.WaitAll([requirementsRead, .. indexReads, .. weightReads]);
        }
        catch (AggregateException)
        {
            // reported below, in the fixed order
        }

        var pairs = Result(requirementsRead);
        var indexTiles = MergeIndex(indexReads.Select(Result), workers);
        var (lists, dp) = MergeWeights(weights, weightReads.Select(Result));
        var (countries, denominator) = BuildCountries(weights, lists, dp, indexTiles, workers);

        for (var i = 0; i < pairs.Count; i++)
        {
            if (!countries.ContainsKey(pairs.CountryIsos[i]))
            {
                throw Fail(S4Codes.WeightsMissing, layout.TileWeights, null, $"merchant_id={pairs.MerchantIds[i]}, legal_country_iso={pairs.CountryIsos[i]}", $"country {pairs.CountryIsos[i]} is required by S3 but has no tile weights.");
            }
        }

        files.Complete();
        return new S4Inputs(pairs, countries, dp, denominator, requirements.BytesTotal, weights.BytesTotal, index.BytesTotal);
    }

    /// <summary>
    /// Opens the four inputs in a fixed order (a missing one is reported with its own code, first missing first)
    /// and checks the requirements' lineage columns against the run's identity.
    /// </summary>
    private static (ParquetDataset Requirements, ParquetDataset Weights, ParquetDataset Iso, ParquetDataset Index) Open(Segment1BLayout layout)
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
        return (requirements, weights, iso, index);
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
        var (requirements, weights, iso, index) = Open(layout);
        var pairs = ReadRequirements(requirements, ReadIso(iso), new ProgressCounter(null, "load", requirements.Files.Count, "input files"));
        return new S4Inputs(pairs, new Dictionary<string, CountryTiles>(StringComparer.Ordinal), 0, 0, requirements.BytesTotal, weights.BytesTotal, index.BytesTotal);
    }

    // The batches of a dataset, counting each file as done when its last row group has been taken.
    private static IEnumerable<ParquetBatch> Counted(IEnumerable<ParquetBatch> batches, ProgressCounter files)
    {
        string? current = null;
        foreach (var b in batches)
        {
            if (current is not null && !string.Equals(current, b.File, StringComparison.Ordinal))
            {
                files.Add(1);
            }

            current = b.File;
            yield return b;
        }

        if (current is not null)
        {
            files.Add(1);
        }
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

    private static RequirementPairs ReadRequirements(ParquetDataset ds, HashSet<string> iso, ProgressCounter files)
    {
        // Millions of rows with a few hundred distinct country codes: each code is checked against the ISO table
        // once, by its slot among the 26 × 26 two-letter codes (whose order is the codes' ordinal order), and every
        // row of it shares one string. Batches are kept and joined once at the end (no list growth, no copies).
        var codes = new string?[26 * 26];
        var merchantBatches = new List<long[]>();
        var countryBatches = new List<string[]>();
        var siteBatches = new List<long[]>();
        var batchRows = new List<int>();
        var rows = 0;
        var sorted = true;
        long prevMerchant = 0;
        var prevSlot = -1;
        long duplicateAt = -1;
        ParquetColumnSpec[] cols = [new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String), new("n_sites", ParquetColumnKind.Int64)];
        foreach (var b in Counted(ds.ReadBatches(cols, S4Codes.SchemaInvalid), files))
        {
            var m = b.Int64("merchant_id");
            var c = b.String("legal_country_iso");
            var n = b.Int64("n_sites");
            var shared = new string[b.RowCount];
            for (var i = 0; i < b.RowCount; i++)
            {
                if (m[i] < 1)
                {
                    throw Fail(S4Codes.SchemaInvalid, b.File, b.FirstRow + i, $"merchant_id={m[i]}, legal_country_iso={c[i]}", $"merchant_id {m[i]} must be in 1..2^63−1.");
                }

                var code = c[i];
                if (!IsIsoCode(code))
                {
                    throw Fail(S4Codes.SchemaInvalid, b.File, b.FirstRow + i, $"merchant_id={m[i]}, legal_country_iso={code}", $"legal_country_iso '{code}' must match ^[A-Z]{{2}}$.");
                }

                if (n[i] < 1)
                {
                    throw Fail(S4Codes.SchemaInvalid, b.File, b.FirstRow + i, $"merchant_id={m[i]}, legal_country_iso={code}", $"n_sites {n[i]} must be ≥ 1.");
                }

                var slot = ((code[0] - 'A') * 26) + (code[1] - 'A');
                if (codes[slot] is not { } known)
                {
                    if (!iso.Contains(code))
                    {
                        throw Fail(S4Codes.CoverageMissing, b.File, b.FirstRow + i, $"merchant_id={m[i]}, legal_country_iso={code}", $"legal_country_iso {code} is not in the ISO table.");
                    }

                    codes[slot] = known = code;
                }

                shared[i] = known;

                // Order and duplicates in one pass when the input is already sorted (the usual case); otherwise
                // they are decided after sorting. (prevMerchant starts at 0, below every valid merchant_id.)
                if (sorted)
                {
                    if (m[i] < prevMerchant || (m[i] == prevMerchant && slot < prevSlot))
                    {
                        sorted = false;
                    }
                    else if (m[i] == prevMerchant && slot == prevSlot && duplicateAt < 0)
                    {
                        duplicateAt = rows + i;
                    }
                }

                prevMerchant = m[i];
                prevSlot = slot;
            }

            merchantBatches.Add(m);
            countryBatches.Add(shared);
            siteBatches.Add(n);
            batchRows.Add(b.RowCount);
            rows = checked(rows + b.RowCount);
        }

        var merchants = Join(merchantBatches, batchRows, rows);
        var countries = Join(countryBatches, batchRows, rows);
        var sites = Join(siteBatches, batchRows, rows);
        var pairs = sorted ? new RequirementPairs(merchants, countries, sites) : SortPairs(merchants, countries, sites);
        var first = sorted ? duplicateAt : FirstDuplicate(pairs);
        if (first >= 0)
        {
            throw Fail(S4Codes.PkDuplicate, ds.Location, null, $"merchant_id={pairs.MerchantIds[first]}, legal_country_iso={pairs.CountryIsos[first]}", "s3_requirements has this (merchant_id, legal_country_iso) more than once.");
        }

        return pairs;
    }

    private static T[] Join<T>(List<T[]> batches, List<int> batchRows, int rows)
    {
        if (batches.Count == 1 && batches[0].Length == rows)
        {
            return batches[0];
        }

        var all = new T[rows];
        var at = 0;
        for (var k = 0; k < batches.Count; k++)
        {
            Array.Copy(batches[k], 0, all, at, batchRows[k]);
            at += batchRows[k];
        }

        return all;
    }

    private static long FirstDuplicate(RequirementPairs pairs)
    {
        for (var i = 1; i < pairs.Count; i++)
        {
            if (pairs.MerchantIds[i] == pairs.MerchantIds[i - 1] && pairs.CountryIsos[i] == pairs.CountryIsos[i - 1])
            {
                return i;
            }
        }

        return -1;
    }

    // Sorted by (merchant_id, legal_country_iso ordinal); called only for input found out of that order.
    private static RequirementPairs SortPairs(long[] merchants, string[] countries, long[] sites)
    {
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

    // A read on a thread of its own (not a pool thread, which the other reads and the caller's wait could starve), or
    // inline when reading sequentially.
    private static Task<T> Start<T>(bool parallel, Func<T> read) =>
        parallel ? Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default) : Task.FromResult(read());

    // A read on this thread, its failure kept in the task like those of the reads on other threads.
    private static Task<T> Here<T>(Func<T> read)
    {
        try
        {
            return Task.FromResult(read());
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    private static void WaitQuietly(Task[] tasks)
    {
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException)
        {
            // the failure being reported comes first
        }
    }

    private static T Result<T>(Task<T> task) => task.GetAwaiter().GetResult();

    // `files` cut into `parts` runs of consecutive files (fewer when there are fewer files; at least one run).
    private static List<string[]> Split(IReadOnlyList<string> files, int parts)
    {
        var runs = new List<string[]>();
        parts = Math.Max(1, Math.Min(parts, files.Count));
        var from = 0;
        for (var p = 0; p < parts; p++)
        {
            var to = (int)((long)files.Count * (p + 1) / parts);
            runs.Add(files.Skip(from).Take(to - from).ToArray());
            from = to;
        }

        return runs;
    }

    // The batches of some files of a dataset, file after file (each read as the dataset reads it).
    private static IEnumerable<ParquetBatch> Batches(IEnumerable<string> files, IReadOnlyList<ParquetColumnSpec> cols, IReadOnlyDictionary<string, string>? nullCodes, ProgressCounter progress)
    {
        foreach (var file in files)
        {
            foreach (var b in Counted(ParquetDataset.TryOpen(file)!.ReadBatches(cols, S4Codes.SchemaInvalid, nullCodes), progress))
            {
                yield return b;
            }
        }
    }

    // Some files of the index, grouped per country into compact growable arrays: rows of a country usually come
    // together, so a whole run of a batch is appended at once (no per-row dictionary lookup, no per-row objects).
    // A failure is kept with the rows read before it (the merge reports the first part's failure).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TilePart ReadIndexPart(IEnumerable<string> files, ProgressCounter progress)
    {
        var lists = new Dictionary<string, TileBuffer>(StringComparer.Ordinal);
        try
        {
            foreach (var b in Batches(files, [new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64)], null, progress))
            {
                var c = b.String("country_iso");
                var t = b.UInt64("tile_id");
                for (var i = 0; i < b.RowCount;)
                {
                    var end = RunEnd(c, i, b.RowCount);
                    if (!lists.TryGetValue(c[i], out var list))
                    {
                        lists[c[i]] = list = new TileBuffer(end - i);
                    }

                    list.Append(t.AsSpan(i, end - i));
                    i = end;
                }
            }
        }
        catch (AllotException ex)
        {
            return new TilePart(lists, null, null, 0, ex);
        }

        return new TilePart(lists, null, null, 0, null);
    }

    // The index parts joined in file order (the first part's failure first), each country's ids sorted if needed.
    private static Dictionary<string, TileBuffer> MergeIndex(IEnumerable<TilePart> parts, int workers)
    {
        var lists = Join(parts.Select(p => p.Failure is null ? p.Lists : throw p.Failure));
        var entries = lists.Values.ToArray();
        Parallel.For(0, entries.Length, new ParallelOptions { MaxDegreeOfParallelism = workers }, i => SortIfNeeded(entries[i].Ids.AsSpan(0, entries[i].Count)));
        return lists;
    }

    // Per-country buffers of consecutive parts, joined in order: a country's rows in part order, countries in order of
    // first appearance.
    private static Dictionary<string, TileBuffer> Join(IEnumerable<Dictionary<string, TileBuffer>> parts)
    {
        Dictionary<string, TileBuffer>? joined = null;
        foreach (var part in parts)
        {
            if (joined is null)
            {
                joined = part;
                continue;
            }

            foreach (var (country, buffer) in part)
            {
                if (joined.TryGetValue(country, out var existing))
                {
                    existing.Append(buffer);
                }
                else
                {
                    joined[country] = buffer;
                }
            }
        }

        return joined ?? new Dictionary<string, TileBuffer>(StringComparer.Ordinal);
    }

    // The weights parts joined in file order, with the sequential read's verdict: the first part's dp is the dp; a
    // later part whose first dp differs fails at its first row (as the sequential read would, before anything else
    // in that part); otherwise the first failure in file order.
    private static (Dictionary<string, TileBuffer> Lists, int Dp) MergeWeights(ParquetDataset ds, IEnumerable<TilePart> inOrder)
    {
        long? dp = null;
        var parts = new List<TilePart>();
        foreach (var part in inOrder)
        {
            parts.Add(part);
            if (dp is not null && part.FirstDp is not null && part.FirstDp != dp)
            {
                throw Fail(S4Codes.WeightsMissing, part.FirstFile!, part.FirstRow, "dp", $"dp is not unique in the partition: {dp} and {part.FirstDp}.");
            }

            if (part.Failure is not null)
            {
                throw part.Failure;
            }

            dp ??= part.FirstDp;
        }

        if (dp is null)
        {
            throw Fail(S4Codes.WeightsMissing, ds.Location, null, "dp", "tile_weights has no rows, so dp is unknown.");
        }

        return (Join(parts.Select(p => p.Lists)), (int)dp.Value);
    }

    // Some files of the weights, grouped per country like the index. The part's first dp is the reference within the
    // part (range-checked as the partition's dp would be: the merge decides whether the part was first); a failure is
    // kept with the part's first dp and where it was read.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TilePart ReadWeightPart(IEnumerable<string> files, HashSet<string> iso, ProgressCounter progress)
    {
        var lists = new Dictionary<string, TileBuffer>(StringComparer.Ordinal);
        long? dp = null;
        string? firstFile = null;
        long firstRow = 0;
        ParquetColumnSpec[] cols =
        [
            new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64),
            new("weight_fp", ParquetColumnKind.UInt64), new("dp", ParquetColumnKind.Int64),
            new("zero_mass_fallback", ParquetColumnKind.Boolean, Required: false),
        ];
        try
        {
            foreach (var b in Batches(files, cols, new Dictionary<string, string> { ["dp"] = S4Codes.WeightsMissing }, progress))
            {
                var c = b.String("country_iso");
                var t = b.UInt64("tile_id");
                var w = b.UInt64("weight_fp");
                var d = b.Int64("dp");
                if (b.RowCount == 0)
                {
                    continue;
                }

                if (dp is null)
                {
                    dp = d[0];
                    firstFile = b.File;
                    firstRow = b.FirstRow;
                    if (dp < 0 || dp > 19)
                    {
                        throw Fail(S4Codes.WeightsMissing, b.File, b.FirstRow, "dp", $"dp {dp} is outside 0..19 (10^dp must fit in 64 bits).");
                    }
                }

                // Rows before the first other dp are taken (a sequential pass reports a country problem on such a row
                // first); the first other dp is then the error.
                var valid = d.AsSpan(0, b.RowCount).IndexOfAnyExcept(dp.Value);
                var rows = valid < 0 ? b.RowCount : valid;
                for (var i = 0; i < rows;)
                {
                    var end = RunEnd(c, i, rows);
                    if (!lists.TryGetValue(c[i], out var list))
                    {
                        if (!iso.Contains(c[i]))
                        {
                            throw Fail(S4Codes.CoverageMissing, b.File, b.FirstRow + i, $"country_iso={c[i]}", $"weights country {c[i]} is not in the ISO table.");
                        }

                        lists[c[i]] = list = new TileBuffer(end - i, withWeights: true);
                    }

                    list.Append(t.AsSpan(i, end - i), w.AsSpan(i, end - i));
                    i = end;
                }

                if (valid >= 0)
                {
                    throw Fail(S4Codes.WeightsMissing, b.File, b.FirstRow + valid, "dp", $"dp is not unique in the partition: {dp} and {d[valid]}.");
                }
            }
        }
        catch (AllotException ex)
        {
            return new TilePart(lists, dp, firstFile, firstRow, ex);
        }

        return new TilePart(lists, dp, firstFile, firstRow, null);
    }

    // End of the run of rows [from, limit) holding the same country (the reader interns equal strings, so the
    // reference check decides almost every row).
    private static int RunEnd(string[] c, int from, int limit)
    {
        var first = c[from];
        var end = from + 1;
        while (end < limit && (ReferenceEquals(c[end], first) || string.Equals(c[end], first, StringComparison.Ordinal)))
        {
            end++;
        }

        return end;
    }

    // Per country: coverage against the index, the presort, and the exact 10^dp sum. Countries are prepared in
    // parallel; the reported failure is the one of the first country in file order, as a sequential pass would.
    // Each country's buffers are sorted in place and handed over (trimmed), and its index entry is released as soon
    // as it has been checked, so the transient memory is one country's worth per worker.
    private static (Dictionary<string, CountryTiles> Countries, ulong Denominator) BuildCountries(
        ParquetDataset ds, Dictionary<string, TileBuffer> lists, int dp, Dictionary<string, TileBuffer> index, int workers)
    {
        var denominator = 1UL;
        for (var i = 0; i < dp; i++)
        {
            denominator *= 10;
        }

        var entries = lists.ToArray();
        var universes = entries.Select(e => index.GetValueOrDefault(e.Key)).ToArray();
        index.Clear();
        lists.Clear();
        var built = new CountryTiles[entries.Length];
        var failures = new AllotException?[entries.Length];
        Parallel.For(0, entries.Length, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            var (country, list) = entries[i];
            entries[i] = default;
            try
            {
                var universe = universes[i];
                universes[i] = null;
                built[i] = PrepareCountry(ds, country, list, universe, dp, denominator);
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

    // One country: coverage, the exact sum, the presort (a method of its own, optimised at once: the loop body of a
    // parallel loop would run unoptimised, with a call per 128-bit addition).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static CountryTiles PrepareCountry(ParquetDataset ds, string country, TileBuffer list, TileBuffer? universe, int dp, ulong denominator)
    {
        CheckCoverage(ds, country, list, universe);
        UInt128 sum = 0;
        foreach (var weight in list.Weights.AsSpan(0, list.Count))
        {
            sum += weight;
        }

        if (sum != denominator)
        {
            throw Fail(S4Codes.WeightsMissing, ds.Location, null, $"country_iso={country}", $"weights of {country} sum to {sum}, not 10^{dp} = {denominator}; weights are never renormalised: fix S2.");
        }

        Presort(list);
        return new CountryTiles(country, list.TrimmedIds(), list.TrimmedWeights());
    }

    // Every weighted tile must be in the index, and (country, tile_id) must be unique in the weights.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckCoverage(ParquetDataset ds, string country, TileBuffer tiles, TileBuffer? index)
    {
        var count = tiles.Count;
        var given = tiles.Ids.AsSpan(0, count);
        // Weights are usually in tile_id order already: then they are checked where they are, without a copy.
        ulong[]? copy = null;
        var ids = given;
        if (!IsSorted(given))
        {
            copy = given.ToArray();
            Array.Sort(copy);
            ids = copy;
        }

        var universe = index is null ? [] : index.Ids.AsSpan(0, index.Count);
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

    // The presort order (weight descending, then tile_id ascending), in place. Tiles
    // given in tile_id order (the usual case; checked) are put in order by a stable LSD radix sort on
    // (max − weight): ties keep their tile_id order, and the work is a few linear passes instead of a comparison
    // sort. Otherwise a primitive key/item sort on ~weight, then runs of equal weights put in tile_id order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Presort(TileBuffer tiles)
    {
        var keys = tiles.Weights.AsSpan(0, tiles.Count);
        var ids = tiles.Ids.AsSpan(0, tiles.Count);
        if (keys.Length > 1 && IsSorted(ids))
        {
            RadixPresort(tiles.Weights, tiles.Ids, tiles.Count);
            return;
        }

        for (var t = 0; t < keys.Length; t++)
        {
            keys[t] = ~keys[t];
        }

        keys.Sort(ids);
        var start = 0;
        for (var t = 1; t <= keys.Length; t++)
        {
            if (t == keys.Length || keys[t] != keys[start])
            {
                if (t - start > 1)
                {
                    SortIfNeeded(ids[start..t]);
                }

                start = t;
            }
        }

        for (var t = 0; t < keys.Length; t++)
        {
            keys[t] = ~keys[t];
        }
    }

    /// <summary>The presort of <paramref name="ids"/>/<paramref name="weights"/> (copies; for tests).</summary>
    internal static (ulong[] Ids, ulong[] Weights) Presorted(ulong[] ids, ulong[] weights)
    {
        var buffer = new TileBuffer(ids.Length, withWeights: true);
        buffer.Append(ids, weights);
        Presort(buffer);
        return (buffer.TrimmedIds(), buffer.TrimmedWeights());
    }

    private const int RadixBits = 11;
    private const int RadixBuckets = 1 << RadixBits;

    // Stable LSD radix sort of (weights, ids) by weight descending: key = max − weight, 11-bit digits, only as many
    // passes as max has digits, a pass skipped when every key has the same digit there.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RadixPresort(ulong[] weights, ulong[] ids, int n)
    {
        var max = 0UL;
        for (var i = 0; i < n; i++)
        {
            max = Math.Max(max, weights[i]);
        }

        for (var i = 0; i < n; i++)
        {
            weights[i] = max - weights[i];
        }

        var passes = (64 - System.Numerics.BitOperations.LeadingZeroCount(max) + RadixBits - 1) / RadixBits;
        var counts = new int[passes * RadixBuckets];
        for (var i = 0; i < n; i++)
        {
            var k = weights[i];
            for (var p = 0; p < passes; p++)
            {
                counts[(p * RadixBuckets) + (int)((k >> (p * RadixBits)) & (RadixBuckets - 1))]++;
            }
        }

        // Scratch from the shared pool: a fresh pair of arrays per country would be fresh large-object memory, each
        // allocation counting towards the next full garbage collection.
        var keyBuffer = System.Buffers.ArrayPool<ulong>.Shared.Rent(n);
        var idBuffer = System.Buffers.ArrayPool<ulong>.Shared.Rent(n);
        ulong[] srcKeys = weights, srcIds = ids, dstKeys = keyBuffer, dstIds = idBuffer;
        for (var p = 0; p < passes; p++)
        {
            var count = counts.AsSpan(p * RadixBuckets, RadixBuckets);
            var shift = p * RadixBits;
            if (count[(int)((srcKeys[0] >> shift) & (RadixBuckets - 1))] == n)
            {
                continue;
            }

            var offset = 0;
            for (var b = 0; b < RadixBuckets; b++)
            {
                var c = count[b];
                count[b] = offset;
                offset += c;
            }

            for (var i = 0; i < n; i++)
            {
                var k = srcKeys[i];
                var at = count[(int)((k >> shift) & (RadixBuckets - 1))]++;
                dstKeys[at] = k;
                dstIds[at] = srcIds[i];
            }

            var (tk, ti) = (srcKeys, srcIds);
            (srcKeys, srcIds) = (dstKeys, dstIds);
            (dstKeys, dstIds) = (tk, ti);
        }

        if (!ReferenceEquals(srcKeys, weights))
        {
            srcKeys.AsSpan(0, n).CopyTo(weights);
            srcIds.AsSpan(0, n).CopyTo(ids);
        }

        System.Buffers.ArrayPool<ulong>.Shared.Return(keyBuffer);
        System.Buffers.ArrayPool<ulong>.Shared.Return(idBuffer);

        for (var i = 0; i < n; i++)
        {
            weights[i] = max - weights[i];
        }
    }

    private static bool IsSorted(ReadOnlySpan<ulong> values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    // Producers usually write tiles in (country_iso, tile_id) order: one linear check skips the sort then.
    private static void SortIfNeeded(Span<ulong> values)
    {
        if (!IsSorted(values))
        {
            values.Sort();
        }
    }

    private static AllotException Fail(string code, string file, long? row, string? key, string message) =>
        new(new AllotError(code, ErrorClass.Input, message, File: file, Row: row, Key: key));

    /// <summary>What one run of files of the index or the weights gave: per-country buffers, the first dp (weights) and
    /// where it was read, and the failure that stopped the run, if any.</summary>
    private sealed record TilePart(Dictionary<string, TileBuffer> Lists, long? FirstDp, string? FirstFile, long FirstRow, AllotException? Failure);

    /// <summary>A country's tiles while loading: tile ids (and weights) in growable arrays, appended run by run.</summary>
    private sealed class TileBuffer(int capacity, bool withWeights = false)
    {
        public ulong[] Ids { get; private set; } = GC.AllocateUninitializedArray<ulong>(Math.Max(capacity, 16));

        public ulong[] Weights { get; private set; } = withWeights ? GC.AllocateUninitializedArray<ulong>(Math.Max(capacity, 16)) : [];

        public int Count { get; private set; }

        public void Append(ReadOnlySpan<ulong> ids)
        {
            Ensure(ids.Length);
            ids.CopyTo(Ids.AsSpan(Count));
            Count += ids.Length;
        }

        public void Append(ReadOnlySpan<ulong> ids, ReadOnlySpan<ulong> weights)
        {
            Ensure(ids.Length);
            ids.CopyTo(Ids.AsSpan(Count));
            weights.CopyTo(Weights.AsSpan(Count));
            Count += ids.Length;
        }

        public void Append(TileBuffer other)
        {
            if (Weights.Length > 0)
            {
                Append(other.Ids.AsSpan(0, other.Count), other.Weights.AsSpan(0, other.Count));
            }
            else
            {
                Append(other.Ids.AsSpan(0, other.Count));
            }
        }

        public ulong[] TrimmedIds() => Ids.Length == Count ? Ids : Ids.AsSpan(0, Count).ToArray();

        public ulong[] TrimmedWeights() => Weights.Length == Count ? Weights : Weights.AsSpan(0, Count).ToArray();

        private void Ensure(int more)
        {
            var need = checked(Count + more);
            if (need <= Ids.Length)
            {
                return;
            }

            var size = (int)Math.Min(Array.MaxLength, Math.Max(need, (long)Ids.Length * 2));
            var ids = GC.AllocateUninitializedArray<ulong>(size);
            Ids.AsSpan(0, Count).CopyTo(ids);
            Ids = ids;
            if (Weights.Length > 0)
            {
                var weights = GC.AllocateUninitializedArray<ulong>(size);
                Weights.AsSpan(0, Count).CopyTo(weights);
                Weights = weights;
            }
        }
    }
}
