using Allot.Data.Parquet;

namespace Allot.Segment1A.Inputs;

/// <summary>Lists the Parquet part files of a dataset folder (or a single file) in ordinal order, skipping hidden files and staging leftovers.</summary>
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

        var files = ParquetDataset.ListParts(path);
        return files.Count > 0 ? files : throw S7Errors.Fail(S7Errors.UpstreamMissing, $"input dataset '{datasetId}' has no .parquet files.", path);
    }
}
