using Allot.Data.Publishing;

namespace Allot.Segment1A.Inputs;

/// <summary>Lists the Parquet part files of a dataset folder (or a single file) in ordinal order, skipping staging leftovers.</summary>
internal static class Segment1AParquetFiles
{
    public static IReadOnlyList<string> List(string path, string datasetId)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, $"input dataset '{datasetId}' not found.", path);
        }

        var files = Directory.EnumerateFiles(path, "*.parquet", SearchOption.TopDirectoryOnly)
            .Where(f => !Path.GetFileName(f).StartsWith(PartitionPublisher.StagingPrefix, StringComparison.Ordinal))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files.Count > 0 ? files : throw S7Errors.Fail(S7Errors.UpstreamMissing, $"input dataset '{datasetId}' has no .parquet files.", path);
    }
}
