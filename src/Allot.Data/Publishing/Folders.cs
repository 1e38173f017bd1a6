namespace Allot.Data.Publishing;

/// <summary>
/// Creates the folders a run writes into. One mechanism for every system, because the runtime's own failure for the
/// commonest mistake — a path through an existing file, as in <c>--output-dir report.csv/sub</c> — reads "Could not
/// find a part of the path '…/sub'", which names neither the file in the way nor what to do about it.
/// </summary>
public static class Folders
{
    /// <summary>Creates <paramref name="path"/> and its missing parents (nothing if it already exists as a folder).</summary>
    /// <exception cref="IOException">The folder cannot be created; when a file stands where it or one of its parents
    /// must be, the message names that file. Commands report it as the environment's I/O failure (E_IO).</exception>
    public static void Create(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (IOException e)
        {
            var blocker = FileInTheWay(path);
            if (blocker is null)
            {
                throw;
            }

            var what = blocker == Path.GetFullPath(path).TrimEnd('/', '\\')
                ? $"'{blocker}' is a file, not a folder"
                : $"'{blocker}' is a file, so no folder can be created under it";
            throw new IOException($"cannot create the folder '{path}': {what}; name a folder, or move the file away.", e);
        }
    }

    /// <summary>The first existing non-folder on the way from the root to <paramref name="path"/>, or null.</summary>
    private static string? FileInTheWay(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/', '\\');
        for (var p = full; !string.IsNullOrEmpty(p); p = Path.GetDirectoryName(p))
        {
            if (Directory.Exists(p))
            {
                // Everything above an existing folder exists as folders; the blocker, if any, is below it.
                return null;
            }

            if (File.Exists(p) && !Directory.Exists(p))
            {
                return p;
            }
        }

        return null;
    }
}
