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
        var dead = Directory.CreateDirectory(Path.Combine(_root, "a", $".staging-{deadPid}-1-0badc0de-part")).FullName;
        var live = Directory.CreateDirectory(Path.Combine(_root, "a", $".staging-{ProcessIdentity.Current}-0badc0de-part")).FullName;
        var tempJournal = Path.Combine(_root, $".allot-journal-{deadPid}-1-0badc0de.json.tmp");
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

    [Fact]
    public void AMissingFolder_IsAUsageError_AndNoFolderIsCleaned()
    {
        // Found by hand: a mistyped --data-root was E_IO_PUBLISH (exit 74, "the environment failed"), and with two
        // folders the first was already cleaned when the second failed.
        var deadPid = Child.DeadPid();
        var dead = Directory.CreateDirectory(Path.Combine(_root, $".staging-{deadPid}-1-0badc0de-part")).FullName;
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
}
