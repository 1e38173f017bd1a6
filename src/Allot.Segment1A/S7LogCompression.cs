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

    /// <summary>
    /// Opens a log for reading, decompressing a <c>.zst</c> one on the fly. A damaged <c>.zst</c> (not zstd, a frame
    /// that does not decode, a stream cut short) raises <see cref="InvalidDataException"/> from <c>Read</c>: damaged
    /// data for the reader to report with its file and line, not a failing disk (<c>E_IO</c>) and not a bug.
    /// </summary>
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return path.EndsWith(ZstdSuffix, StringComparison.Ordinal) ? new CheckedDecompression(new ZstdSharp.DecompressionStream(file, 1 << 20, checkEndOfStream: true, leaveOpen: false)) : file;
    }

    /// <summary>A decompression stream whose decoder errors are <see cref="InvalidDataException"/>.</summary>
    private sealed class CheckedDecompression(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (Exception ex) when (ex is ZstdSharp.ZstdException or EndOfStreamException)
            {
                throw new InvalidDataException($"the zstd stream is damaged (not zstd, a frame that does not decode, or cut short): {ex.Message}", ex);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The log file name for <paramref name="compression"/>.</summary>
    public static string FileName(string jsonlName, S7LogCompression compression) =>
        compression == S7LogCompression.Zstd ? jsonlName + ZstdSuffix : jsonlName;
}
