using Allot.Data.Parquet;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Inputs;

/// <summary>
/// Reads and checks <c>country_set</c>: every row's <c>manifest_fingerprint</c> equals the run's; ISO codes are
/// two ASCII capitals; per merchant the ranks are exactly 0..K, rank 0 is the only <c>is_home</c> row, and no
/// country repeats. Rows may arrive in any order; the result is sorted by (merchant_id, rank).
/// </summary>
internal static class CountrySetReader
{
    public static CountrySets Read(string folder, string manifestFingerprint) =>
        ReadSorted(folder, manifestFingerprint) ?? ReadAnyOrder(folder, manifestFingerprint);

    /// <summary>
    /// The usual case, rows already in (merchant_id, rank) order (as every producer writes them): one row group at
    /// a time straight into the compact result (10 bytes per row, 12 per merchant), so memory does not hold whole
    /// columns. Null as soon as a row is out of order or skips a rank: the caller then reads and sorts everything.
    /// </summary>
    private static CountrySets? ReadSorted(string folder, string manifestFingerprint)
    {
        var files = Segment1AParquetFiles.List(folder, "country_set");
        var total = 0L;
        foreach (var file in files)
        {
            using var f = ParquetFile.Open(file, S7Errors.SchemaInvalid);
            total += f.RowCount;
        }

        var isoSorted = new ushort[checked((int)total)];
        // Sized for ~4 countries per merchant (fixtures and real sets average 3–6), so 10^7 merchants do not grow through doublings.
        var merchantIds = new List<long>((int)Math.Min(total / 4 + 16, Array.MaxLength));
        var offsets = new List<int>((int)Math.Min(total / 4 + 16, Array.MaxLength));
        var at = 0;
        var (previous, previousRank, merchantStart) = (long.MinValue, -1, 0);
        foreach (var file in files)
        {
            using var parquet = ParquetFile.Open(file, S7Errors.SchemaInvalid);
            var fingerprintsProven = parquet.StatisticsProveAllEqual("manifest_fingerprint", manifestFingerprint);
            var firstRow = 1L;
            for (var g = 0; g < parquet.RowGroupCount; g++)
            {
                var ids = (long[])parquet.ReadColumn(g, new ParquetColumnSpec("merchant_id", ParquetColumnKind.Int64), firstRow);
                var isHome = (bool[])parquet.ReadColumn(g, new ParquetColumnSpec("is_home", ParquetColumnKind.Boolean), firstRow);
                var rank = (int[])parquet.ReadColumn(g, new ParquetColumnSpec("rank", ParquetColumnKind.Int32), firstRow);
                var isos = (string[])parquet.ReadColumn(g, new ParquetColumnSpec("country_iso", ParquetColumnKind.String), firstRow);
                var fingerprints = fingerprintsProven ? null : (string[])parquet.ReadColumn(g, new ParquetColumnSpec("manifest_fingerprint", ParquetColumnKind.String), firstRow);
                for (var i = 0; i < ids.Length; i++)
                {
                    var row = firstRow + i;
                    var id = ids[i];
                    if (fingerprints is not null && !string.Equals(fingerprints[i], manifestFingerprint, StringComparison.Ordinal))
                    {
                        throw S7Errors.Fail(S7Errors.PathEmbedMismatch, $"manifest_fingerprint '{fingerprints[i]}' differs from the run's '{manifestFingerprint}'.", file, row, $"merchant_id={id}");
                    }

                    if (id < 1)
                    {
                        throw S7Errors.Fail(S7Errors.SchemaInvalid, $"merchant_id {id} must be in 1..2^63−1.", file, row);
                    }

                    var text = isos[i].AsSpan();
                    if (text.Length != 2 || !char.IsAsciiLetterUpper(text[0]) || !char.IsAsciiLetterUpper(text[1]))
                    {
                        throw S7Errors.Fail(S7Errors.SchemaInvalid, $"country_iso '{isos[i]}' is not two ASCII capitals (^[A-Z]{{2}}$).", file, row, $"merchant_id={id}");
                    }

                    if (id < previous || (id == previous && rank[i] <= previousRank))
                    {
                        return null;
                    }

                    if (id != previous)
                    {
                        merchantIds.Add(id);
                        offsets.Add(at);
                        merchantStart = at;
                    }

                    // A rank above the next expected one is a gap only if the missing ranks never come: rows in
                    // another order (a merchant's rank 0 later in the file) look the same here, so the reader that
                    // sorts first decides (and reports a real gap at the same row).
                    var expectedRank = at - merchantStart;
                    if (rank[i] != expectedRank)
                    {
                        return null;
                    }

                    if (isHome[i] != (expectedRank == 0))
                    {
                        throw S7Errors.Fail(S7Errors.SchemaInvalid, $"is_home is {isHome[i]} at rank {rank[i]}: exactly the rank-0 row is the home country.", file, row, $"merchant_id={id}");
                    }

                    var packed = IsoCode.Pack(text);
                    if (isoSorted.AsSpan(merchantStart, at - merchantStart).Contains(packed))
                    {
                        throw S7Errors.Fail(S7Errors.SchemaInvalid, $"country {IsoCode.Name(packed)} appears twice in the merchant's country set.", file, row, $"merchant_id={id}");
                    }

                    isoSorted[at++] = packed;
                    (previous, previousRank) = (id, rank[i]);
                }

                firstRow += ids.Length;
                Diagnostics.S7MemoryBudget.Tick();
            }
        }

        offsets.Add(at);
        return merchantIds.Count > 0
            ? new CountrySets([.. merchantIds], [.. offsets], isoSorted)
            : throw S7Errors.Fail(S7Errors.UpstreamMissing, "country_set has no rows.", folder);
    }

    /// <summary>Rows in any order: whole columns read, sorted by (merchant_id, rank), then checked.</summary>
    private static CountrySets ReadAnyOrder(string folder, string manifestFingerprint)
    {
        var merchants = new List<long[]>();
        var isos = new List<ushort[]>();
        var ranks = new List<int[]>();
        var homes = new List<bool[]>();
        var files = Segment1AParquetFiles.List(folder, "country_set");
        var fileOf = new List<(string File, int Start)>();
        var total = 0;
        foreach (var file in files)
        {
            using var columns = Segment1AParquetColumns.Open(file);
            var ids = columns.Int64("merchant_id");
            var isHome = columns.Boolean("is_home");
            var rank = columns.Int32("rank");
            var packed = new ushort[ids.Length];
            // A fingerprint on every row: row-group statistics (min = max = the run's) prove it without decoding 5M strings.
            if (!columns.StatisticsProveAllEqual("manifest_fingerprint", manifestFingerprint))
            {
                columns.EachText("manifest_fingerprint", (i, fingerprint) =>
                {
                    if (!fingerprint.Span.SequenceEqual(manifestFingerprint))
                    {
                        throw S7Errors.Fail(S7Errors.PathEmbedMismatch, $"manifest_fingerprint '{fingerprint}' differs from the run's '{manifestFingerprint}'.", file, i + 1, $"merchant_id={ids[i]}");
                    }
                });
            }

            columns.EachText("country_iso", (i, iso) =>
            {
                if (ids[i] < 1)
                {
                    throw S7Errors.Fail(S7Errors.SchemaInvalid, $"merchant_id {ids[i]} must be in 1..2^63−1.", file, i + 1);
                }

                var text = iso.Span;
                if (text.Length != 2 || !char.IsAsciiLetterUpper(text[0]) || !char.IsAsciiLetterUpper(text[1]))
                {
                    throw S7Errors.Fail(S7Errors.SchemaInvalid, $"country_iso '{iso}' is not two ASCII capitals (^[A-Z]{{2}}$).", file, i + 1, $"merchant_id={ids[i]}");
                }

                packed[i] = IsoCode.Pack(text);
            });

            fileOf.Add((file, total));
            total += ids.Length;
            merchants.Add(ids);
            isos.Add(packed);
            ranks.Add(rank);
            homes.Add(isHome);
        }

        var merchantAll = Concat(merchants, total);
        var isoAll = Concat(isos, total);
        var rankAll = Concat(ranks, total);
        var homeAll = Concat(homes, total);
        var order = new int[total];
        for (var i = 0; i < total; i++)
        {
            order[i] = i;
        }

        if (!IsSorted(merchantAll, rankAll))
        {
            Array.Sort(order, (x, y) => merchantAll[x] != merchantAll[y] ? merchantAll[x].CompareTo(merchantAll[y]) : rankAll[x] != rankAll[y] ? rankAll[x].CompareTo(rankAll[y]) : x.CompareTo(y));
        }

        (string File, long Row) Where(int row)
        {
            var f = fileOf.FindLast(p => p.Start <= row);
            return (f.File, row - f.Start + 1);
        }

        var merchantIds = new List<long>();
        var offsets = new List<int>();
        var isoSorted = new ushort[total];
        var start = 0;
        while (start < total)
        {
            var id = merchantAll[order[start]];
            var end = start;
            while (end < total && merchantAll[order[end]] == id)
            {
                end++;
            }

            for (var j = start; j < end; j++)
            {
                var row = order[j];
                var expectedRank = j - start;
                if (rankAll[row] != expectedRank || homeAll[row] != (expectedRank == 0))
                {
                    var (file, line) = Where(row);
                    throw S7Errors.Fail(
                        S7Errors.SchemaInvalid,
                        rankAll[row] != expectedRank
                            ? $"rank {rankAll[row]} breaks the sequence: a merchant's ranks must be exactly 0..K (expected {expectedRank})."
                            : $"is_home is {homeAll[row]} at rank {rankAll[row]}: exactly the rank-0 row is the home country.",
                        file,
                        line,
                        $"merchant_id={id}");
                }

                isoSorted[j] = isoAll[row];
                for (var k = start; k < j; k++)
                {
                    if (isoSorted[k] == isoSorted[j])
                    {
                        var (file, line) = Where(row);
                        throw S7Errors.Fail(S7Errors.SchemaInvalid, $"country {IsoCode.Name(isoSorted[j])} appears twice in the merchant's country set.", file, line, $"merchant_id={id}");
                    }
                }
            }

            merchantIds.Add(id);
            offsets.Add(start);
            start = end;
        }

        offsets.Add(total);
        return merchantIds.Count > 0
            ? new CountrySets([.. merchantIds], [.. offsets], isoSorted)
            : throw S7Errors.Fail(S7Errors.UpstreamMissing, "country_set has no rows.", folder);
    }

    // One part file (the usual case) is used as is; several are copied block by block (no per-element enumeration).
    private static T[] Concat<T>(List<T[]> parts, int total)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var result = new T[total];
        var offset = 0;
        foreach (var part in parts)
        {
            Array.Copy(part, 0, result, offset, part.Length);
            offset += part.Length;
        }

        return result;
    }

    private static bool IsSorted(long[] merchants, int[] ranks)
    {
        for (var i = 1; i < merchants.Length; i++)
        {
            if (merchants[i] < merchants[i - 1] || (merchants[i] == merchants[i - 1] && ranks[i] <= ranks[i - 1]))
            {
                return false;
            }
        }

        return true;
    }
}
