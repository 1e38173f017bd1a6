namespace Allot.Data.Publishing;

/// <summary>
/// Write-once publication of one dataset partition (a folder) through a <see cref="PublishTransaction"/> whose lock
/// folder is the partition's parent: the caller writes into a staging folder next to the target, the staged bytes
/// are hashed, and then
/// <list type="bullet">
/// <item>no target ⇒ the staging folder is renamed into place (a crash leaves no partition or a whole one);</item>
/// <item>a target with identical bytes and file list ⇒ success, nothing rewritten;</item>
/// <item>a target with different bytes ⇒ a conflict error with the caller's code; the target is untouched.</item>
/// </list>
/// Sets of several items (a partition and its report, S7's six outputs) use <see cref="PublishTransaction"/> directly.
/// </summary>
public static class PartitionPublisher
{
    /// <summary>Prefix of staging entries; readers and listings skip names starting with "." (and so with it).</summary>
    public const string StagingPrefix = PublishTransaction.StagingPrefix;

    /// <summary>Stages, hashes and publishes a partition folder.</summary>
    /// <param name="targetFolder">The final partition folder.</param>
    /// <param name="write">Writes the partition's files into the staging folder it is given.</param>
    /// <param name="conflictCode">Code raised when the target exists with different bytes (e.g. <c>E411_IMMUTABLE_CONFLICT</c>).</param>
    public static PublishResult Publish(string targetFolder, Action<string> write, string conflictCode)
    {
        ArgumentNullException.ThrowIfNull(write);
        var target = Path.GetFullPath(targetFolder.TrimEnd('/', '\\'));
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException("target has no parent", nameof(targetFolder));
        using var tx = new PublishTransaction([parent], conflictCode);
        write(tx.StageFolder(target));
        var (sha, files) = tx.StagedHash(target);
        var item = tx.Commit()[0];
        return new PublishResult(item.Outcome == ItemOutcome.IdenticalExisting ? PublishOutcome.IdenticalExisting : PublishOutcome.Published, sha, files);
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
        if (Directory.Exists(full))
        {
            throw PublishCodes.Fail(PublishCodes.Io, "the path is a folder, not a file, so this output file cannot take its place. Nothing was written; move it away or choose another path.", full);
        }

        RegularFileTarget.Require(full);
        Folders.Create(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $"{StagingPrefix}{ProcessIdentity.Current}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}-{Path.GetFileName(full)}");
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
