namespace Allot.Retail.Inputs;

/// <summary>Explicit input files given on the command line; null entries are discovered under <see cref="InputDir"/>.</summary>
public sealed record InputPaths
{
    /// <summary><c>--input-dir</c> (default: current folder).</summary>
    public string InputDir { get; init; } = ".";

    /// <summary><c>--group-recs-file</c>.</summary>
    public string? GroupRecsFile { get; init; }

    /// <summary><c>--store-meta-file</c>.</summary>
    public string? StoreMetaFile { get; init; }

    /// <summary><c>--store-tags-file</c>.</summary>
    public string? StoreTagsFile { get; init; }

    /// <summary><c>--store-sales-file</c>.</summary>
    public string? StoreSalesFile { get; init; }

    /// <summary><c>--clusters-file</c> (cluster ids when the tags file has none).</summary>
    public string? ClustersFile { get; init; }

    /// <summary><c>--exclude-stores-file</c>: stores never considered (global or per period).</summary>
    public string? ExcludeStoresFile { get; init; }

    /// <summary><c>--include-stores-file</c>: stores always considered, even above <c>CAPACITY_MAX_UTIL</c> (global or per period).</summary>
    public string? IncludeStoresFile { get; init; }

    /// <summary>
    /// <c>--pipeline-manifest</c>: the pipeline's manifest used to find the group recommendations (default:
    /// <c>{input-dir}/output/pipeline_manifest.json</c>, ignored when absent; a manifest named here must exist and be a
    /// JSON object).
    /// </summary>
    public string? PipelineManifestFile { get; init; }

    /// <summary><c>--pack-sizes-file</c>: pack size per category (<c>Category</c>, <c>Pack_Size</c>) for rows without their own.</summary>
    public string? PackSizesFile { get; init; }
}
