namespace Allot.Data.Dictionary;

/// <summary>One dataset of a dataset dictionary.</summary>
/// <param name="Id">Dataset id, e.g. <c>s4_alloc_plan</c>.</param>
/// <param name="PathTemplate">Path relative to the data root with <c>{token}</c> placeholders; a trailing '/' marks a folder.</param>
/// <param name="Format">parquet, json, jsonl, csv or directory.</param>
/// <param name="PartitionKeys">Partition keys in path order (informational).</param>
/// <param name="SchemaRef">Where its schema is described, if anywhere.</param>
public sealed record DatasetEntry(string Id, string PathTemplate, string Format, IReadOnlyList<string> PartitionKeys, string? SchemaRef)
{
    /// <summary>The dataset's declared version (the dictionary's optional <c>version</c> key), e.g. an ingress release date.</summary>
    public string? Version { get; init; }
}
