using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Inputs;

/// <summary>Reads the merchant attributes table (<c>merchant_id</c>, <c>mcc</c>, <c>channel</c>, <c>home_country_iso</c>).</summary>
internal static class MerchantAttributesReader
{
    public static Dictionary<long, MerchantAttributes> Read(string path)
    {
        var result = new Dictionary<long, MerchantAttributes>();
        var channels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Segment1AParquetFiles.List(path, "merchant_attributes"))
        {
            using var columns = Segment1AParquetColumns.Open(file);
            var ids = columns.Int64("merchant_id");
            var mcc = columns.Int32("mcc");
            var channel = columns.Strings("channel");
            var home = columns.Strings("home_country_iso");
            for (var i = 0; i < ids.Length; i++)
            {
                if (!IsoCode.IsValid(home[i]))
                {
                    throw S7Errors.Fail(S7Errors.SchemaInvalid, $"home_country_iso '{home[i]}' is not two ASCII capitals.", file, i + 1, $"merchant_id={ids[i]}");
                }

                if (mcc[i] is < 0 or > 9999)
                {
                    throw S7Errors.Fail(S7Errors.SchemaInvalid, $"mcc {mcc[i]} is not a 4-digit merchant category code.", file, i + 1, $"merchant_id={ids[i]}");
                }

                if (!channels.TryGetValue(channel[i], out var interned))
                {
                    interned = channel[i];
                    channels.Add(interned, interned);
                }

                if (!result.TryAdd(ids[i], new MerchantAttributes(mcc[i], interned, IsoCode.Pack(home[i]))))
                {
                    throw S7Errors.Fail(S7Errors.SchemaInvalid, "merchant_id appears twice.", file, i + 1, $"merchant_id={ids[i]}");
                }
            }
        }

        return result;
    }
}
