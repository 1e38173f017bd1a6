using System.Globalization;
using Allot.Core.Errors;

namespace Allot.Data.Publishing;

/// <summary>How a staged item meets an existing target.</summary>
public enum PublishMode
{
    /// <summary>Write-once: a missing target is published; identical bytes ⇒ success without rewriting; different ⇒ the conflict code.</summary>
    WriteOnce,

    /// <summary>Replaced as a whole when different (identical ⇒ left alone, same inode).</summary>
    Replace,

    /// <summary>
    /// A companion of the set's other items (e.g. S4's run report): replaced when another item of the set is
    /// published or replaced, otherwise written only when missing (an existing one describes the run that made the data).
    /// </summary>
    Companion,
}

/// <summary>What the commit did with one item.</summary>
public enum ItemOutcome
{
    /// <summary>The target did not exist; the staged copy was moved into place.</summary>
    Published,

    /// <summary>The target existed with identical bytes; it was left alone (not rewritten).</summary>
    IdenticalExisting,

    /// <summary>The target existed with other bytes and was replaced as a whole.</summary>
    Replaced,

    /// <summary>A companion target existed and the rest of the set was unchanged; it was kept.</summary>
    KeptExisting,

    /// <summary>A file staged for removal (<see cref="PublishTransaction.StageRemoval"/>) existed and was deleted.</summary>
    Removed,

    /// <summary>A file staged for removal did not exist: nothing to do.</summary>
    AlreadyAbsent,
}

/// <summary>One item of a committed set.</summary>
/// <param name="Target">Final path.</param>
/// <param name="IsFolder">Folder or file.</param>
/// <param name="Outcome">What the commit did.</param>
/// <param name="Sha256Hex">SHA-256 of the staged bytes (for a folder: its <see cref="DeterminismReceipt"/>) when it was computed: the target existed and was compared, or the caller asked for it with <see cref="PublishTransaction.StagedHash"/> before the commit; empty otherwise (nothing is read back only to report it).</param>
/// <param name="Files">Relative paths of its files, in receipt order (a file: its own name), when hashed; else empty.</param>
public sealed record PublishedItem(string Target, bool IsFolder, ItemOutcome Outcome, string Sha256Hex, IReadOnlyList<string> Files);

/// <summary>
/// One all-or-nothing publication of a set of files and folders (see <c>docs/publication.md</c>).
/// <list type="number">
/// <item>The caller stages each item (<see cref="StageFolder"/>, <c>StageFile</c>): a hidden sibling of its
/// target, <c>.staging-{pid}-{start}-{host}-{tx}-{name}</c>, on the same file system.</item>
/// <item><see cref="Commit"/> hashes every staged item whose target exists (or whose hash the caller asked for with
/// <see cref="StagedHash"/>), takes the lock of every lock folder (sorted, so two
/// transactions never deadlock), rolls forward any journal a killed writer left there, removes dead writers'
/// staging beside the targets, and compares each item with its target (write-once / replace / companion).
/// A conflict raises the caller's code before anything is moved.</item>
/// <item>The journal is written atomically (the commit point), each item renamed into place (a replaced folder is
/// first set aside as <c>.trash-…</c>), trash removed, the journal removed, the locks released.</item>
/// </list>
/// Disposing an uncommitted transaction removes its staging and checks that it is gone.
/// </summary>
public sealed class PublishTransaction : IDisposable
{
    private readonly List<string> _lockFolders;
    private readonly string _conflictCode;
    private readonly string _conflictHint;
    private readonly List<Staged> _items = [];
    private readonly Dictionary<string, (string Sha, IReadOnlyList<string> Files)> _hashes = new(StringComparer.Ordinal);
    private readonly string _tx = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
    private bool _journalWritten;
    private bool _done;

    /// <summary>Starts a transaction.</summary>
    /// <param name="lockFolders">Folders whose lock serialises writers of these targets (S4/S7: the data root; a file
    /// output: its folder). The journal goes into the first one in ordinal order.</param>
    /// <param name="conflictCode">Code (class conflict) for a write-once target that exists with other bytes.</param>
    /// <param name="conflictHint">What the user can do about a conflict (ends the message).</param>
    public PublishTransaction(IEnumerable<string> lockFolders, string conflictCode, string conflictHint = "outputs are write-once: remove it deliberately or use new identity tokens")
    {
        _conflictHint = conflictHint;
        ArgumentNullException.ThrowIfNull(lockFolders);
        _lockFolders = [.. lockFolders.Select(f => Path.GetFullPath(f).TrimEnd('/', '\\')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (_lockFolders.Count == 0)
        {
            throw new ArgumentException("a transaction needs at least one lock folder", nameof(lockFolders));
        }

        _conflictCode = conflictCode;
    }

    /// <summary>Prefix of staging entries.</summary>
    public const string StagingPrefix = ".staging-";

    /// <summary>Prefix of a replaced folder set aside during a commit.</summary>
    public const string TrashPrefix = ".trash-";

    /// <summary>The lock folders (absolute, sorted).</summary>
    public IReadOnlyList<string> LockFolders => _lockFolders;

    /// <summary>Creates and returns a staging folder for the folder <paramref name="target"/>.</summary>
    /// <param name="target">Final folder.</param>
    /// <param name="mode">How it meets an existing target.</param>
    /// <param name="late">Filled by the <c>beforeJournal</c> callback of <see cref="Commit"/>, once the outcomes of the
    /// other items are known (e.g. a run report that records whether the data was published or already there).</param>
    public string StageFolder(string target, PublishMode mode = PublishMode.WriteOnce, bool late = false)
    {
        var staged = Add(target, true, mode, late, remove: false);
        Folders.Create(staged.Staging);
        return staged.Staging;
    }

    /// <summary>Returns the path (not yet created) the caller writes the file <paramref name="target"/> to.</summary>
    /// <param name="target">Final file.</param>
    /// <param name="mode">How it meets an existing target.</param>
    /// <param name="late">Written by the <c>beforeJournal</c> callback of <see cref="Commit"/>, under the lock: for a file
    /// that merges what is already there (a shared manifest), so concurrent writers never lose each other's entries.</param>
    public string StageFile(string target, PublishMode mode = PublishMode.WriteOnce, bool late = false) => Add(target, false, mode, late, remove: false).Staging;

    /// <summary>
    /// Removes the file <paramref name="target"/> with the commit, when it exists: an output of the set's previous
    /// version that this version does not write (e.g. an optional output not asked for this time), so the committed set
    /// never keeps a file that describes another run. Deleted after the commit point, like the renames.
    /// </summary>
    public void StageRemoval(string target) => Add(target, false, PublishMode.Replace, late: false, remove: true);

    /// <summary>Stages <paramref name="target"/> with <paramref name="bytes"/>.</summary>
    public void StageFile(string target, ReadOnlySpan<byte> bytes, PublishMode mode = PublishMode.WriteOnce)
    {
        var path = StageFile(target, mode);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// The SHA-256 (a folder: its determinism receipt) and file list of the staged copy of <paramref name="target"/>,
    /// computed once: the commit reuses it, so a caller that needs the receipt (for a report) does not hash twice.
    /// The staged copy must be complete.
    /// </summary>
    public (string Sha256Hex, IReadOnlyList<string> Files) StagedHash(string target)
    {
        var full = Path.GetFullPath(target).TrimEnd('/', '\\');
        var item = _items.Single(i => i.Target == full);
        return Hash(item);
    }

    /// <summary>Commits the staged set; see the type. Returns one entry per staged item, in staging order.</summary>
    /// <param name="lockTimeout">How long to wait for busy locks (default <see cref="PublishLock.DefaultTimeout"/>).</param>
    /// <param name="beforeJournal">Called under the locks once the outcomes of the items not staged <c>late</c> are
    /// decided (by staging index; late items' entries are meaningless), to fill the late items.</param>
    public IReadOnlyList<PublishedItem> Commit(TimeSpan? lockTimeout = null, Action<IReadOnlyList<ItemOutcome>>? beforeJournal = null)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        RequireStaged(_items.Where(i => !i.Late && !i.Remove));
        // Hash (outside the locks) what will be compared: items whose target exists, and what the caller asked for
        // already. A new target needs no comparison, so gigabytes of new run-scoped logs are not read back; an item
        // whose target appears while we wait for the lock is hashed under it, in Decide.
        var hashed = _items.Select(i => i.Late || i.Remove || (!_hashes.ContainsKey(i.Target) && !TargetExists(i)) ? NotHashed : Hash(i)).ToList();
        var locks = new List<PublishLock>();
        try
        {
            foreach (var folder in _lockFolders)
            {
                locks.Add(PublishLock.Acquire(folder, lockTimeout ?? PublishLock.DefaultTimeout, _tx));
            }

            foreach (var folder in _lockFolders)
            {
                RecoverJournals(folder, _lockFolders, _items.Select(i => i.Target).ToHashSet(StringComparer.Ordinal));
            }

            foreach (var parent in _items.Select(i => Path.GetDirectoryName(i.Target)!).Concat(_lockFolders).Distinct(StringComparer.Ordinal))
            {
                Leftovers.RemoveDeadStaging(parent);
            }

            var outcomes = Decide(hashed, late: false);
            if (_items.Any(i => i.Late))
            {
                beforeJournal?.Invoke(outcomes);
                for (var i = 0; i < _items.Count; i++)
                {
                    if (_items[i].Late)
                    {
                        hashed[i] = Hash(_items[i]);
                    }
                }

                var lateOutcomes = Decide(hashed, late: true);
                for (var i = 0; i < _items.Count; i++)
                {
                    if (_items[i].Late)
                    {
                        outcomes[i] = lateOutcomes[i];
                    }
                }
            }
            var entries = new List<JournalEntry>();
            for (var i = 0; i < _items.Count; i++)
            {
                var item = _items[i];
                if (outcomes[i] is ItemOutcome.Published or ItemOutcome.Replaced or ItemOutcome.Removed)
                {
                    var trash = item.IsFolder && outcomes[i] == ItemOutcome.Replaced ? SiblingName(item.Target, TrashPrefix) : null;
                    entries.Add(new JournalEntry(item.Staging, item.Target, item.IsFolder, trash, outcomes[i] == ItemOutcome.Removed));
                }
            }

            if (entries.Count > 0)
            {
                RequireStaged(_items.Where((item, i) => !item.Remove && outcomes[i] is ItemOutcome.Published or ItemOutcome.Replaced));
                var name = $"{PublishJournal.Prefix}{ProcessIdentity.Current}-{_tx}{PublishJournal.Suffix}";
                var journal = PublishJournal.Write(_lockFolders[0], name, ProcessIdentity.Current, _lockFolders, entries);
                _journalWritten = true;
                PublishJournal.Read(journal)!.RollForward();
            }

            _done = true;
            RemoveStaging();
            return [.. hashed.Select((h, i) => new PublishedItem(_items[i].Target, _items[i].IsFolder, outcomes[i], h.Sha, h.Files))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (_journalWritten)
            {
                throw PublishCodes.Fail(
                    PublishCodes.Io,
                    $"the commit was interrupted after its journal was written ({ex.Message}); the new set is committed but not fully in place: run `allot gc` on {_lockFolders[0]} or re-run to complete it.",
                    _lockFolders[0],
                    ex);
            }

            throw Failure(ex);
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
    /// Turns an I/O failure while staging or before the commit point into <see cref="PublishCodes.Io"/>, after
    /// removing the staging and checking that it is gone (the message says what, if anything, remains).
    /// </summary>
    public AllotException Failure(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var remaining = _journalWritten ? [] : RemoveStaging();
        var left = remaining.Count == 0
            ? "no output was changed and no staged file remains"
            : $"no output was changed, but these staged entries could not be removed: {string.Join(", ", remaining)} (`allot gc` removes them)";
        return PublishCodes.Fail(PublishCodes.Io, $"could not stage or publish the outputs: {ex.Message}; {left}.", _items.Count > 0 ? _items[0].Target : _lockFolders[0], ex);
    }

    /// <summary>Removes the staging of an uncommitted transaction.</summary>
    public void Dispose()
    {
        if (!_journalWritten)
        {
            RemoveStaging();
        }

        _done = true;
    }

    /// <summary>Throws <see cref="PublishCodes.OutputIsInput"/> when an output is an input or two outputs are the same path.</summary>
    /// <param name="inputs">Input files or folders of the run.</param>
    /// <param name="outputs">Output files or folders of the run (by option name, for the message).</param>
    public static void RequireDistinct(IEnumerable<(string Option, string Path)> inputs, IEnumerable<(string Option, string Path)> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var outs = outputs.ToList();
        var ins = inputs.ToList();
        for (var i = 0; i < outs.Count; i++)
        {
            for (var j = i + 1; j < outs.Count; j++)
            {
                if (SamePath(outs[i].Path, outs[j].Path))
                {
                    throw PublishCodes.Fail(PublishCodes.OutputIsInput, $"{outs[i].Option} and {outs[j].Option} name the same file; each output needs its own path.", outs[i].Path);
                }
            }

            foreach (var input in ins)
            {
                if (SamePath(outs[i].Path, input.Path) || Inside(input.Path, outs[i].Path) || Inside(outs[i].Path, input.Path))
                {
                    throw PublishCodes.Fail(PublishCodes.OutputIsInput, $"{outs[i].Option} names {input.Option} (or a folder holding it); an output may never overwrite an input of the same run.", outs[i].Path);
                }
            }
        }
    }

    private static bool SamePath(string a, string b)
    {
        var fa = Canonical(a);
        var fb = Canonical(b);
        return string.Equals(fa, fb, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private static bool Inside(string folder, string path)
    {
        var f = Canonical(folder) + Path.DirectorySeparatorChar;
        return Directory.Exists(folder) && Canonical(path).StartsWith(f, StringComparison.Ordinal);
    }

    /// <summary>Full path with symlinks of existing parts resolved (so <c>a/../b</c> and links to the same file compare equal).</summary>
    private static string Canonical(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/', '\\');
        try
        {
            var info = new FileInfo(full);
            if (info.Exists && info.LinkTarget is not null)
            {
                return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
            }

            var dir = info.Directory;
            if (dir is { Exists: true } && dir.ResolveLinkTarget(returnFinalTarget: true) is { } real)
            {
                return Path.Combine(real.FullName, info.Name);
            }
        }
        catch (IOException)
        {
            // Unresolvable links compare by their full path.
        }

        return full;
    }

    private Staged Add(string target, bool folder, PublishMode mode, bool late, bool remove)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        var full = Path.GetFullPath(target).TrimEnd('/', '\\');
        if (_items.Any(i => i.Target == full))
        {
            throw PublishCodes.Fail(PublishCodes.OutputIsInput, "two outputs of one run name the same path.", full);
        }

        var parent = Path.GetDirectoryName(full) ?? throw new ArgumentException("target has no parent", nameof(target));
        Folders.Create(parent);
        if (!_items.Any(i => Path.GetDirectoryName(i.Target) == parent))
        {
            // Dead writers' staging goes before ours is written, not only at the commit: a run killed while staging
            // a large file on a small disk otherwise made every later run fail with a full disk before it got there.
            Leftovers.RemoveDeadStaging(parent);
        }

        var staged = new Staged(full, SiblingName(full, StagingPrefix), folder, mode, late, remove);
        _items.Add(staged);
        return staged;
    }

    private string SiblingName(string target, string prefix)
    {
        var owner = string.Create(CultureInfo.InvariantCulture, $"{prefix}{ProcessIdentity.Current}-{_tx}-");
        var name = Path.GetFileName(target);

        // A file name may take 255 bytes and the owner part some 50 more: a long (or CJK) output name could not be
        // staged at all. The name part is only for people looking at the folder (the journal holds the full paths),
        // so it is cut to fit, on a character boundary, and the hash of the whole name keeps two long names sharing
        // a beginning apart.
        if (System.Text.Encoding.UTF8.GetByteCount(owner + name) > MaxNameBytes)
        {
            var tag = "~" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..8];
            var room = MaxNameBytes - System.Text.Encoding.UTF8.GetByteCount(owner) - tag.Length;
            while (System.Text.Encoding.UTF8.GetByteCount(name) > room)
            {
                name = name[..^(char.IsLowSurrogate(name[^1]) && name.Length > 1 ? 2 : 1)];
            }

            name += tag;
        }

        return Path.Combine(Path.GetDirectoryName(target)!, owner + name);
    }

    /// <summary>The longest file name, in bytes, of the common file systems (ext4, xfs, btrfs, tmpfs, NTFS in UTF-16 units).</summary>
    private const int MaxNameBytes = 255;

    /// <summary>
    /// Fails before the commit point when a staged copy is gone. Only another process removes it (a sweep that took this
    /// run for a dead one: <c>allot gc</c> from another machine or container, whose process table does not show it);
    /// committing anyway renamed nothing for that item and reported success with nothing published.
    /// </summary>
    private static void RequireStaged(IEnumerable<Staged> items)
    {
        var gone = items.Where(i => !(i.IsFolder ? Directory.Exists(i.Staging) : File.Exists(i.Staging))).ToList();
        if (gone.Count > 0)
        {
            throw PublishCodes.Fail(
                PublishCodes.Io,
                $"the staged copy of {string.Join(", ", gone.Select(g => g.Target))} vanished before the commit: another process removed it (an `allot gc` or run from another machine or container cannot see that this run is alive); nothing of this run was published, re-run it.",
                gone[0].Target);
        }
    }

    /// <summary>The hash of an item that was never compared (its target did not exist): empty, nothing read.</summary>
    private static readonly (string Sha, IReadOnlyList<string> Files) NotHashed = (string.Empty, []);

    private static bool TargetExists(Staged item) => item.IsFolder ? Directory.Exists(item.Target) : File.Exists(item.Target);

    private (string Sha, IReadOnlyList<string> Files) Hash(Staged item)
    {
        if (_hashes.TryGetValue(item.Target, out var known))
        {
            return known;
        }

        (string, IReadOnlyList<string>) computed;
        if (item.IsFolder)
        {
            computed = (DeterminismReceipt.ComputeSha256Hex(item.Staging), DeterminismReceipt.OrderedFiles(item.Staging));
        }
        else if (!File.Exists(item.Staging))
        {
            throw new InvalidOperationException($"the staged file for {item.Target} was never written.");
        }
        else
        {
            computed = (DeterminismReceipt.FileSha256Hex(item.Staging), [Path.GetFileName(item.Target)]);
        }

        _hashes[item.Target] = computed;
        return computed;
    }

    private List<ItemOutcome> Decide(List<(string Sha, IReadOnlyList<string> Files)> hashed, bool late)
    {
        var outcomes = new ItemOutcome[_items.Count];
        var companions = new List<int>();
        for (var i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            if (item.Late != late)
            {
                continue;
            }

            if (item.Remove)
            {
                outcomes[i] = TargetExists(item) ? ItemOutcome.Removed : ItemOutcome.AlreadyAbsent;
                continue;
            }

            // A folder where a file goes (or a file where a folder goes) is no earlier version of the item: replacing it
            // would delete someone's entry, and a rename onto it fails only after the commit point, leaving a journal
            // that neither gc nor any later writer could complete. Refused here, before anything moves, in every mode.
            if (item.IsFolder ? File.Exists(item.Target) : Directory.Exists(item.Target))
            {
                throw PublishCodes.Fail(
                    PublishCodes.Io,
                    $"the path is {(item.IsFolder ? "a file, not a folder" : "a folder, not a file")}, so this run's output {(item.IsFolder ? "folder" : "file")} cannot take its place. Nothing of this run was published; move it away or choose another path.",
                    item.Target);
            }

            if (!item.IsFolder)
            {
                RegularFileTarget.Require(item.Target);
            }

            if (item.Mode == PublishMode.Companion)
            {
                companions.Add(i);
                continue;
            }

            var existing = Existing(item);
            if (existing is null)
            {
                outcomes[i] = ItemOutcome.Published;
            }
            else if ((hashed[i] = Hash(item)) is var staged && existing.Value.Sha == staged.Sha && existing.Value.Files.SequenceEqual(staged.Files, StringComparer.Ordinal))
            {
                outcomes[i] = ItemOutcome.IdenticalExisting;
            }
            else if (item.Mode == PublishMode.Replace)
            {
                outcomes[i] = ItemOutcome.Replaced;
            }
            else
            {
                throw new AllotException(new AllotError(
                    _conflictCode,
                    ErrorClass.Conflict,
                    $"the {(item.IsFolder ? "partition" : "file")} already exists with different content (existing sha256 {existing.Value.Sha}, new {hashed[i].Sha}); {_conflictHint}. Nothing of this run was published.",
                    File: item.Target));
            }
        }

        var changed = outcomes.Where((o, i) => _items[i].Mode != PublishMode.Companion && _items[i].Late == late).Any(o => o is ItemOutcome.Published or ItemOutcome.Replaced or ItemOutcome.Removed);
        foreach (var i in companions)
        {
            var exists = _items[i].IsFolder ? Directory.Exists(_items[i].Target) : File.Exists(_items[i].Target);
            outcomes[i] = !exists ? ItemOutcome.Published : changed ? ItemOutcome.Replaced : ItemOutcome.KeptExisting;
        }

        return [.. outcomes];
    }

    private (string Sha, IReadOnlyList<string> Files)? Existing(Staged item)
    {
        // A target of the other kind was refused before (Decide).
        if (item.IsFolder)
        {
            return Directory.Exists(item.Target) ? (DeterminismReceipt.ComputeSha256Hex(item.Target), DeterminismReceipt.OrderedFiles(item.Target)) : null;
        }

        return File.Exists(item.Target) ? (DeterminismReceipt.FileSha256Hex(item.Target), [Path.GetFileName(item.Target)]) : null;
    }

    private static void RecoverJournals(string folder, List<string> held, HashSet<string> ours)
    {
        foreach (var path in PublishJournal.In(folder))
        {
            var journal = PublishJournal.Read(path);
            if (journal is null)
            {
                continue;
            }

            // Its writer held all of journal.Locks; take the ones we do not hold without waiting (never block
            // out of order); if one is busy, its holder will complete the journal itself.
            var extra = new List<PublishLock>();
            try
            {
                foreach (var l in journal.Locks.Where(l => !held.Contains(l, StringComparer.Ordinal)))
                {
                    extra.Add(PublishLock.Acquire(l, TimeSpan.Zero, "recovery"));
                }

                journal.RollForward();
            }
            catch (AllotException ex) when (ex.Code == PublishCodes.Busy)
            {
                // Left for the holder of the other lock; but a journal that names one of our targets would put its
                // older copy over ours when it is completed later, so this run must not commit before it: busy, retry.
                if (journal.Entries.FirstOrDefault(e => ours.Contains(e.Target)) is { } shared)
                {
                    throw PublishCodes.Fail(
                        PublishCodes.Busy,
                        $"an interrupted commit ({journal.Path}) still has to move its copy of {shared.Target} into place, and another allot process holds the lock of its other folder; nothing of this run was published: retry when that run has finished (or run `allot gc` on {System.IO.Path.GetDirectoryName(journal.Path)}).",
                        shared.Target,
                        ex);
                }
            }
            finally
            {
                foreach (var l in extra)
                {
                    l.Dispose();
                }
            }
        }
    }

    private List<string> RemoveStaging()
    {
        var remaining = new List<string>();
        foreach (var item in _items)
        {
            try
            {
                if (item.IsFolder && Directory.Exists(item.Staging))
                {
                    Directory.Delete(item.Staging, recursive: true);
                }
                else if (!item.IsFolder && File.Exists(item.Staging))
                {
                    File.Delete(item.Staging);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Reported below.
            }

            if (Directory.Exists(item.Staging) || File.Exists(item.Staging))
            {
                remaining.Add(item.Staging);
            }
        }

        return remaining;
    }

    private sealed record Staged(string Target, string Staging, bool IsFolder, PublishMode Mode, bool Late, bool Remove);
}
