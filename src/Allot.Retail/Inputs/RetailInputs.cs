using Allot.Data.Publishing;
using Allot.Retail.Configuration;

namespace Allot.Retail.Inputs;

/// <summary>Everything Step 32 reads for one period, with the files' hashes for the reconciliation report.</summary>
public sealed class RetailInputs
{
    /// <summary>The period.</summary>
    public required TargetPeriod Period { get; init; }

    /// <summary>Recommendation rows in file order.</summary>
    public required IReadOnlyList<GroupRecommendation> Recommendations { get; init; }

    /// <summary>Store meta by code.</summary>
    public required IReadOnlyDictionary<string, StoreMetaRecord> Meta { get; init; }

    /// <summary>Store tags by code.</summary>
    public required IReadOnlyDictionary<string, StoreTagRecord> Tags { get; init; }

    /// <summary>Cluster ids by code from <c>--clusters-file</c> (empty when not given).</summary>
    public required IReadOnlyDictionary<string, string> Clusters { get; init; }

    /// <summary>Store sales.</summary>
    public required StoreSales Sales { get; init; }

    /// <summary>Stores on the exclusion list for this period (empty when none was given).</summary>
    public IReadOnlySet<string> ExcludedStores { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Stores on the inclusion list for this period (empty when none was given).</summary>
    public IReadOnlySet<string> IncludedStores { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The categories <c>--pack-sizes-file</c> gives a size for (empty when none was given).</summary>
    public IReadOnlyCollection<string> PackSizeCategories { get; init; } = [];

    /// <summary>The files read, in a fixed role order.</summary>
    public required IReadOnlyList<InputFile> Files { get; init; }

    /// <summary>
    /// Where the four main inputs came from and how each was found (the manifest, discovery or an option), by role:
    /// <c>group_recommendations</c>, <c>store_meta</c>, <c>store_tags</c>, <c>store_sales</c>.
    /// </summary>
    public IReadOnlyList<(string Role, LocatedInput Source)> Sources { get; init; } = [];

    /// <summary>Where the group recommendations came from and how they were found.</summary>
    public LocatedInput? GroupRecommendationsSource => Sources.FirstOrDefault(s => s.Role == "group_recommendations").Source;

    /// <summary>The meta file path (needed for <c>--merge-into-store-plugin</c>).</summary>
    public required string StoreMetaPath { get; init; }

    /// <summary>Resolves defaults and reads every input.</summary>
    public static RetailInputs Load(TargetPeriod period, InputPaths paths) => Load(period, paths, threads: 1);

    /// <summary>
    /// As <see cref="Load(TargetPeriod, InputPaths)"/>; with <paramref name="threads"/> &gt; 1 the store meta, tags and
    /// sales are read beside the group recommendations. The result and the error reported are the same as a sequential
    /// read: when several files are bad, the first in the sequential order (recommendations, pack sizes, meta, tags,
    /// sales, clusters) is the one reported.
    /// </summary>
    public static RetailInputs Load(TargetPeriod period, InputPaths paths, int threads)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var recsSource = paths.GroupRecsFile is { } given ? new LocatedInput(given, "--group-recs-file") : InputLocator.LocateGroupRecommendations(paths.InputDir, period, paths.PipelineManifestFile);
        var recsPath = recsSource.Path;
        var metaSource = paths.StoreMetaFile is { } m ? new LocatedInput(m, "--store-meta-file") : InputLocator.LocateStoreMeta(paths.InputDir, period);
        var tagsSource = paths.StoreTagsFile is { } t ? new LocatedInput(t, "--store-tags-file") : InputLocator.LocateStoreTags(paths.InputDir, period);
        var salesSource = paths.StoreSalesFile is { } s ? new LocatedInput(s, "--store-sales-file") : InputLocator.LocateStoreSales(paths.InputDir, period);
        var (metaPath, tagsPath, salesPath) = (metaSource.Path, tagsSource.Path, salesSource.Path);

        static (IReadOnlyDictionary<string, StoreMetaRecord>, IReadOnlyDictionary<string, StoreTagRecord>, StoreSales) ReadStores(string metaPath, string tagsPath, string salesPath) =>
            (StoreMetaReader.Read(metaPath), StoreTagsReader.Read(tagsPath), StoreSalesReader.Read(salesPath));
        var stores = threads > 1 ? Task.Run(() => ReadStores(metaPath, tagsPath, salesPath)) : null;
        IReadOnlyList<GroupRecommendation> recs;
        IReadOnlyDictionary<string, long>? packSizes = null;
        try
        {
            recs = GroupRecommendationReader.Read(recsPath);
            if (paths.PackSizesFile is not null)
            {
                // A row's own Pack_Size wins; otherwise its category's size from the file.
                packSizes = PackSizeFileReader.Read(paths.PackSizesFile);
                recs = recs.Select(r => r.PackSize is null && packSizes.TryGetValue(r.Category, out var size) ? r with { PackSize = size } : r).ToList();
            }
        }
        catch
        {
            // This file comes first in the sequential order: its error wins; the other reader is waited for, not reported.
            stores?.ContinueWith(static _ => { }, TaskScheduler.Default).Wait();
            throw;
        }

        var (meta, tags, sales) = stores is null ? ReadStores(metaPath, tagsPath, salesPath) : stores.GetAwaiter().GetResult();
        var clusters = paths.ClustersFile is null ? new Dictionary<string, string>() : StoreTagsReader.ReadClusters(paths.ClustersFile);

        var files = new List<InputFile>
        {
            new("group_recommendations", recsPath, DeterminismReceipt.FileSha256Hex(recsPath), recs.Count),
            new("store_meta", metaPath, DeterminismReceipt.FileSha256Hex(metaPath), meta.Count),
            new("store_tags", tagsPath, DeterminismReceipt.FileSha256Hex(tagsPath), tags.Count),
            new("store_sales", salesPath, DeterminismReceipt.FileSha256Hex(salesPath), sales.Rows),
        };
        if (paths.ClustersFile is not null)
        {
            files.Add(new("clusters", paths.ClustersFile, DeterminismReceipt.FileSha256Hex(paths.ClustersFile), clusters.Count));
        }

        if (paths.PackSizesFile is not null)
        {
            files.Add(new("pack_sizes", paths.PackSizesFile, DeterminismReceipt.FileSha256Hex(paths.PackSizesFile), packSizes!.Count));
        }

        IReadOnlySet<string> excluded = new HashSet<string>(StringComparer.Ordinal), included = excluded;
        IReadOnlySet<string>? recommendedStores = paths.ExcludeStoresFile is null && paths.IncludeStoresFile is null
            ? null
            : recs.SelectMany(r => r.StoreCodes).ToHashSet(StringComparer.Ordinal);
        if (paths.ExcludeStoresFile is not null)
        {
            (excluded, var rows) = StoreListFileReader.Read(paths.ExcludeStoresFile, period, recommendedStores!);
            files.Add(new("exclude_stores", paths.ExcludeStoresFile, DeterminismReceipt.FileSha256Hex(paths.ExcludeStoresFile), rows));
        }

        if (paths.IncludeStoresFile is not null)
        {
            (included, var rows) = StoreListFileReader.Read(paths.IncludeStoresFile, period, recommendedStores!);
            files.Add(new("include_stores", paths.IncludeStoresFile, DeterminismReceipt.FileSha256Hex(paths.IncludeStoresFile), rows));
        }

        return new RetailInputs
        {
            ExcludedStores = excluded,
            IncludedStores = included,
            PackSizeCategories = packSizes is null ? [] : packSizes.Keys.ToList(),
            Period = period,
            Recommendations = recs,
            Meta = meta,
            Tags = tags,
            Clusters = clusters,
            Sales = sales,
            Files = files,
            StoreMetaPath = metaPath,
            Sources =
            [
                ("group_recommendations", recsSource),
                ("store_meta", metaSource),
                ("store_tags", tagsSource),
                ("store_sales", salesSource),
            ],
        };
    }
}
