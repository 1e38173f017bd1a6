using Allot.Core.Errors;

namespace Allot.Data.Publishing;

/// <summary>
/// Write-once publication of a dataset partition (a folder): the caller writes into a staging folder next to the
/// target (same file system, so the final rename is atomic), the staged bytes are hashed, and then
/// <list type="bullet">
/// <item>no target ⇒ the staging folder is renamed into place (a crash leaves no partition or a whole one);</item>
/// <item>a target with identical bytes ⇒ success, nothing rewritten;</item>
/// <item>a target with different bytes ⇒ a conflict error with the caller's code; the target is untouched.</item>
/// </list>
/// Staging folders are named <c>.staging-{leaf}-{guid}</c>; a crashed run's leftovers are never read as data.
/// </summary>
public static class PartitionPublisher
{
    /// <summary>Prefix of staging folders; readers and listings skip names starting with it.</summary>
    public const string StagingPrefix = ".staging-";

    /// <summary>Stages, hashes and publishes a partition folder.</summary>
    /// <param name="targetFolder">The final partition folder.</param>
    /// <param name="write">Writes the partition's files into the staging folder it is given.</param>
    /// <param name="conflictCode">Code raised when the target exists with different bytes (e.g. <c>E411_IMMUTABLE_CONFLICT</c>).</param>
    public static PublishResult Publish(string targetFolder, Action<string> write, string conflictCode)
    {
        ArgumentNullException.ThrowIfNull(write);
        var target = Path.GetFullPath(targetFolder.TrimEnd('/', '\\'));
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException("target has no parent", nameof(targetFolder));
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $"{StagingPrefix}{Path.GetFileName(target)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            write(staging);
            var stagedFiles = DeterminismReceipt.OrderedFiles(staging);
            var stagedHash = DeterminismReceipt.ComputeSha256Hex(staging);
            if (!Directory.Exists(target))
            {
                try
                {
                    Directory.Move(staging, target);
                    return new PublishResult(PublishOutcome.Published, stagedHash, stagedFiles);
                }
                catch (IOException) when (Directory.Exists(target))
                {
                    // Another writer won the race; fall through to the comparison below.
                }
            }

            var existingFiles = DeterminismReceipt.OrderedFiles(target);
            var existingHash = DeterminismReceipt.ComputeSha256Hex(target);
            if (existingHash == stagedHash && existingFiles.SequenceEqual(stagedFiles, StringComparer.Ordinal))
            {
                return new PublishResult(PublishOutcome.IdenticalExisting, existingHash, existingFiles);
            }

            throw new AllotException(new AllotError(
                conflictCode,
                ErrorClass.Conflict,
                $"the partition already exists with different content (existing sha256 {existingHash}, new {stagedHash}); outputs are write-once: remove it deliberately or use new identity tokens.",
                File: target));
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>
    /// Writes one file atomically: bytes go to a temporary sibling which is then renamed over the target.
    /// Used for reports and receipts that live outside partition folders.
    /// </summary>
    public static void WriteFileAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        WriteFileAtomically(path, stream => stream.Write(copy));
    }

    /// <summary>Streams one file atomically (temporary sibling, then rename); for files too large to hold in memory.</summary>
    public static void WriteFileAtomically(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $"{StagingPrefix}{Path.GetFileName(full)}-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
