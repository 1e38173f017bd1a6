using System.Text.Json.Nodes;
using Allot.Data.Publishing;

namespace Allot.Cli.Tests.Publication;

/// <summary>Issue #10 cases 5 and 6: a retail period's outputs and its manifest entries are one set.</summary>
public sealed class RetailPublicationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("allot-pub-retail-").FullName;

    private string Inputs()
    {
        var input = Path.Combine(_root, "in");
        if (!Directory.Exists(input))
        {
            var fx = CliHarness.Run("retail", "fixtures", "--output-dir", input, "--stores", "40", "--rows", "12", "--seed", "5");
            Assert.True(fx.Exit == 0, fx.Err);
        }

        return input;
    }

    private static string[] Allocate(string input, string output, string half) =>
        ["retail", "allocate", "--target-yyyymm", "202509", "--target-period", half, "--input-dir", input, "--output-dir", output];

    /// <summary>Data files of a period (the HTML report and the manifest carry timestamps).</summary>
    private static bool IsData(string rel) => rel.EndsWith(".csv", StringComparison.Ordinal) || rel.EndsWith(".json", StringComparison.Ordinal) && !rel.Contains("manifest", StringComparison.Ordinal) || rel.EndsWith(".svg", StringComparison.Ordinal);

    private static JsonObject ManifestOutputs(string output) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(output, "pipeline_manifest.json")))!.AsObject();

    /// <summary>Case 5: periods A and B written into one folder at the same time both land in the manifest.</summary>
    [Fact]
    public void Case5_PeriodsAAndBAtOnce_BothLandInTheManifest()
    {
        var input = Inputs();
        var output = Path.Combine(_root, "out");
        var a = Child.Start(Allocate(input, output, "A"));
        var b = Child.Start(Allocate(input, output, "B"));
        a.WaitForExit();
        b.WaitForExit();
        Assert.True(a.ExitCode is 0 or 6, a.StandardError.ReadToEnd());
        Assert.True(b.ExitCode is 0 or 6, b.StandardError.ReadToEnd());
        a.Dispose();
        b.Dispose();
        var manifest = ManifestOutputs(output).ToJsonString();
        Assert.Contains("202509A", manifest, StringComparison.Ordinal);
        Assert.Contains("202509B", manifest, StringComparison.Ordinal);
        Assert.Empty(Child.Machinery(output));
    }

    /// <summary>
    /// Case 6: SIGKILL before each commit step of a re-run for another input state (1 journal, 2–5 the four period
    /// files, 6 the manifest, 7 journal removal): the folder holds the old set (no journal) or, after `allot gc`, the
    /// new one, never a new pick list beside an old manifest; a re-run then matches an uninterrupted run.
    /// </summary>
    [Fact]
    public void Case6_KilledBeforeEveryCommitStep_OldSetOrNewSet()
    {
        var input = Inputs();
        var oldRef = Path.Combine(_root, "old");
        Assert.True(CliHarness.Run(Allocate(input, oldRef, "A")).Exit is 0 or 6);
        var changed = Path.Combine(_root, "in2");
        Child.CopyTree(input, changed);
        var newRef = Path.Combine(_root, "new");
        Assert.True(CliHarness.Run([.. Allocate(changed, newRef, "A"), "--set", "ALLOC_MAX_PER_STORE=3"]).Exit is 0 or 6);
        var oldSet = Child.Snapshot(oldRef, IsData);
        var newSet = Child.Snapshot(newRef, IsData);
        Assert.NotEqual(oldSet, newSet);

        var steps = 0;
        for (var k = 1; k <= 10; k++)
        {
            var work = Path.Combine(_root, $"k{k}");
            Child.CopyTree(oldRef, work);
            var killed = Child.Run(k, [.. Allocate(changed, work, "A"), "--set", "ALLOC_MAX_PER_STORE=3"]);
            if (killed.Exit is 0 or 6)
            {
                Assert.Equal(newSet, Child.Snapshot(work, IsData));
                break;
            }

            steps = k;
            Assert.True(killed.Exit == Child.Killed, $"k={k}: exit {killed.Exit}: {killed.Err}");
            if (Child.HasJournal(work))
            {
                Assert.Equal(0, CliHarness.Run("gc", "--output-dir", work).Exit);
                Assert.Equal(newSet, Child.Snapshot(work, IsData));
            }
            else
            {
                Assert.Equal(oldSet, Child.Snapshot(work, IsData));
            }

            var manifest = ManifestOutputs(work).ToJsonString();
            var pick = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(work, "store_level_recommendations_allocated_202509A.csv"))));
            Assert.Contains(pick, manifest, StringComparison.Ordinal);

            var rerun = CliHarness.Run([.. Allocate(changed, work, "A"), "--set", "ALLOC_MAX_PER_STORE=3"]);
            Assert.True(rerun.Exit is 0 or 6, rerun.Err);
            Assert.Equal(newSet, Child.Snapshot(work, IsData));
            Assert.Empty(Child.Machinery(work));
        }

        Assert.Equal(7, steps);
    }

    /// <summary>
    /// Found by hand: `allot report --no-validate` on a folder whose period B was killed between its renames (the new
    /// pick list in place, the old reconciliation still there) rendered the mix and said "status": "warnings", exit 0;
    /// only the validators looked for the journal. The report now fails the section as half-published either way.
    /// </summary>
    [Fact]
    public void ReportWithoutValidation_OfAHalfPublishedPeriod_SaysSoAndFails()
    {
        var input = Inputs();
        var output = Path.Combine(_root, "half");
        Assert.True(CliHarness.Run(Allocate(input, output, "A")).Exit is 0 or 6);
        var killed = Child.Run(3, [.. Allocate(input, output, "A"), "--set", "ALLOC_MAX_PER_STORE=3"]);
        Assert.Equal(Child.Killed, killed.Exit);
        Assert.True(Child.HasJournal(output));

        var report = CliHarness.Run("report", "--output", Path.Combine(_root, "report.html"), "--retail-output-dir", output, "--no-validate", "--json");
        Assert.Equal(4, report.Exit);
        Assert.Contains("\"status\":\"failed\"", report.Out, StringComparison.Ordinal);
        Assert.Contains(PublishCodes.HalfPublished, File.ReadAllText(Path.Combine(_root, "report.html")), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
