using System.Globalization;
using System.Text.RegularExpressions;
using Allot.Core.Errors;

namespace Allot.Data.Publishing;

/// <summary>One leftover of a publication found by <see cref="Leftovers.Scan"/>.</summary>
/// <param name="Kind"><c>journal</c>, <c>journal-temp</c>, <c>journal-ref</c> (a reference to a journal in another folder), <c>staging</c>, <c>trash</c> or <c>lock</c>.</param>
/// <param name="Path">Absolute path.</param>
/// <param name="Owner">The process that made it (<c>{pid}-{start}-{host}</c>), or null when the name does not say.</param>
/// <param name="State"><c>live</c> (its owner runs: left alone), <c>other-host</c> (written from another machine or
/// container sharing the folder: its liveness cannot be checked here, so it is left alone), <c>dead</c> (its owner was killed), <c>unknown-owner</c>
/// (an older naming without owner), <c>committed</c> (staging of a dead writer whose journal still has to move it into
/// place: never removed), <c>held</c> / <c>free</c> for locks.</param>
/// <param name="Action">What gc did or, with a dry run, would do.</param>
public sealed record Leftover(string Kind, string Path, string? Owner, string State, string Action);

/// <summary>
/// Finds and clears what killed runs leave: unfinished journals (rolled forward under their locks), temporary
/// journals, staging and trash of dead processes. Entries of a live process are never touched; staging without an
/// owner in its name (older releases) is removed only once it is older than <see cref="UnknownOwnerAge"/>.
/// </summary>
public static partial class Leftovers
{
    /// <summary>The action of a leftover that gc tried and failed to remove (a read-only folder, permissions).</summary>
    public const string CouldNotRemove = "could not be removed";

    /// <summary>Age after which staging with no owner in its name is taken for a leftover.</summary>
    public static readonly TimeSpan UnknownOwnerAge = TimeSpan.FromMinutes(15);

    [GeneratedRegex(@"^\.(staging|trash)-(?<pid>\d+)-(?<start>\d+)-(?<host>[0-9a-f]{8})-(?<tx>[0-9a-f]{8})-.+$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnedEntry();

    [GeneratedRegex(@"^\.allot-journal-(?<pid>\d+)-(?<start>\d+)-(?<host>[0-9a-f]{8})-(?<tx>[0-9a-f]{8})(\.json(\.tmp)?|\.ref)$", RegexOptions.CultureInvariant)]
    private static partial Regex JournalName();

    /// <summary>Lists (and unless <paramref name="dryRun"/>, clears) the leftovers under <paramref name="root"/>.</summary>
    public static IReadOnlyList<Leftover> Scan(string root, bool dryRun, TimeSpan? lockTimeout = null)
    {
        var full = System.IO.Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw PublishCodes.Fail(PublishCodes.Io, "the folder to clean does not exist.", full);
        }

        var found = new List<Leftover>();
        var folders = new List<string> { full };
        folders.AddRange(Walk(full));

        // Journals (and references to journals kept elsewhere) first: their staging must be moved into place, not removed.
        foreach (var folder in folders)
        {
            foreach (var journalPath in Directory.EnumerateFiles(folder, PublishJournal.Prefix + "*").Order(StringComparer.Ordinal))
            {
                found.Add(journalPath.EndsWith(PublishJournal.RefSuffix, StringComparison.Ordinal)
                    ? Reference(journalPath, dryRun, lockTimeout ?? TimeSpan.FromSeconds(10))
                    : Journal(journalPath, dryRun, lockTimeout ?? TimeSpan.FromSeconds(10)));
            }
        }

        foreach (var folder in folders)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder, ".*").Order(StringComparer.Ordinal))
            {
                var name = System.IO.Path.GetFileName(entry);
                if (name == PublishLock.FileName)
                {
                    found.Add(Lock(entry, dryRun));
                }
                else if ((name.StartsWith(PublishTransaction.StagingPrefix, StringComparison.Ordinal) || name.StartsWith(PublishTransaction.TrashPrefix, StringComparison.Ordinal)) && Exists(entry))
                {
                    found.Add(Staging(folder, entry, dryRun));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Removes staging, trash, temporary journals and stale journal references of dead processes directly inside
    /// <paramref name="folder"/> (used by every transaction, when it stages and when it commits). Staging of a
    /// transaction that passed its commit point is kept for its journal (<see cref="PublishJournal.IsCommitted"/>).
    /// Safe without the lock: a dead process can no longer commit, and a committed one's staging is never touched.
    /// </summary>
    public static void RemoveDeadStaging(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, ".*"))
        {
            var name = System.IO.Path.GetFileName(entry);
            if (OwnedEntry().Match(name) is { Success: true } owned)
            {
                if (!Owner(owned).IsAlive() && !PublishJournal.IsCommitted(folder, OwnerAndTx(owned)))
                {
                    TryRemove(entry);
                }
            }
            else if (JournalName().Match(name) is { Success: true } journal && !Owner(journal).IsAlive() && IsUncommitted(entry))
            {
                TryRemove(entry);
            }
        }
    }

    /// <summary>
    /// A temporary journal (never renamed into place: its commit never happened) or a reference whose journal does not
    /// exist (its writer died before the commit point; a finished journal removes its references first).
    /// </summary>
    private static bool IsUncommitted(string path) =>
        path.EndsWith(".tmp", StringComparison.Ordinal)
        || (path.EndsWith(PublishJournal.RefSuffix, StringComparison.Ordinal) && !(PublishJournal.Referenced(path) is { } journal && File.Exists(journal)));

    /// <summary>True when <paramref name="name"/> is hidden publication machinery (staging, trash, journal, lock).</summary>
    public static bool IsMachinery(string name) =>
        name.StartsWith(PublishTransaction.StagingPrefix, StringComparison.Ordinal)
        || name.StartsWith(PublishTransaction.TrashPrefix, StringComparison.Ordinal)
        || name.StartsWith(PublishJournal.Prefix, StringComparison.Ordinal)
        || name.StartsWith(PublishLock.FileName, StringComparison.Ordinal);

    private static Leftover Journal(string path, bool dryRun, TimeSpan lockTimeout)
    {
        var m = JournalName().Match(System.IO.Path.GetFileName(path));
        var owner = m.Success ? Owner(m) : (ProcessIdentity?)null;
        var temp = path.EndsWith(".tmp", StringComparison.Ordinal);
        var kind = temp ? "journal-temp" : "journal";
        if (owner is { } o && o.IsAlive())
        {
            return new Leftover(kind, path, o.ToString(), LiveState(o), LiveAction(o, "its run is committing"));
        }

        var state = owner is null ? "unknown-owner" : "dead";
        if (temp)
        {
            // Never renamed into place: its commit never happened, and the old set is intact.
            if (!dryRun)
            {
                TryRemove(path);
            }

            return new Leftover(kind, path, owner?.ToString(), state, dryRun ? "would remove (its commit never started)" : "removed (its commit never started)");
        }

        if (dryRun)
        {
            return new Leftover(kind, path, owner?.ToString(), state, "would roll forward (complete the committed set)");
        }

        var journal = PublishJournal.Read(path);
        if (journal is null)
        {
            return new Leftover(kind, path, owner?.ToString(), state, "none (completed meanwhile)");
        }

        var locks = new List<PublishLock>();
        try
        {
            foreach (var l in journal.Locks.Order(StringComparer.Ordinal))
            {
                locks.Add(PublishLock.Acquire(l, lockTimeout, "gc"));
            }

            var again = PublishJournal.Read(path);
            var moved = again?.RollForward() ?? [];
            return new Leftover(kind, path, owner?.ToString(), state, again is null ? "none (completed meanwhile)" : $"rolled forward ({moved.Count} item(s) moved into place or removed)");
        }
        catch (AllotException ex) when (ex.Code == PublishCodes.Busy)
        {
            return new Leftover(kind, path, owner?.ToString(), state, "left alone (its lock is busy; a writer there completes it)");
        }
        finally
        {
            foreach (var l in locks)
            {
                l.Dispose();
            }
        }
    }

    /// <summary>
    /// A reference to a journal in another folder (a set with items here, committed there): the journal is rolled
    /// forward as if it were found here; a reference whose journal does not exist is stale and removed.
    /// </summary>
    private static Leftover Reference(string path, bool dryRun, TimeSpan lockTimeout)
    {
        var owner = Owner(JournalName().Match(System.IO.Path.GetFileName(path)));
        if (owner.IsAlive())
        {
            return new Leftover("journal-ref", path, owner.ToString(), LiveState(owner), LiveAction(owner, "its run is committing"));
        }

        if (PublishJournal.Referenced(path) is { } journal && File.Exists(journal))
        {
            return dryRun
                ? new Leftover("journal-ref", path, owner.ToString(), "dead", $"would roll forward its journal {journal}")
                : Journal(journal, dryRun, lockTimeout);
        }

        if (dryRun)
        {
            return new Leftover("journal-ref", path, owner.ToString(), "dead", "would remove (its commit never happened)");
        }

        return new Leftover("journal-ref", path, owner.ToString(), "dead", TryRemove(path) ? "removed (its commit never happened)" : CouldNotRemove);
    }

    /// <summary>
    /// A lock file left by a killed holder is free (the kernel released the lock); on Linux gc removes it the safe
    /// way (take the lock, remove the files, release). A held lock belongs to a live run and is left alone.
    /// </summary>
    private static Leftover Lock(string path, bool dryRun)
    {
        var owner = PublishLock.ReadOwner(path)?.Owner.ToString();
        if (PublishLock.IsHeld(path))
        {
            return new Leftover("lock", path, owner, "held", "left alone (a live run holds it)");
        }

        if (!OperatingSystem.IsLinux())
        {
            return new Leftover("lock", path, owner, "free", "none (the kernel released it; the file is kept)");
        }

        if (dryRun)
        {
            return new Leftover("lock", path, owner, "free", "would remove");
        }

        try
        {
            using (PublishLock.Acquire(System.IO.Path.GetDirectoryName(path)!, TimeSpan.Zero, "gc"))
            {
            }

            return new Leftover("lock", path, owner, "free", "removed");
        }
        catch (AllotException ex) when (ex.Code == PublishCodes.Busy)
        {
            return new Leftover("lock", path, owner, "held", "left alone (a run took it meanwhile)");
        }
    }

    private static Leftover Staging(string folder, string path, bool dryRun)
    {
        var name = System.IO.Path.GetFileName(path);
        var kind = name.StartsWith(PublishTransaction.TrashPrefix, StringComparison.Ordinal) ? "trash" : "staging";
        var m = OwnedEntry().Match(name);
        string state;
        string? owner = null;
        if (m.Success)
        {
            var o = Owner(m);
            owner = o.ToString();
            if (o.IsAlive())
            {
                return new Leftover(kind, path, owner, LiveState(o), LiveAction(o, "its run is still writing"));
            }

            if (PublishJournal.IsCommitted(folder, OwnerAndTx(m)))
            {
                // Its journal was left above (a dry run, or its lock was busy): removing it would leave the set mixed.
                return new Leftover(kind, path, owner, "committed", dryRun ? "would be moved into place by its journal" : "left alone (its journal moves it into place; its lock was busy)");
            }

            state = "dead";
        }
        else
        {
            state = "unknown-owner";
            var age = DateTime.UtcNow - (Directory.Exists(path) ? Directory.GetLastWriteTimeUtc(path) : File.GetLastWriteTimeUtc(path));
            if (age < UnknownOwnerAge)
            {
                return new Leftover(kind, path, null, state, string.Create(CultureInfo.InvariantCulture, $"left alone (no owner in its name and younger than {UnknownOwnerAge.TotalMinutes} min)"));
            }
        }

        if (dryRun)
        {
            return new Leftover(kind, path, owner, state, "would remove");
        }

        return new Leftover(kind, path, owner, state, TryRemove(path) ? "removed" : CouldNotRemove);
    }

    /// <summary>The owner named by a match of <see cref="OwnedEntry"/> or <see cref="JournalName"/> (both name pid, start and host in groups "pid", "start" and "host").</summary>
    private static ProcessIdentity Owner(Match m) =>
        new(int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups["start"].Value, CultureInfo.InvariantCulture), m.Groups["host"].Value);

    /// <summary><c>live</c>, or <c>other-host</c> for a writer whose process table this one cannot see.</summary>
    private static string LiveState(ProcessIdentity owner) => owner.IsLocal ? "live" : "other-host";

    private static string LiveAction(ProcessIdentity owner, string live) =>
        owner.IsLocal ? $"left alone ({live})" : "left alone (written from another machine or container, whose processes cannot be checked from here: run gc there)";

    /// <summary><c>{pid}-{start}-{host}-{tx}</c> of a match: the transaction, as its journal is named.</summary>
    private static string OwnerAndTx(Match m) => $"{m.Groups["pid"].Value}-{m.Groups["start"].Value}-{m.Groups["host"].Value}-{m.Groups["tx"].Value}";

    private static IEnumerable<string> Walk(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = true };
        var stack = new Stack<string>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            foreach (var dir in Directory.EnumerateDirectories(stack.Pop(), "*", options))
            {
                if (IsMachinery(System.IO.Path.GetFileName(dir)))
                {
                    continue;
                }

                yield return dir;
                stack.Push(dir);
            }
        }
    }

    private static bool Exists(string path) => Directory.Exists(path) || File.Exists(path);

    private static bool TryRemove(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return !Exists(path);
    }
}
