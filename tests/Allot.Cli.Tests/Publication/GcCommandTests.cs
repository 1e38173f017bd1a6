using System.Text.Json.Nodes;
using Allot.Data.Publishing;

namespace Allot.Cli.Tests.Publication;

public sealed class GcCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("allot-gc-").FullName;

    [Fact]
    public void NoFolder_IsAUsageError()
    {
        var r = CliHarness.Run("gc");
        Assert.Equal(2, r.Exit);
    }

    [Fact]
    public void DryRunListsOnly_ThenGcRemovesDeadStaging_AndLeavesALiveRunAlone()
    {
        var deadPid = Child.DeadPid();
        var dead = Directory.CreateDirectory(Path.Combine(_root, "a", $".staging-{new ProcessIdentity(deadPid, 1)}-0badc0de-part")).FullName;
        var live = Directory.CreateDirectory(Path.Combine(_root, "a", $".staging-{ProcessIdentity.Current}-0badc0de-part")).FullName;
        var tempJournal = Path.Combine(_root, $".allot-journal-{new ProcessIdentity(deadPid, 1)}-0badc0de.json.tmp");
        File.WriteAllText(tempJournal, "{");

        var dry = CliHarness.Run("gc", "--output-dir", _root, "--dry-run");
        Assert.True(dry.Exit == 0, dry.Err);
        var listed = JsonNode.Parse(dry.Out)!;
        Assert.True(listed["dry_run"]!.GetValue<bool>());
        Assert.Equal(3, listed["leftovers"]!.AsArray().Count);
        Assert.True(Directory.Exists(dead) && File.Exists(tempJournal));

        var gc = JsonNode.Parse(CliHarness.Run("gc", "--output-dir", _root).Out)!;
        Assert.Equal(2, gc["removed"]!.GetValue<int>());
        Assert.Equal(1, gc["left_alone"]!.GetValue<int>());
        Assert.False(Directory.Exists(dead));
        Assert.False(File.Exists(tempJournal));
        Assert.True(Directory.Exists(live));
    }

    /// <summary>
    /// Found by hand: `allot gc` run in another PID namespace (a container sharing the volume; the cluster's shared data
    /// root seen from another machine) found no process with the live writer's pid, removed its staging as a dead
    /// run's, and the writer then exited 0 having published nothing. Identities now carry their host (boot id and PID
    /// namespace); a writer of another host is never judged dead from here.
    /// </summary>
    [Fact]
    public void GcFromAnotherPidNamespace_LeavesALiveRunsStagingAlone()
    {
        if (!OperatingSystem.IsLinux() || Unshare("true").Exit != 0)
        {
            Assert.Skip("SKIPPED: cannot create a PID namespace here (needs Linux, unshare and root); the other-host gc test did not run.");
        }

        var live = Path.Combine(_root, $".staging-{ProcessIdentity.Current}-0badc0de-out.csv");
        File.WriteAllText(live, "a live run's rows");
        var gc = Unshare("dotnet", Path.Combine(AppContext.BaseDirectory, "allot.dll"), "gc", "--output-dir", _root);
        Assert.True(gc.Exit == 0, gc.Err);
        Assert.True(File.Exists(live), gc.Out);
        var found = Assert.Single(JsonNode.Parse(gc.Out)!["leftovers"]!.AsArray());
        Assert.Equal("other-host", found!["state"]!.GetValue<string>());
        Assert.Equal(1, JsonNode.Parse(gc.Out)!["left_alone"]!.GetValue<int>());
    }

    /// <summary>
    /// Found by hand: gc of a folder where it could not remove a dead run's staging (read-only mount) printed
    /// "status":"ok" and exited 0 with "removed":0 and the entries marked "could not be removed", so `allot gc && …`
    /// went on as if the folder were clean. It is now an I/O error naming what is left.
    /// </summary>
    [Fact]
    public void LeftoversThatCannotBeRemoved_AreAnIoError_NotOk()
    {
        using var mount = Tmpfs.TryMount("1m");
        var dead = Path.Combine(mount.Path, $".staging-{new ProcessIdentity(Child.DeadPid(), 1)}-0badc0de-out.csv");
        File.WriteAllText(dead, "a killed run's rows");
        mount.RemountReadOnly();
        var gc = CliHarness.Run("gc", "--output-dir", mount.Path);
        Assert.Equal(74, gc.Exit);
        Assert.Contains($"error {PublishCodes.Io}", gc.Err, StringComparison.Ordinal);
        Assert.Contains(dead, gc.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("\"status\":\"ok\"", gc.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(dead));
    }

    [Fact]
    public void AMissingFolder_IsAUsageError_AndNoFolderIsCleaned()
    {
        // Found by hand: a mistyped --data-root was E_IO_PUBLISH (exit 74, "the environment failed"), and with two
        // folders the first was already cleaned when the second failed.
        var deadPid = Child.DeadPid();
        var dead = Directory.CreateDirectory(Path.Combine(_root, $".staging-{new ProcessIdentity(deadPid, 1)}-0badc0de-part")).FullName;
        var missing = Path.Combine(_root, "no-such-root");
        var r = CliHarness.Run("gc", "--output-dir", _root, "--data-root", missing);
        Assert.Equal(2, r.Exit);
        Assert.Contains($"error E_USAGE: the folder '{missing}' does not exist; nothing was cleaned.", r.Err, StringComparison.Ordinal);
        Assert.True(Directory.Exists(dead));
    }

    [Fact]
    public void AFileGivenForAFolder_IsNamedAsAFile()
    {
        var file = Path.Combine(_root, "pick_list.csv");
        File.WriteAllText(file, "a\n");
        var r = CliHarness.Run("gc", "--output-dir", file);
        Assert.Equal(2, r.Exit);
        Assert.Contains("is a file; gc takes the folder a run wrote into", r.Err, StringComparison.Ordinal);
        Assert.Equal("a\n", File.ReadAllText(file));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Runs a command in a new PID namespace with its own /proc: the process table of another container.</summary>
    private static (int Exit, string Out, string Err) Unshare(params string[] command)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--pid", "--fork", "--mount-proc", .. command])
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            using var p = System.Diagnostics.Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, string.Empty, ex.Message);
        }
    }
}
