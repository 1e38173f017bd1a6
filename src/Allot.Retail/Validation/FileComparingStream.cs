using Allot.Data.Streams;

namespace Allot.Retail.Validation;

/// <summary>
/// A write-only stream that compares what is written with the bytes of an existing file, piece by piece, without
/// keeping either: how the validator checks a re-derived output against the one on disk. Holding both in memory
/// failed past 2 GB ("Stream was too long" on a 10 M-store-row pick list of 2.3 GB) and took 7.9 GB before that.
/// </summary>
internal sealed class FileComparingStream : WriteOnlyStream
{
    private readonly FileStream file;
    private readonly long length;
    private readonly byte[] buffer = new byte[1 << 16];
    private long compared;

    public FileComparingStream(string path)
    {
        file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        length = file.Length;
    }

    /// <summary>True once a written byte differs from the file's, or the writes ran past its end.</summary>
    public bool Differs { get; private set; }

    /// <summary>True when everything written equals the file and the file has nothing more (call after the last write).</summary>
    public bool SameAsFile => !Differs && compared == length;

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (!Differs && data.Length > 0)
        {
            var n = Math.Min(data.Length, buffer.Length);
            var read = file.ReadAtLeast(buffer.AsSpan(0, n), n, throwOnEndOfStream: false);
            Differs = read < n || !buffer.AsSpan(0, n).SequenceEqual(data[..n]);
            compared += n;
            data = data[n..];
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
