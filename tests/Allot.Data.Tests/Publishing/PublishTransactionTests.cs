using System.Diagnostics;
using System.Globalization;
using Allot.Core.Errors;
using Allot.Data.Publishing;

namespace Allot.Data.Tests.Publishing;

public sealed class PublishTransactionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("allot-tx-").FullName;

    [Fact]
    public void WriteOnce_IdenticalSet_IsNotRewritten_SameInode()
    {
        Publish(PublishMode.WriteOnce, "a", "1");
        var inode = Inode(Path.Combine(_root, "out", "a.txt"));
        var items = Publish(PublishMode.WriteOnce, "a", "1");
        Assert.All(items, i => Assert.Equal(ItemOutcome.IdenticalExisting, i.Outcome));
        Assert.Equal(inode, Inode(Path.Combine(_root, "out", "a.txt")));
        AssertNoMachinery();
    }

    [Fact]
    public void WriteOnce_DifferentContent_ConflictsBeforeAnythingMoves()
    {
        Publish(PublishMode.WriteOnce, "a", "1");
        var ex = Assert.Throws<AllotException>(() => Publish(PublishMode.WriteOnce, "a", "2", folderContent: "changed"));
        Assert.Equal("E_TEST_CONFLICT", ex.Code);
        Assert.Equal(ErrorClass.Conflict, ex.Error.Class);
        Assert.Equal("a", File.ReadAllText(Path.Combine(_root, "out", "a.txt")));
        Assert.Equal("x", File.ReadAllText(Path.Combine(_root, "out", "part", "p.bin")));
        AssertNoMachinery();
    }

    [Fact]
    public void Replace_ReplacesTheWholeSet_FileAndFolder()
    {
        Publish(PublishMode.Replace, "a", "1");
        var items = Publish(PublishMode.Replace, "b", "2", folderContent: "y");
        Assert.All(items, i => Assert.Equal(ItemOutcome.Replaced, i.Outcome));
        Assert.Equal("b", File.ReadAllText(Path.Combine(_root, "out", "a.txt")));
        Assert.Equal("y", File.ReadAllText(Path.Combine(_root, "out", "part", "p.bin")));
        AssertNoMachinery();
    }

    [Fact]
    public void Companion_IsKeptWhenTheDataIsIdentical_WrittenWhenMissing()
    {
        var target = Path.Combine(_root, "plan");
        var report = Path.Combine(_root, "report.json");
        IReadOnlyList<PublishedItem> Run(string reportText)
        {
            using var tx = new PublishTransaction([_root], "E_TEST_CONFLICT");
            File.WriteAllText(Path.Combine(tx.StageFolder(target), "part-00000.parquet"), "rows");
            tx.StageFile(report, System.Text.Encoding.UTF8.GetBytes(reportText), PublishMode.Companion);
            return tx.Commit();
        }

        Assert.Equal(ItemOutcome.Published, Run("first")[1].Outcome);
        Assert.Equal(ItemOutcome.KeptExisting, Run("second")[1].Outcome);
        Assert.Equal("first", File.ReadAllText(report));
        File.Delete(report);
        Assert.Equal(ItemOutcome.Published, Run("third")[1].Outcome);
        Assert.Equal("third", File.ReadAllText(report));
    }

    /// <summary>
    /// The retail pattern (issue #10 case 5): each writer replaces its own period's files and merges its entry into a
    /// shared manifest staged late, under the lock. 4 concurrent writers: every entry lands.
    /// </summary>
    [Fact]
    public void LateManifest_ConcurrentWriters_EveryEntryLands()
    {
        var manifest = Path.Combine(_root, "out", "manifest.txt");
        Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4).ForAll(i =>
        {
            using var tx = new PublishTransaction([Path.Combine(_root, "out")], "E_TEST_CONFLICT");
            tx.StageFile(Path.Combine(_root, "out", $"period{i}.csv"), System.Text.Encoding.UTF8.GetBytes($"rows {i}\n"), PublishMode.Replace);
            var staged = tx.StageFile(manifest, PublishMode.Replace, late: true);
            tx.Commit(beforeJournal: _ =>
            {
                var existing = File.Exists(manifest) ? File.ReadAllText(manifest) : string.Empty;
                Thread.Sleep(20);
                File.WriteAllText(staged, existing + $"period{i}\n");
            });
        });
        var lines = File.ReadAllLines(manifest).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["period0", "period1", "period2", "period3"], lines);
        AssertNoMachinery();
    }

    [Fact]
    public void Lock_HeldByAnotherHolder_IsBusy_WithTheHolderNamed()
    {
        using var held = PublishLock.Acquire(_root, TimeSpan.Zero, "holder");
        var ex = Assert.Throws<AllotException>(() => PublishLock.Acquire(_root, TimeSpan.FromMilliseconds(50), "second"));
        Assert.Equal(PublishCodes.Busy, ex.Code);
        Assert.Equal(ErrorClass.Conflict, ex.Error.Class);
        Assert.Contains($"pid {Environment.ProcessId}", ex.Message, StringComparison.Ordinal);
        Assert.True(PublishLock.IsHeld(Path.Combine(_root, PublishLock.FileName)));
        held.Dispose();
        Assert.False(PublishLock.IsHeld(Path.Combine(_root, PublishLock.FileName)));
    }

    [Fact]
    public void RequireDistinct_RefusesOutputEqualToInputOrToAnotherOutput()
    {
        var input = Path.Combine(_root, "in.csv");
        File.WriteAllText(input, "x");
        var same = Assert.Throws<AllotException>(() => PublishTransaction.RequireDistinct([("--input", input)], [("--output", Path.Combine(_root, "sub", "..", "in.csv"))]));
        Assert.Equal(PublishCodes.OutputIsInput, same.Code);
        Assert.Equal(ErrorClass.Usage, same.Error.Class);
        var twice = Assert.Throws<AllotException>(() => PublishTransaction.RequireDistinct([("--input", input)], [("--output", Path.Combine(_root, "o.csv")), ("--audit", Path.Combine(_root, "o.csv"))]));
        Assert.Contains("--output and --audit", twice.Message, StringComparison.Ordinal);
        var link = Path.Combine(_root, "link.csv");
        File.CreateSymbolicLink(link, input);
        Assert.Throws<AllotException>(() => PublishTransaction.RequireDistinct([("--input", input)], [("--output", link)]));
        PublishTransaction.RequireDistinct([("--input", input)], [("--output", Path.Combine(_root, "o.csv")), ("--audit", Path.Combine(_root, "a.json"))]);
    }

    [Fact]
    public void DeadWritersStaging_IsRemovedByTheNextCommit_LiveOnesAreNot()
    {
        var dead = DeadProcess();
        var parent = Path.Combine(_root, "out");
        Directory.CreateDirectory(parent);
        var deadStaging = Path.Combine(parent, $".staging-{dead}-0badc0de-part");
        var liveStaging = Path.Combine(parent, $".staging-{ProcessIdentity.Current}-0badc0de-part");
        Directory.CreateDirectory(deadStaging);
        Directory.CreateDirectory(liveStaging);
        Publish(PublishMode.WriteOnce, "a", "1");
        Assert.False(Directory.Exists(deadStaging));
        Assert.True(Directory.Exists(liveStaging));
    }

    [Fact]
    public void Gc_RollsForwardAnUnfinishedJournal_AndRemovesDeadStaging()
    {
        var dead = DeadProcess();
        var target = Path.Combine(_root, "data", "part");
        var report = Path.Combine(_root, "control", "report.json");
        var stagedFolder = Path.Combine(_root, "data", $".staging-{dead}-00000001-part");
        var stagedFile = Path.Combine(_root, "control", $".staging-{dead}-00000001-report.json");
        Directory.CreateDirectory(stagedFolder);
        File.WriteAllText(Path.Combine(stagedFolder, "part-00000.parquet"), "rows");
        Directory.CreateDirectory(Path.GetDirectoryName(stagedFile)!);
        File.WriteAllText(stagedFile, "{}");
        var orphan = Path.Combine(_root, "data", $".staging-{dead}-00000002-other");
        Directory.CreateDirectory(orphan);
        PublishJournal.Write(_root, $"{PublishJournal.Prefix}{dead}-00000001{PublishJournal.Suffix}", dead, [_root], [new JournalEntry(stagedFolder, target, true, null), new JournalEntry(stagedFile, report, false, null)]);

        var ex = Assert.Throws<AllotException>(() => PublishJournal.ThrowIfHalfPublished(_root, [target, report], "allot gc"));
        Assert.Equal(PublishCodes.HalfPublished, ex.Code);
        Assert.Contains("killed between its renames", ex.Message, StringComparison.Ordinal);

        var dry = Leftovers.Scan(_root, dryRun: true);
        Assert.Contains(dry, l => l.Kind == "journal" && l.Action.StartsWith("would roll forward", StringComparison.Ordinal));
        Assert.Contains(dry, l => l.Path == stagedFolder && l.Action == "would be moved into place by its journal");
        Assert.Contains(dry, l => l.Path == orphan && l.Action == "would remove");
        Assert.False(Directory.Exists(target));

        var done = Leftovers.Scan(_root, dryRun: false);
        Assert.Contains(done, l => l.Kind == "journal" && l.Action.StartsWith("rolled forward (2", StringComparison.Ordinal));
        Assert.Contains(done, l => l.Kind == "staging" && l.Path == orphan && l.Action == "removed");
        Assert.Equal("rows", File.ReadAllText(Path.Combine(target, "part-00000.parquet")));
        Assert.Equal("{}", File.ReadAllText(report));
        Assert.Empty(PublishJournal.In(_root));
        PublishJournal.ThrowIfHalfPublished(_root, [target, report], "allot gc");
        Assert.Empty(Leftovers.Scan(_root, dryRun: true));
    }

    [Fact]
    public void Removal_DeletesTheEarlierSetsFile_WithTheCommit_AbsentIsNothingToDo_AJournalRollsItForward()
    {
        var kept = Path.Combine(_root, "out", "a.txt");
        var old = Path.Combine(_root, "out", "old.xlsx");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        File.WriteAllText(old, "an earlier run's");
        IReadOnlyList<PublishedItem> Run()
        {
            using var tx = new PublishTransaction([_root], "E_TEST_CONFLICT");
            tx.StageFile(kept, "new"u8, PublishMode.Replace);
            tx.StageRemoval(old);
            return tx.Commit();
        }

        Assert.Equal(ItemOutcome.Removed, Run()[1].Outcome);
        Assert.False(File.Exists(old));
        Assert.Equal("new", File.ReadAllText(kept));
        AssertNoMachinery();
        Assert.Equal(ItemOutcome.AlreadyAbsent, Run()[1].Outcome);
        AssertNoMachinery();

        // A writer killed after its commit point: the next writer (or gc) finishes the removal too.
        var dead = DeadProcess();
        File.WriteAllText(old, "an earlier run's");
        PublishJournal.Write(_root, $"{PublishJournal.Prefix}{dead}-00000003{PublishJournal.Suffix}", dead, [_root], [new JournalEntry(Path.Combine(_root, "out", $".staging-{dead}-00000003-old.xlsx"), old, false, null, Remove: true)]);
        Assert.True(File.Exists(old));
        Run();
        Assert.False(File.Exists(old));
        Assert.Empty(PublishJournal.In(_root));
    }

    /// <summary>
    /// Found by hand: `apportion --output some-folder --overwrite` (a typo) passed the commit point, then failed to move
    /// the file onto the folder: E_IO_PUBLISH "committed but not fully in place: run allot gc", and gc (and every later
    /// writer of that output folder) failed on the same rename for ever. A target of the other kind is now refused
    /// before anything moves, in every mode, and the path stays as it was.
    /// </summary>
    [Theory]
    [InlineData(PublishMode.Replace)]
    [InlineData(PublishMode.WriteOnce)]
    [InlineData(PublishMode.Companion)]
    public void ATargetOfTheOtherKind_IsRefusedBeforeTheCommitPoint_NothingMoves(PublishMode mode)
    {
        var folderInTheWay = Directory.CreateDirectory(Path.Combine(_root, "out", "o.csv")).FullName;
        File.WriteAllText(Path.Combine(folderInTheWay, "someone's.txt"), "keep");
        var fileInTheWay = Path.Combine(_root, "out", "part");
        File.WriteAllText(fileInTheWay, "keep");
        var audit = Path.Combine(_root, "out", "a.json");

        foreach (var (target, folder) in new[] { (folderInTheWay, false), (fileInTheWay, true) })
        {
            var ex = Assert.Throws<AllotException>(() =>
            {
                using var tx = new PublishTransaction([_root], "E_TEST_CONFLICT");
                tx.StageFile(audit, "audit"u8, PublishMode.Replace);
                if (folder)
                {
                    File.WriteAllText(Path.Combine(tx.StageFolder(target, mode), "p.bin"), "x");
                }
                else
                {
                    tx.StageFile(target, "rows"u8, mode);
                }

                tx.Commit();
            });
            Assert.Equal(PublishCodes.Io, ex.Code);
            Assert.Equal(ErrorClass.Io, ex.Error.Class);
            Assert.Contains(folder ? "is a file, not a folder" : "is a folder, not a file", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Nothing of this run was published", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal("keep", File.ReadAllText(Path.Combine(folderInTheWay, "someone's.txt")));
        Assert.Equal("keep", File.ReadAllText(fileInTheWay));
        Assert.False(File.Exists(audit));
        AssertNoMachinery();
    }

    /// <summary>
    /// Found by hand: `apportion --output` with a 229-character file name (valid: 255 bytes is the limit) failed with
    /// E_IO_PUBLISH "the path ... is too long", because the staging name adds the owner and transaction to it; so would a
    /// name of 83 CJK characters (253 bytes). The staging name's copy of the target name is cut to fit.
    /// </summary>
    [Theory]
    [InlineData(251, "o")]
    [InlineData(83, "分")]
    public void ALongTargetName_IsStagedAndPublished(int repeat, string character)
    {
        var name = string.Concat(Enumerable.Repeat(character, repeat)) + ".csv";
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(name), 240, 255);
        var target = Path.Combine(_root, "out", name);
        var folder = Path.Combine(_root, "out", name[..^4]);
        using var tx = new PublishTransaction([_root], "E_TEST_CONFLICT");
        tx.StageFile(target, "rows"u8, PublishMode.Replace);
        File.WriteAllText(Path.Combine(tx.StageFolder(folder), "p.bin"), "x");
        tx.Commit();
        Assert.Equal("rows", File.ReadAllText(target));
        Assert.Equal("x", File.ReadAllText(Path.Combine(folder, "p.bin")));
        AssertNoMachinery();
    }

    [Fact]
    public void FailedStaging_RemovesEverything_AndSaysSoTruthfully()
    {
        var tx = new PublishTransaction([_root], "E_TEST_CONFLICT");
        var staging = tx.StageFolder(Path.Combine(_root, "out", "part"));
        File.WriteAllText(Path.Combine(staging, "half"), "x");
        var error = tx.Failure(new IOException("No space left on device"));
        tx.Dispose();
        Assert.Equal(PublishCodes.Io, error.Code);
        Assert.Contains("no staged file remains", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "out")));
    }

    [Fact]
    public void UnexpectedEntry_FindsStrayFilesAndFolders()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "p")).FullName;
        File.WriteAllText(Path.Combine(folder, "part-00000.parquet"), "x");
        Assert.Null(DeterminismReceipt.FirstUnexpectedEntry(folder, rel => rel == "part-00000.parquet"));
        File.WriteAllText(Path.Combine(folder, ".hidden"), "x");
        Assert.Equal(".hidden", DeterminismReceipt.FirstUnexpectedEntry(folder, rel => rel == "part-00000.parquet"));
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
    }

    private IReadOnlyList<PublishedItem> Publish(PublishMode mode, string fileContent, string tag, string folderContent = "x")
    {
        _ = tag;
        using var tx = new PublishTransaction([_root], "E_TEST_CONFLICT");
        tx.StageFile(Path.Combine(_root, "out", "a.txt"), System.Text.Encoding.UTF8.GetBytes(fileContent), mode);
        File.WriteAllText(Path.Combine(tx.StageFolder(Path.Combine(_root, "out", "part"), mode), "p.bin"), folderContent);
        return tx.Commit();
    }

    private void AssertNoMachinery()
    {
        var left = Directory.EnumerateFileSystemEntries(_root, ".*", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .ToList();
        Assert.Empty(left);
    }

    /// <summary>The identity of a process that has exited (a pid with a start time that no running process has).</summary>
    internal static ProcessIdentity DeadProcess()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        var identity = new ProcessIdentity(p.Id, 1);
        p.WaitForExit();
        return identity;
    }

    private static long Inode(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return long.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }
}
