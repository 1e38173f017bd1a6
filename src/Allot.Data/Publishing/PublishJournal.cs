using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Allot.Core.Errors;

namespace Allot.Data.Publishing;

/// <summary>
/// One step of a commit: a staged file or folder renamed into its target (the old target set aside first when
/// replaced), or, with <paramref name="Remove"/>, a file of the set's previous version that the new set no longer has
/// deleted.
/// </summary>
/// <param name="Staging">Absolute path of the staged copy (never created for a removal).</param>
/// <param name="Target">Absolute final path.</param>
/// <param name="IsFolder">Whether the item is a folder.</param>
/// <param name="Trash">Where a replaced folder is moved before the staged one takes its place (null for files and new targets).</param>
/// <param name="Remove">The target file is deleted instead of replaced.</param>
public sealed record JournalEntry(string Staging, string Target, bool IsFolder, string? Trash, bool Remove = false);

/// <summary>
/// The commit record of a publication: <c>.allot-journal-{pid}-{start}-{host}-{tx}.json</c> in the first lock folder of the
/// transaction, written atomically (temporary file, fsync, rename) before the first rename of the set and removed
/// after the last. Its existence is the commit point: a reader that finds it knows the new set is committed but
/// not yet fully in place; the next writer of the same folder, or <c>allot gc</c>, rolls it forward.
/// Paths are stored relative to the journal's folder, so a data root can be moved or mounted elsewhere.
/// A target folder that is neither the journal's folder nor inside it (apportion's <c>--output</c> and <c>--audit</c>
/// in two folders) gets a <em>reference</em>, <c>.allot-journal-{pid}-{start}-{host}-{tx}.ref</c>, written before the commit
/// point and naming the journal: a sweep or <c>allot gc</c> of that folder alone then sees that the staging there is
/// committed, and rolls the journal forward instead of removing the staging (which left the set mixed for good).
/// </summary>
public sealed class PublishJournal
{
    /// <summary>Prefix of journal files.</summary>
    public const string Prefix = ".allot-journal-";

    /// <summary>Suffix of a journal file (a file with <c>.tmp</c> after it was never committed).</summary>
    public const string Suffix = ".json";

    /// <summary>Suffix of a reference to a journal kept in another folder (see the type).</summary>
    public const string RefSuffix = ".ref";

    private PublishJournal(string path, ProcessIdentity owner, IReadOnlyList<string> locks, IReadOnlyList<JournalEntry> entries, IReadOnlyList<string> refs)
    {
        Path = path;
        Owner = owner;
        Locks = locks;
        Entries = entries;
        Refs = refs;
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>The process that wrote it.</summary>
    public ProcessIdentity Owner { get; }

    /// <summary>The lock folders its writer held (absolute).</summary>
    public IReadOnlyList<string> Locks { get; }

    /// <summary>The renames, in order.</summary>
    public IReadOnlyList<JournalEntry> Entries { get; }

    /// <summary>The references to it in other folders (absolute), removed with it.</summary>
    public IReadOnlyList<string> Refs { get; }

    /// <summary>
    /// Committed journals of <paramref name="folder"/> (not the temporary ones): those in it, and those in other
    /// folders that a reference in it names (a set that has items here but its journal elsewhere).
    /// </summary>
    public static IEnumerable<string> In(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var here = Directory.EnumerateFiles(folder, Prefix + "*" + Suffix);
        var referenced = Directory.EnumerateFiles(folder, Prefix + "*" + RefSuffix).Select(Referenced).OfType<string>().Where(File.Exists);
        return here.Concat(referenced).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The journal a reference file names (absolute), or null when the reference vanished or is unreadable.</summary>
    public static string? Referenced(string refPath)
    {
        try
        {
            var text = File.ReadAllText(refPath).Trim();
            return text.Length == 0 ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(refPath))!, text));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether the transaction <paramref name="ownerAndTx"/> (<c>{pid}-{start}-{host}-{tx}</c>) that staged an entry in
    /// <paramref name="folder"/> passed its commit point and is not finished: its journal is in the folder or one of
    /// its ancestors (S4/S7 journal in the data root, retail and apportion beside their files), or a reference in the
    /// folder names a journal that exists. Such staging must be moved into place by the journal, never swept.
    /// </summary>
    public static bool IsCommitted(string folder, string ownerAndTx)
    {
        var name = Prefix + ownerAndTx;
        for (var dir = System.IO.Path.GetFullPath(folder); dir is not null; dir = System.IO.Path.GetDirectoryName(dir))
        {
            if (File.Exists(System.IO.Path.Combine(dir, name + Suffix)))
            {
                return true;
            }
        }

        var reference = System.IO.Path.Combine(folder, name + RefSuffix);
        return File.Exists(reference) && Referenced(reference) is { } journal && File.Exists(journal);
    }

    /// <summary>Reads a journal; null when it vanished meanwhile (completed by its writer or another recovery).</summary>
    public static PublishJournal? Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        string Abs(JsonNode? n) => System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, n!.GetValue<string>()));
        try
        {
            var root = JsonNode.Parse(bytes)!.AsObject();
            // Journals written before hosts were recorded were written on the machine that reads them, as far as it knows.
            var owner = root["host"] is { } host
                ? new ProcessIdentity(root["pid"]!.GetValue<int>(), root["start"]!.GetValue<long>(), host.GetValue<string>())
                : new ProcessIdentity(root["pid"]!.GetValue<int>(), root["start"]!.GetValue<long>());
            var locks = root["locks"]!.AsArray().Select(Abs).ToList();
            var entries = root["entries"]!.AsArray().Select(e => new JournalEntry(
                Abs(e!["staging"]),
                Abs(e["target"]),
                e["folder"]!.GetValue<bool>(),
                e["trash"] is { } t ? Abs(t) : null,
                e["remove"] is { } r && r.GetValue<bool>())).ToList();
            var refs = root["refs"] is JsonArray a ? a.Select(Abs).ToList() : [];
            return new PublishJournal(path, owner, locks, entries, refs);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new AllotException(new AllotError(PublishCodes.HalfPublished, ErrorClass.Validation, $"the publication journal cannot be read ({ex.Message}); inspect it and the files it names by hand.", File: path));
        }
    }

    /// <summary>
    /// Writes the journal atomically; returns its path. This is the commit point of the transaction (public so
    /// tests can lay out the state a crash leaves).
    /// </summary>
    public static string Write(string folder, string name, ProcessIdentity owner, IReadOnlyList<string> locks, IReadOnlyList<JournalEntry> entries)
    {
        var path = System.IO.Path.Combine(folder, name);
        string Rel(string p) => System.IO.Path.GetRelativePath(folder, p).Replace('\\', '/');
        var inside = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(folder)) + System.IO.Path.DirectorySeparatorChar;
        var refs = entries
            .Select(e => System.IO.Path.GetDirectoryName(e.Target)!)
            .Where(d => !(d + System.IO.Path.DirectorySeparatorChar).StartsWith(inside, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Select(d => System.IO.Path.Combine(d, System.IO.Path.GetFileNameWithoutExtension(name) + RefSuffix))
            .ToList();
        var root = new JsonObject
        {
            ["version"] = 1,
            ["pid"] = owner.Pid,
            ["start"] = owner.StartTime,
            ["host"] = owner.Host,
            ["written_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            ["locks"] = new JsonArray([.. locks.Select(l => (JsonNode)JsonValue.Create(Rel(l)))]),
            ["entries"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
            {
                ["staging"] = Rel(e.Staging),
                ["target"] = Rel(e.Target),
                ["folder"] = e.IsFolder,
                ["trash"] = e.Trash is null ? null : Rel(e.Trash),
                ["remove"] = e.Remove,
            })]),
        };
        if (refs.Count > 0)
        {
            root["refs"] = new JsonArray([.. refs.Select(r => (JsonNode)JsonValue.Create(Rel(r)))]);
        }

        var temp = path + ".tmp";
        try
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            stream.Write(Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
            stream.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not committed: the temporary journal goes (a crash here instead leaves it for the next run or gc).
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }

            throw;
        }

        // The references go first: before the commit point they are stale (their journal never appears) and a sweep
        // removes them with the dead staging; after it, they keep the other folders' staging from being swept.
        try
        {
            foreach (var reference in refs)
            {
                using var stream = new FileStream(reference, FileMode.Create, FileAccess.Write, FileShare.None);
                stream.Write(Encoding.UTF8.GetBytes(System.IO.Path.GetRelativePath(System.IO.Path.GetDirectoryName(reference)!, path).Replace('\\', '/') + "\n"));
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not committed either: the temporary journal and the references written so far go.
            foreach (var stale in refs.Append(temp).Where(File.Exists))
            {
                File.Delete(stale);
            }

            throw;
        }

        CrashPoints.Step($"commit: write the journal {path}");
        File.Move(temp, path);
        return path;
    }

    /// <summary>
    /// Rolls the journal forward: every entry whose staged copy still exists is moved into place (a replaced
    /// folder first set aside), every removal's target deleted, then trash and the journal are removed. Idempotent; safe to repeat after a crash
    /// at any point of itself. The caller holds the journal's locks.
    /// </summary>
    /// <returns>Targets this call moved into place or removed.</returns>
    public IReadOnlyList<string> RollForward()
    {
        var moved = new List<string>();
        foreach (var e in Entries)
        {
            if (e.Remove)
            {
                // Idempotent like the renames: a target already gone (removed before a crash) is fine.
                if (File.Exists(e.Target))
                {
                    CrashPoints.Step($"commit: remove {e.Target}");
                    File.Delete(e.Target);
                    moved.Add(e.Target);
                }

                continue;
            }

            var stagingExists = e.IsFolder ? Directory.Exists(e.Staging) : File.Exists(e.Staging);
            if (!stagingExists)
            {
                continue;
            }

            if (e.IsFolder)
            {
                if (Directory.Exists(e.Target))
                {
                    if (e.Trash is null)
                    {
                        // A write-once folder that appeared meanwhile (not by allot: targets are locked): keep it.
                        Directory.Delete(e.Staging, recursive: true);
                        continue;
                    }

                    if (Directory.Exists(e.Trash))
                    {
                        Directory.Delete(e.Trash, recursive: true);
                    }

                    CrashPoints.Step($"commit: set aside the old {e.Target}");
                    Directory.Move(e.Target, e.Trash);
                }

                CrashPoints.Step($"commit: move {e.Staging} to {e.Target}");
                Directory.Move(e.Staging, e.Target);
            }
            else
            {
                CrashPoints.Step($"commit: move {e.Staging} to {e.Target}");
                File.Move(e.Staging, e.Target, overwrite: true);
            }

            moved.Add(e.Target);
        }

        foreach (var e in Entries)
        {
            if (e.Trash is not null && Directory.Exists(e.Trash))
            {
                Directory.Delete(e.Trash, recursive: true);
            }
        }

        // References before the journal: a crash between the two leaves a journal whose work is all done (recovered
        // again harmlessly), never a reference without its journal to a committed set.
        foreach (var reference in Refs)
        {
            File.Delete(reference);
        }

        CrashPoints.Step($"commit: remove the journal {Path}");
        File.Delete(Path);
        return moved;
    }

    /// <summary>
    /// Throws <see cref="PublishCodes.HalfPublished"/> when a journal in <paramref name="lockFolder"/> names one
    /// of <paramref name="targets"/>: the set is committed but not fully in place (or being committed right now).
    /// </summary>
    /// <param name="lockFolder">The folder holding the set's journals (the data root for S4/S7).</param>
    /// <param name="targets">Final paths of the set being validated.</param>
    /// <param name="gcHint">The command that completes it, for the message.</param>
    public static void ThrowIfHalfPublished(string lockFolder, IEnumerable<string> targets, string gcHint)
    {
        var wanted = targets.Select(t => System.IO.Path.GetFullPath(t).TrimEnd('/', '\\')).ToHashSet(StringComparer.Ordinal);
        foreach (var path in In(lockFolder))
        {
            var journal = Read(path);
            var hit = journal?.Entries.FirstOrDefault(e => wanted.Contains(e.Target.TrimEnd('/', '\\')));
            if (hit is null)
            {
                continue;
            }

            var state = !journal!.Owner.IsLocal
                ? $"the run that committed it ran on another machine or container (process {journal.Owner}), so whether it still runs cannot be told from here; when it has finished or was killed, `{gcHint}` or a re-run completes it"
                : journal.Owner.IsAlive()
                ? $"process {journal.Owner.Pid} is committing it right now; validate again when it has finished"
                : $"the run that committed it (pid {journal.Owner.Pid}) was killed between its renames; `{gcHint}` or a re-run completes it";
            throw new AllotException(new AllotError(
                PublishCodes.HalfPublished,
                ErrorClass.Validation,
                $"this output set is half-published: its commit journal is present and {hit.Target} is {(Exists(hit.Staging, hit.IsFolder) ? "not yet in place" : "already in place")}; {state}.",
                File: path));
        }
    }

    private static bool Exists(string path, bool folder) => folder ? Directory.Exists(path) : File.Exists(path);
}
