using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;
using Allot.Data.Streams;

namespace Allot.Retail.Outputs;

/// <summary>
/// A write-only pass-through that hashes (SHA-256) and counts every byte on its way to the file, so an output's
/// manifest digest costs no second read of a file that can be hundreds of megabytes. With <c>background</c> the
/// hashing runs on another thread, in order, on copies of the written bytes gathered into 1 MB blocks (a bounded
/// queue, so memory stays a few blocks): the writer's thread, which is the run's critical path for the pick list,
/// only copies. Whole megabytes, not the writer's 64 KB pieces, so the hashing thread wakes 250 times for a 243 MB
/// pick list instead of 3,700: each wake-up cost a thread switch and a spin of the thread pool's.
/// </summary>
internal sealed class HashingWriteStream : WriteOnlyStream
{
    private const int QueuedBlocks = 4;
    private const int BlockBytes = 1 << 20;
    private readonly Stream inner;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Channel<(byte[] Block, int Length)>? queue;
    private readonly Task? hasher;
    private byte[]? block;
    private int blockUsed;

    public HashingWriteStream(Stream inner, bool background = false)
    {
        this.inner = inner;
        if (background)
        {
            queue = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(QueuedBlocks) { SingleReader = true, SingleWriter = true });
            hasher = Task.Run(async () =>
            {
                await foreach (var (block, length) in queue.Reader.ReadAllAsync().ConfigureAwait(false))
                {
                    hash.AppendData(block, 0, length);
                    ArrayPool<byte>.Shared.Return(block);
                }
            });
        }
    }

    /// <summary>Bytes written so far.</summary>
    public long Written { get; private set; }

    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    /// <summary>The lower-case hex SHA-256 of everything written (call once, after the last write).</summary>
    public string Sha256Hex()
    {
        if (queue is not null)
        {
            Hand();
            queue.Writer.TryComplete();
            hasher!.GetAwaiter().GetResult();
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (queue is null)
        {
            hash.AppendData(buffer);
        }
        else
        {
            for (var rest = buffer; rest.Length > 0;)
            {
                block ??= ArrayPool<byte>.Shared.Rent(BlockBytes);
                var n = Math.Min(rest.Length, block.Length - blockUsed);
                rest[..n].CopyTo(block.AsSpan(blockUsed));
                blockUsed += n;
                rest = rest[n..];
                if (blockUsed == block.Length)
                {
                    Hand();
                }
            }
        }

        inner.Write(buffer);
        Written += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Hands the gathered block (if any) to the hashing thread.</summary>
    private void Hand()
    {
        if (block is null || blockUsed == 0)
        {
            return;
        }

        var item = (block, blockUsed);
        block = null;
        blockUsed = 0;
        if (!queue!.Writer.TryWrite(item))
        {
            queue.Writer.WriteAsync(item).AsTask().GetAwaiter().GetResult();
        }
    }

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (queue is not null)
            {
                // A failed write leaves the hasher waiting: end it and wait, so the hash is not disposed under it.
                queue.Writer.TryComplete();
                hasher!.ContinueWith(static _ => { }, TaskScheduler.Default).Wait();
            }

            hash.Dispose();
            if (block is not null)
            {
                ArrayPool<byte>.Shared.Return(block);
                block = null;
            }
        }

        base.Dispose(disposing);
    }
}
