using System.Security.Cryptography;

namespace Allot.Data.Publishing;

/// <summary>
/// The determinism receipt of a partition folder: SHA-256 over the bytes of every file in it, concatenated in
/// ASCII (ordinal) order of their relative paths with forward slashes. File names are not hashed, so the
/// receipt speaks only of content and order. Publication machinery (locks, journals, staging and trash of the
/// publication transaction, see <see cref="Leftovers.IsMachinery"/>) is not data and is skipped.
/// </summary>
public static class DeterminismReceipt
{
    /// <summary>Relative paths (forward slashes) of every file under <paramref name="folder"/>, in ordinal order.</summary>
    public static IReadOnlyList<string> OrderedFiles(string folder)
    {
        var root = Path.GetFullPath(folder);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(rel => !rel.Split('/').Any(Leftovers.IsMachinery))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// The first entry of <paramref name="folder"/> (file or folder, at any depth, hidden or not) whose relative path
    /// <paramref name="allowed"/> rejects, or null. A partition's receipt covers every file in it, so a stray file
    /// would pass a recomputed receipt: validators call this to require the exact file list of a partition.
    /// </summary>
    public static string? FirstUnexpectedEntry(string folder, Func<string, bool> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var root = Path.GetFullPath(folder);
        return Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => (Path: f, Rel: Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Where(e => Directory.Exists(e.Path) || !allowed(e.Rel))
            .Select(e => e.Rel)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Lowercase hex SHA-256 of the folder's files as described on the type.</summary>
    public static string ComputeSha256Hex(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        foreach (var rel in OrderedFiles(folder))
        {
            using var stream = new FileStream(Path.Combine(folder, rel), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Lowercase hex SHA-256 of one file's bytes.</summary>
    public static string FileSha256Hex(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
