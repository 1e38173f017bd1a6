using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Allocation;

/// <summary>
/// Every store a period's rows name, joined once with meta, tags, clusters, sales and the store lists: one profile per
/// code, each row's stores as profiles (in listed order) and the codes in ordinal order (which rank the profiles for
/// the kernel's ties and the pick list's order). One pass over the rows' codes: a period of 20,000 rows of 50 stores
/// names a million (row, store) pairs but a few thousand stores.
/// </summary>
internal sealed class StoreProfiles
{
    private StoreProfiles(Dictionary<string, StoreProfile> byCode, StoreProfile[][] ofRow, string[] codes)
    {
        ByCode = byCode;
        OfRow = ofRow;
        Codes = codes;
    }

    /// <summary>The profile of each code.</summary>
    public Dictionary<string, StoreProfile> ByCode { get; }

    /// <summary>Row <c>i</c>'s stores (<see cref="GroupRecommendation.StoreCodes"/> order) as profiles.</summary>
    public StoreProfile[][] OfRow { get; }

    /// <summary>The distinct codes, ordinal order.</summary>
    public string[] Codes { get; }

    /// <summary>Joins the stores of <paramref name="inputs"/>.</summary>
    public static StoreProfiles Join(RetailInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var recs = inputs.Recommendations;

        // First the distinct codes (by string; the readers pool them, so most compare by reference), then their
        // ranks, then one profile per code, then each row's profiles by index.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new List<string>();
        var rowIndices = new int[recs.Count][];
        for (var r = 0; r < recs.Count; r++)
        {
            var rowCodes = recs[r].StoreCodes;
            var indices = rowIndices[r] = new int[rowCodes.Length];
            for (var j = 0; j < rowCodes.Length; j++)
            {
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(index, rowCodes[j], out var exists);
                if (!exists)
                {
                    slot = codes.Count;
                    codes.Add(rowCodes[j]);
                }

                indices[j] = slot;
            }
        }

        var byRank = Enumerable.Range(0, codes.Count).ToArray();
        Array.Sort(byRank, (a, b) => string.CompareOrdinal(codes[a], codes[b]));
        var profiles = new StoreProfile[codes.Count];
        for (var rank = 0; rank < byRank.Length; rank++)
        {
            profiles[byRank[rank]] = Profile(inputs, codes[byRank[rank]], (ulong)rank);
        }

        var ofRow = new StoreProfile[recs.Count][];
        for (var r = 0; r < recs.Count; r++)
        {
            var indices = rowIndices[r];
            var stores = ofRow[r] = new StoreProfile[indices.Length];
            for (var j = 0; j < indices.Length; j++)
            {
                stores[j] = profiles[indices[j]];
            }
        }

        var byCode = new Dictionary<string, StoreProfile>(codes.Count, StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            byCode[profile.StoreCode] = profile;
        }

        return new StoreProfiles(byCode, ofRow, byRank.Select(i => codes[i]).ToArray());
    }

    private static StoreProfile Profile(RetailInputs inputs, string code, ulong rank)
    {
        inputs.Meta.TryGetValue(code, out var meta);
        inputs.Tags.TryGetValue(code, out var tags);
        var cluster = tags is { ClusterId.Length: > 0 } ? tags.ClusterId : inputs.Clusters.GetValueOrDefault(code, string.Empty);
        return new StoreProfile(
            code,
            meta?.StoreName ?? string.Empty,
            meta?.StoreType ?? string.Empty,
            meta?.CapacityUtilization,
            meta?.RackCapacity,
            tags?.Climate,
            cluster,
            meta is not null,
            tags is not null,
            inputs.Sales.HasStore(code))
        {
            ListedExcluded = inputs.ExcludedStores.Contains(code),
            ListedIncluded = inputs.IncludedStores.Contains(code),
            OrdinalRank = rank,
            SalesSource = inputs.Sales,
            Sales = inputs.Sales.Of(code),
        };
    }
}
