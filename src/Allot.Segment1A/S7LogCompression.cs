namespace Allot.Segment1A;

/// <summary>How S7 writes its event and trace logs.</summary>
public enum S7LogCompression
{
    /// <summary>Plain JSONL (<c>.jsonl</c>), the contract's default.</summary>
    None,

    /// <summary>
    /// Zstandard (<c>.jsonl.zst</c>): the same JSONL bytes as a sequence of zstd frames (one per formatting unit),
    /// which the zstd tool, DuckDB's <c>read_json</c>, pandas and <c>validate-s7</c> read directly.
    /// </summary>
    Zstd,
}

/// <summary>File names and settings of the compressed logs.</summary>
internal static class S7LogCompressionFormat
{
    /// <summary>zstd level: 1 keeps compression close to the speed of formatting on two cores (the logs shrink ≈ 8×).</summary>
    public const int ZstdLevel = 1;

    /// <summary>The suffix a compressed log adds to its <c>.jsonl</c> name.</summary>
    public const string ZstdSuffix = ".zst";

    /// <summary>
    /// The name a log of plain name <paramref name="jsonlName"/> has in <paramref name="folder"/>: the compressed
    /// one when only it exists, otherwise the plain one (which may be missing: the caller reports that).
    /// </summary>
    public static string Existing(string folder, string jsonlName) =>
        !File.Exists(Path.Combine(folder, jsonlName)) && File.Exists(Path.Combine(folder, jsonlName + ZstdSuffix)) ? jsonlName + ZstdSuffix : jsonlName;

    /// <summary>Opens a log for reading, decompressing a <c>.zst</c> one on the fly.</summary>
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return path.EndsWith(ZstdSuffix, StringComparison.Ordinal) ? new ZstdSharp.DecompressionStream(file, 1 << 20, checkEndOfStream: true, leaveOpen: false) : file;
    }

    /// <summary>The log file name for <paramref name="compression"/>.</summary>
    public static string FileName(string jsonlName, S7LogCompression compression) =>
        compression == S7LogCompression.Zstd ? jsonlName + ZstdSuffix : jsonlName;
}
