using System.Diagnostics;
using Allot.Data.Publishing;

namespace Allot.Cli.Tests.Publication;

/// <summary>Issue #10 cases 1–4: `apportion` publishes output + audit as one set.</summary>
public sealed class ApportionPublicationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("allot-pub-apportion-").FullName;

    private string Input
    {
        get
        {
            var path = Path.Combine(_root, "in.csv");
            if (!File.Exists(path))
            {
                File.WriteAllText(path, "unit,weight\na,1\nb,2\nc,3\nd,5\n");
            }

            return path;
        }
    }

    [Fact]
    public void Case1_AuditEqualToOutput_IsRefused_NothingWritten()
    {
        var o = Path.Combine(_root, "o.csv");
        var r = CliHarness.Run("apportion", "--input", Input, "--total", "10", "--output", o, "--audit", o);
        Assert.Equal(2, r.Exit);
        Assert.Contains(PublishCodes.OutputIsInput, r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(o));
    }

    [Fact]
    public void Case2_OutputEqualToInput_IsRefused_EvenWithOverwrite_InputUntouched()
    {
        var before = File.ReadAllText(Input);
        var r = CliHarness.Run("apportion", "--input", Input, "--total", "10", "--output", Input, "--overwrite");
        Assert.Equal(2, r.Exit);
        Assert.Contains(PublishCodes.OutputIsInput, r.Err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Input));
    }

    [Fact]
    public void Case3_IdenticalRerun_KeepsTheSameInode()
    {
        var o = Path.Combine(_root, "o.csv");
        Assert.Equal(0, CliHarness.Run("apportion", "--input", Input, "--total", "10", "--output", o).Exit);
        var inode = Inode(o);
        Assert.Equal(0, CliHarness.Run("apportion", "--input", Input, "--total", "10", "--output", o).Exit);
        Assert.Equal(inode, Inode(o));
        Assert.Equal(0, CliHarness.Run("apportion", "--input", Input, "--total", "10", "--output", o, "--overwrite").Exit);
        Assert.Equal(inode, Inode(o));
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(4, false)]
    [InlineData(2, true)]
    [InlineData(4, true)]
    public void Case3_ConcurrentWriters_DifferentContentNeverBothSucceed(int writers, bool sameContent)
    {
        var o = Path.Combine(_root, "o.csv");
        var a = Path.Combine(_root, "a.json");
        var input = Input;
        var procs = Enumerable.Range(0, writers)
            .Select(i => Child.Start("apportion", "--input", input, "--total", sameContent ? "10" : (10 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "--output", o, "--audit", a))
            .ToList();
        var exits = procs.Select(p =>
        {
            p.WaitForExit();
            var code = p.ExitCode;
            p.Dispose();
            return code;
        }).ToList();
        if (sameContent)
        {
            Assert.All(exits, e => Assert.Equal(0, e));
        }
        else
        {
            Assert.Equal(1, exits.Count(e => e == 0));
            Assert.All(exits.Where(e => e != 0), e => Assert.Equal(5, e));
            var winner = 10 + exits.IndexOf(0);
            var reference = Path.Combine(_root, "ref");
            Assert.Equal(0, CliHarness.Run("apportion", "--input", input, "--total", winner.ToString(System.Globalization.CultureInfo.InvariantCulture), "--output", Path.Combine(reference, "o.csv"), "--audit", Path.Combine(reference, "a.json")).Exit);
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "o.csv")), File.ReadAllBytes(o));
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, "a.json")), File.ReadAllBytes(a));
        }

        Assert.Empty(Child.Machinery(_root));
    }

    /// <summary>
    /// Case 4: a real child process is SIGKILLed before each commit step (1 journal, 2 output rename, 3 audit rename,
    /// 4 journal removal) of an --overwrite run over an old set. The final locations hold the old set (no journal)
    /// or, once the journal exists, the new set after `allot gc` — and a re-run is byte-identical with nothing left.
    /// </summary>
    [Fact]
    public void Case4_KilledBeforeEveryCommitStep_OldSetOrNewSet_NeverMixed()
    {
        var input = Input;
        string[] Args(string dir, string total, bool overwrite) =>
            ["apportion", "--input", input, "--total", total, "--output", Path.Combine(dir, "o.csv"), "--audit", Path.Combine(dir, "a.json"), .. overwrite ? new[] { "--overwrite" } : []];
        var oldRef = Path.Combine(_root, "old");
        var newRef = Path.Combine(_root, "new");
        Assert.Equal(0, CliHarness.Run(Args(oldRef, "10", false)).Exit);
        Assert.Equal(0, CliHarness.Run(Args(newRef, "20", false)).Exit);
        var oldSet = Child.Snapshot(oldRef);
        var newSet = Child.Snapshot(newRef);
        Assert.NotEqual(oldSet, newSet);

        var steps = 0;
        for (var k = 1; k <= 10; k++)
        {
            var work = Path.Combine(_root, $"k{k}");
            Assert.Equal(0, CliHarness.Run(Args(work, "10", false)).Exit);
            var killed = Child.Run(k, Args(work, "20", true));
            if (killed.Exit == 0)
            {
                Assert.Equal(newSet, Child.Snapshot(work));
                break;
            }

            steps = k;
            Assert.True(killed.Exit == Child.Killed, $"k={k}: exit {killed.Exit}: {killed.Err}");
            Assert.Contains($"killed (SIGKILL) before step {k}", killed.Err, StringComparison.Ordinal);
            if (!Child.HasJournal(work))
            {
                Assert.Equal(oldSet, Child.Snapshot(work));
            }
            else
            {
                var gc = CliHarness.Run("gc", "--output-dir", work);
                Assert.True(gc.Exit == 0, gc.Err);
                Assert.Contains("\"completed\":1", gc.Out, StringComparison.Ordinal);
                Assert.Equal(newSet, Child.Snapshot(work));
            }

            var rerun = CliHarness.Run(Args(work, "20", true));
            Assert.True(rerun.Exit == 0, rerun.Err);
            Assert.Equal(newSet, Child.Snapshot(work));
            Assert.Empty(Child.Machinery(work));
        }

        Assert.Equal(4, steps);
    }

    /// <summary>
    /// Found by hand: `--output b/o.csv --audit a/a.json --overwrite` killed after its commit point keeps its journal in
    /// <c>a</c> (the first lock folder). `allot gc --output-dir b` (or any later run into <c>b</c>) took the staged
    /// output for a dead run's and removed it; gc of <c>a</c> then moved the new audit in beside the old output, and
    /// said "ok". Now <c>b</c> holds a reference to the journal, so either folder's gc completes the new set.
    /// </summary>
    [Fact]
    public void Case4_OutputAndAuditInTwoFolders_KilledBeforeEveryCommitStep_GcOfTheOutputFolderAloneCompletesTheNewSet()
    {
        var input = Input;
        string[] Args(string dir, string total, bool overwrite) =>
            ["apportion", "--input", input, "--total", total, "--output", Path.Combine(dir, "b", "o.csv"), "--audit", Path.Combine(dir, "a", "a.json"), .. overwrite ? new[] { "--overwrite" } : []];
        var oldRef = Path.Combine(_root, "old");
        var newRef = Path.Combine(_root, "new");
        Assert.Equal(0, CliHarness.Run(Args(oldRef, "10", false)).Exit);
        Assert.Equal(0, CliHarness.Run(Args(newRef, "20", false)).Exit);
        var oldSet = Child.Snapshot(oldRef);
        var newSet = Child.Snapshot(newRef);

        var journalled = 0;
        for (var k = 1; k <= 10; k++)
        {
            var work = Path.Combine(_root, $"k{k}");
            Assert.Equal(0, CliHarness.Run(Args(work, "10", false)).Exit);
            var killed = Child.Run(k, Args(work, "20", true));
            if (killed.Exit == 0)
            {
                break;
            }

            Assert.True(killed.Exit == Child.Killed, $"k={k}: exit {killed.Exit}: {killed.Err}");
            var committed = Child.HasJournal(Path.Combine(work, "a"));
            var gc = CliHarness.Run("gc", "--output-dir", Path.Combine(work, "b"));
            Assert.True(gc.Exit == 0, gc.Err);
            Assert.Equal(committed ? newSet : oldSet, Child.Snapshot(work));
            journalled += committed ? 1 : 0;
            Assert.Empty(Child.Machinery(Path.Combine(work, "b")));
            Assert.Equal(0, CliHarness.Run("gc", "--output-dir", work).Exit);
            Assert.Empty(Child.Machinery(work));
        }

        Assert.Equal(3, journalled);
    }

    /// <summary>A writer that cannot get the folder's lock in time fails with E_PUBLISH_BUSY naming the holder, writing nothing.</summary>
    [Fact]
    public void LockHeldLongerThanTheTimeout_IsBusy_NothingWritten()
    {
        var input = Input;
        var o = Path.Combine(_root, "busy", "o.csv");
        using (PublishLock.Acquire(Path.Combine(_root, "busy"), TimeSpan.Zero, "test"))
        {
            var r = Child.Run(null, new Dictionary<string, string> { ["ALLOT_PUBLISH_LOCK_TIMEOUT_SECONDS"] = "0.2" }, "apportion", "--input", input, "--total", "10", "--output", o);
            Assert.Equal(5, r.Exit);
            Assert.Contains(PublishCodes.Busy, r.Err, StringComparison.Ordinal);
            Assert.Contains($"pid {Environment.ProcessId}", r.Err, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(o));
        Assert.Empty(Child.Machinery(_root));
    }

    [Fact]
    public void DiskFull_OnSmallTmpfs_ClearError_OldSetIntact_NoStaging()
    {
        using var mount = Tmpfs.TryMount("64k");
        var dir = mount.Path;
        var small = Path.Combine(_root, "small.csv");
        File.WriteAllText(small, "unit,weight\na,1\nb,2\n");
        Assert.Equal(0, CliHarness.Run("apportion", "--input", small, "--total", "10", "--output", Path.Combine(dir, "o.csv"), "--audit", Path.Combine(dir, "a.json")).Exit);
        var before = Child.Snapshot(dir);

        var big = Path.Combine(_root, "big.csv");
        using (var w = new StreamWriter(big))
        {
            w.Write("unit,weight\n");
            for (var i = 0; i < 20000; i++)
            {
                w.Write($"u{i:D6},{i % 97 + 1}\n");
            }
        }

        var r = CliHarness.Run("apportion", "--input", big, "--total", "1000000", "--output", Path.Combine(dir, "o.csv"), "--audit", Path.Combine(dir, "a.json"), "--overwrite");
        Assert.Equal(74, r.Exit);
        Assert.Contains(PublishCodes.Io, r.Err, StringComparison.Ordinal);
        Assert.Contains("no staged file remains", r.Err, StringComparison.Ordinal);
        Assert.Equal(before, Child.Snapshot(dir));
        Assert.Empty(Child.Machinery(dir));
    }

    /// <summary>
    /// Found by hand: a run killed while staging a 10 MB audit on a 20 MB disk left its staging, and every later run
    /// failed with E_IO_PUBLISH "No space left on device … no staged file remains" while staging, before the commit
    /// that sweeps dead writers' staging. The sweep now also runs before a transaction stages into a folder.
    /// </summary>
    [Fact]
    public void DiskFilledByADeadRunsStaging_TheNextRunSweepsItBeforeStaging_AndSucceeds()
    {
        using var mount = Tmpfs.TryMount("64k");
        var dir = mount.Path;
        var deadStaging = Path.Combine(dir, $".staging-{new ProcessIdentity(Child.DeadPid(), 1)}-0badc0de-a.json");
        File.WriteAllBytes(deadStaging, new byte[60 * 1024]);
        var r = CliHarness.Run("apportion", "--input", Input, "--total", "10", "--output", Path.Combine(dir, "o.csv"), "--audit", Path.Combine(dir, "a.json"));
        Assert.True(r.Exit == 0, r.Err);
        Assert.False(File.Exists(deadStaging));
        Assert.Empty(Child.Machinery(dir));
    }

    [Fact]
    public void ReadOnlyFolder_ClearError_NothingChanged()
    {
        using var mount = Tmpfs.TryMount("1m");
        var dir = mount.Path;
        Assert.Equal(0, CliHarness.Run("apportion", "--input", Input, "--total", "10", "--output", Path.Combine(dir, "o.csv")).Exit);
        var before = Child.Snapshot(dir);
        mount.RemountReadOnly();
        var r = CliHarness.Run("apportion", "--input", Input, "--total", "20", "--output", Path.Combine(dir, "o.csv"), "--overwrite");
        Assert.Equal(74, r.Exit);
        Assert.Contains(PublishCodes.Io, r.Err, StringComparison.Ordinal);
        Assert.Contains("no output was changed", r.Err, StringComparison.Ordinal);
        Assert.Equal(before, Child.Snapshot(dir));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static long Inode(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return long.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
