using Allot.Data.Parquet;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Inputs;

/// <summary>
/// Reads the merchant attributes table (<c>merchant_id</c>, <c>mcc</c>, <c>channel</c>, <c>home_country_iso</c>) one
/// row group at a time into flat arrays sorted by merchant (≈ 15 bytes per merchant; channels interned as small
/// indices), so that 10^7 merchants never hold a whole string column or a dictionary of records.
/// </summary>
internal static class MerchantAttributesReader
{
    public static MerchantAttributeTable Read(string path)
    {
        var files = Segment1AParquetFiles.List(path, "merchant_attributes");
        var total = 0L;
        foreach (var file in files)
        {
            using var f = ParquetFile.Open(file, S7Errors.SchemaInvalid);
            total += f.RowCount;
        }

        var n = checked((int)total);
        var ids = new long[n];
        var mccs = new int[n];
        var channelIndex = new byte[n];
        var homes = new ushort[n];
        var channels = new List<string>();
        var channelOf = new Dictionary<string, byte>(StringComparer.Ordinal);
        var fileStarts = new List<(string File, int Start)>();
        var count = 0;
        var sorted = true;
        foreach (var file in files)
        {
            fileStarts.Add((file, count));
            using var parquet = ParquetFile.Open(file, S7Errors.SchemaInvalid);
            var firstRow = 1L;
            for (var g = 0; g < parquet.RowGroupCount; g++)
            {
                var groupIds = (long[])parquet.ReadColumn(g, new ParquetColumnSpec("merchant_id", ParquetColumnKind.Int64), firstRow);
                var mcc = (int[])parquet.ReadColumn(g, new ParquetColumnSpec("mcc", ParquetColumnKind.Int32), firstRow);
                var channel = (string[])parquet.ReadColumn(g, new ParquetColumnSpec("channel", ParquetColumnKind.String), firstRow);
                var home = (string[])parquet.ReadColumn(g, new ParquetColumnSpec("home_country_iso", ParquetColumnKind.String), firstRow);
                for (var i = 0; i < groupIds.Length; i++)
                {
                    var row = firstRow + i;
                    if (!IsoCode.IsValid(home[i]))
                    {
                        throw S7Errors.Fail(S7Errors.SchemaInvalid, $"home_country_iso '{home[i]}' is not two ASCII capitals.", file, row, $"merchant_id={groupIds[i]}");
                    }

                    if (mcc[i] is < 0 or > 9999)
                    {
                        throw S7Errors.Fail(S7Errors.SchemaInvalid, $"mcc {mcc[i]} is not a 4-digit merchant category code.", file, row, $"merchant_id={groupIds[i]}");
                    }

                    if (!channelOf.TryGetValue(channel[i], out var c))
                    {
                        if (channels.Count == byte.MaxValue + 1)
                        {
                            throw S7Errors.Fail(S7Errors.SchemaInvalid, "more than 256 distinct channels.", file, row, $"merchant_id={groupIds[i]}");
                        }

                        c = (byte)channels.Count;
                        channels.Add(channel[i]);
                        channelOf.Add(channel[i], c);
                    }

                    if (count > 0 && groupIds[i] <= ids[count - 1])
                    {
                        if (sorted && groupIds[i] == ids[count - 1])
                        {
                            throw S7Errors.Fail(S7Errors.SchemaInvalid, "merchant_id appears twice.", file, row, $"merchant_id={groupIds[i]}");
                        }

                        sorted = false;
                    }

                    ids[count] = groupIds[i];
                    mccs[count] = mcc[i];
                    channelIndex[count] = c;
                    homes[count++] = IsoCode.Pack(home[i]);
                }

                firstRow += groupIds.Length;
                Diagnostics.S7MemoryBudget.Tick();
            }
        }

        if (!sorted)
        {
            var order = new int[count];
            for (var i = 0; i < count; i++)
            {
                order[i] = i;
            }

            Array.Sort((long[])ids.Clone(), order);
            for (var i = 1; i < count; i++)
            {
                if (ids[order[i]] == ids[order[i - 1]])
                {
                    var second = Math.Max(order[i], order[i - 1]);
                    var (file, start) = fileStarts.FindLast(p => p.Start <= second);
                    throw S7Errors.Fail(S7Errors.SchemaInvalid, "merchant_id appears twice.", file, second - start + 1, $"merchant_id={ids[second]}");
                }
            }

            ids = Permute(ids, order);
            mccs = Permute(mccs, order);
            channelIndex = Permute(channelIndex, order);
            homes = Permute(homes, order);
        }

        return new MerchantAttributeTable(ids, mccs, channelIndex, homes, [.. channels]);
    }

    private static T[] Permute<T>(T[] values, int[] order)
    {
        var result = new T[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            result[i] = values[order[i]];
        }

        return result;
    }
}

/// <summary>Merchant attributes as flat arrays sorted by merchant id (no repeats).</summary>
/// <param name="MerchantIds">Ascending merchant ids.</param>
/// <param name="Mcc">Merchant category code of each.</param>
/// <param name="Channel">Index into <paramref name="Channels"/> of each.</param>
/// <param name="HomeIso">Packed home ISO code of each.</param>
/// <param name="Channels">The distinct channels, in order of first appearance.</param>
internal sealed record MerchantAttributeTable(long[] MerchantIds, int[] Mcc, byte[] Channel, ushort[] HomeIso, string[] Channels);
