using Allot.Core.Errors;
using Allot.Data.Publishing;

namespace Allot.Data.Tests.Publishing;

/// <summary>
/// What a sweep of dead writers' leftovers (by the next writer, before staging and at its commit, or by <c>allot gc</c>)
/// may remove: staging of a transaction that never reached its commit point, never staging that a committed journal
/// still has to move into place, wherever that journal lives.
/// </summary>
public sealed class LeftoverSweepTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("allot-sweep-").FullName;

    [Fact]
    public void DeadWritersStaging_IsRemovedWhenTheNextWriterStages_NotOnlyAtItsCommit()
    {
        // Found by hand: a run killed while staging a 10 MB audit on a 20 MB file system left the staging behind, and
        // every later run failed with "No space left on device" while staging, before the commit that sweeps it.
        var dead = PublishTransactionTests.DeadProcess();
        var folder = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
        var deadStaging = Path.Combine(folder, $".staging-{dead}-0badc0de-audit.json");
        File.WriteAllText(deadStaging, "half an audit");
        var liveStaging = Path.Combine(folder, $".staging-{ProcessIdentity.Current}-0badc0de-other.json");
        File.WriteAllText(liveStaging, "a live writer's");

        using var tx = new PublishTransaction([folder], "E_TEST_CONFLICT");
        tx.StageFile(Path.Combine(folder, "audit.json"), "new"u8);

        Assert.False(File.Exists(deadStaging));
        Assert.True(File.Exists(liveStaging));
    }

    [Fact]
    public void CommittedSetInTwoFolders_ACommitInTheSecondFolder_CompletesIt_InsteadOfSweepingItsStaging()
    {
        var (a, b) = KilledAfterCommitPoint();
        using (var tx = new PublishTransaction([b], "E_TEST_CONFLICT"))
        {
            tx.StageFile(Path.Combine(b, "other.csv"), "another run's"u8);
            tx.Commit();
        }

        AssertNewSet(a, b);
    }

    [Fact]
    public void CommittedSetInTwoFolders_GcOfTheSecondFolderAlone_CompletesIt()
    {
        var (a, b) = KilledAfterCommitPoint();
        var dry = Leftovers.Scan(b, dryRun: true);
        Assert.Contains(dry, l => l.Kind == "staging" && l.State == "committed" && l.Action == "would be moved into place by its journal");
        Assert.DoesNotContain(dry, l => l.Action == "would remove" && l.Kind == "staging");
        Assert.Equal("old out", File.ReadAllText(Path.Combine(b, "out.csv")));

        var done = Leftovers.Scan(b, dryRun: false);
        Assert.Contains(done, l => l.Action.StartsWith("rolled forward (2", StringComparison.Ordinal));
        AssertNewSet(a, b);
    }

    [Fact]
    public void CommittedSetInTwoFolders_ABareSweepOfTheSecondFolder_KeepsItsStaging()
    {
        var (a, b) = KilledAfterCommitPoint();
        Leftovers.RemoveDeadStaging(b);
        Assert.Single(Directory.EnumerateFiles(b, ".staging-*"));
        Leftovers.Scan(a, dryRun: false);
        AssertNewSet(a, b);
    }

    /// <summary>
    /// A writer of <c>b</c> alone finds the two-folder journal but cannot take <c>a</c>'s lock (another writer holds it,
    /// and that one cannot take <c>b</c>'s, which we hold). Committing its own <c>b/out.csv</c> then would be undone
    /// when the journal is completed later, putting the killed run's older file over this run's newer one. It is now
    /// busy (retry) before anything moves.
    /// </summary>
    [Fact]
    public void AJournalThatCannotBeCompletedNow_AndNamesOurTarget_MakesTheWriterBusy_NotOverwrittenLater()
    {
        var (a, b) = KilledAfterCommitPoint();
        void Ours()
        {
            using var tx = new PublishTransaction([b], "E_TEST_CONFLICT");
            tx.StageFile(Path.Combine(b, "out.csv"), "newest out"u8, PublishMode.Replace);
            tx.Commit(TimeSpan.Zero);
        }

        using (PublishLock.Acquire(a, TimeSpan.Zero, "a writer of a"))
        {
            var ex = Assert.Throws<AllotException>(Ours);
            Assert.Equal(PublishCodes.Busy, ex.Code);
            Assert.Equal("old out", File.ReadAllText(Path.Combine(b, "out.csv")));
        }

        Ours();
        Assert.Equal("newest out", File.ReadAllText(Path.Combine(b, "out.csv")));
        Assert.Equal("new audit", File.ReadAllText(Path.Combine(a, "audit.json")));
        Leftovers.Scan(_root, dryRun: false);
        Assert.Equal("newest out", File.ReadAllText(Path.Combine(b, "out.csv")));
    }

    [Fact]
    public void ValidatingTheSecondFolder_SeesTheHalfPublishedSet()
    {
        var (_, b) = KilledAfterCommitPoint();
        var ex = Assert.Throws<AllotException>(() => PublishJournal.ThrowIfHalfPublished(b, [Path.Combine(b, "out.csv")], "allot gc"));
        Assert.Equal(PublishCodes.HalfPublished, ex.Code);
    }

    [Fact]
    public void Gc_AJournalWhoseLockIsBusy_IsLeft_AndSoIsTheStagingItWillMoveIntoPlace()
    {
        var (a, b) = KilledAfterCommitPoint();
        var done = default(IReadOnlyList<Leftover>);
        using (PublishLock.Acquire(b, TimeSpan.Zero, "a live writer"))
        {
            done = Leftovers.Scan(_root, dryRun: false, lockTimeout: TimeSpan.Zero);
        }

        Assert.Contains(done, l => l.Kind == "journal" && l.Action.StartsWith("left alone", StringComparison.Ordinal));
        Assert.DoesNotContain(done, l => l.Kind == "staging" && l.Action == "removed");
        Leftovers.Scan(_root, dryRun: false);
        AssertNewSet(a, b);
    }

    [Fact]
    public void AStaleReference_OfAWriterKilledBeforeItsCommitPoint_IsRemovedWithItsStaging()
    {
        var (a, b) = KilledAfterCommitPoint();
        var journal = Assert.Single(PublishJournal.In(a));
        File.Move(journal, journal + ".tmp");
        Leftovers.RemoveDeadStaging(b);
        Leftovers.RemoveDeadStaging(a);
        Assert.Empty(Directory.EnumerateFileSystemEntries(b, ".*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(a, ".*"));
        Assert.Equal("old out", File.ReadAllText(Path.Combine(b, "out.csv")));
        Assert.Equal("old audit", File.ReadAllText(Path.Combine(a, "audit.json")));
    }

    /// <summary>
    /// Found by hand: `allot gc` run in another PID namespace (a container or machine sharing the folder) took a live
    /// `apportion`'s staging for a dead run's and removed it; the run then committed a journal whose renames all
    /// found no staging, removed it, and exited 0 with its summary: nothing had been published. A staged item that is
    /// gone at the commit is now a failure before the commit point.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StagingRemovedByAnotherProcessBeforeTheCommit_IsAFailure_NotASuccessThatPublishedNothing(bool targetExists)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
        var target = Path.Combine(folder, "out.csv");
        if (targetExists)
        {
            File.WriteAllText(target, "old");
        }

        using var tx = new PublishTransaction([folder], "E_TEST_CONFLICT");
        tx.StageFile(Path.Combine(folder, "audit.json"), "audit"u8, PublishMode.Replace);
        var staged = tx.StageFile(target, PublishMode.Replace);
        File.WriteAllText(staged, "new");
        File.Delete(staged);

        var ex = Assert.Throws<AllotException>(() => tx.Commit());
        Assert.Equal(PublishCodes.Io, ex.Code);
        Assert.Contains("vanished before the commit", ex.Message, StringComparison.Ordinal);
        Assert.Equal(targetExists ? "old" : null, File.Exists(target) ? File.ReadAllText(target) : null);
        Assert.False(File.Exists(Path.Combine(folder, "audit.json")));
        Assert.Empty(PublishJournal.In(folder));
    }

    /// <summary>A journal written on another host is never called "being committed right now" nor "killed": nobody here can tell.</summary>
    [Fact]
    public void AHalfPublishedSetOfAnotherHost_SaysItsLivenessCannotBeToldFromHere()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
        var target = Path.Combine(folder, "out.csv");
        var other = new ProcessIdentity(Environment.ProcessId, ProcessIdentity.Current.StartTime, ProcessIdentity.LocalHost == "0000beef" ? "0000cafe" : "0000beef");
        PublishJournal.Write(folder, $"{PublishJournal.Prefix}{other}-0000000b{PublishJournal.Suffix}", other, [folder], [new JournalEntry(Path.Combine(folder, $".staging-{other}-0000000b-out.csv"), target, false, null)]);
        var ex = Assert.Throws<AllotException>(() => PublishJournal.ThrowIfHalfPublished(folder, [target], "allot gc"));
        Assert.Contains("another machine or container", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("right now", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// The state an `apportion --output b/out.csv --audit a/audit.json --overwrite` leaves when it is killed after its
    /// commit point, before its first rename: an old set in place, the new one staged, the journal in <c>a</c> (the
    /// first lock folder in ordinal order).
    /// </summary>
    private (string A, string B) KilledAfterCommitPoint()
    {
        var dead = PublishTransactionTests.DeadProcess();
        var a = Directory.CreateDirectory(Path.Combine(_root, "a")).FullName;
        var b = Directory.CreateDirectory(Path.Combine(_root, "b")).FullName;
        File.WriteAllText(Path.Combine(b, "out.csv"), "old out");
        File.WriteAllText(Path.Combine(a, "audit.json"), "old audit");
        var outStaging = Path.Combine(b, $".staging-{dead}-0000000a-out.csv");
        var auditStaging = Path.Combine(a, $".staging-{dead}-0000000a-audit.json");
        File.WriteAllText(outStaging, "new out");
        File.WriteAllText(auditStaging, "new audit");
        PublishJournal.Write(a, $"{PublishJournal.Prefix}{dead}-0000000a{PublishJournal.Suffix}", dead, [a, b], [
            new JournalEntry(outStaging, Path.Combine(b, "out.csv"), false, null),
            new JournalEntry(auditStaging, Path.Combine(a, "audit.json"), false, null),
        ]);
        return (a, b);
    }

    private static void AssertNewSet(string a, string b)
    {
        Assert.Equal("new out", File.ReadAllText(Path.Combine(b, "out.csv")));
        Assert.Equal("new audit", File.ReadAllText(Path.Combine(a, "audit.json")));
        Assert.Empty(PublishJournal.In(a));
        Assert.Empty(PublishJournal.In(b));
        Assert.Empty(Directory.EnumerateFileSystemEntries(a, ".staging-*").Concat(Directory.EnumerateFileSystemEntries(b, ".staging-*")));
    }
}
