using System.Text.Json.Nodes;
using Allot.Data.Publishing;

namespace Allot.Cli.Tests.Publication;

/// <summary>
/// Crash tests for S4 and S7: a real `allot` child process is SIGKILLed just before each commit step of its
/// publication (ALLOT_PUBLISH_KILL_AT = 1, 2, … until a run completes). After each kill: without a journal the data
/// root holds no set (the old state) and the validator says so; with a journal the validator says
/// E_HALF_PUBLISHED, and `allot gc` completes the new set, which then validates. A re-run then succeeds, its data
/// is byte-identical to an uninterrupted run's, and no staging, trash or journal is left.
/// </summary>
public sealed class SegmentCrashTests : IDisposable
{
    private const string Fingerprint = "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709";
    private readonly string _root = Directory.CreateTempSubdirectory("allot-pub-crash-").FullName;

    /// <summary>S4 steps: 1 journal, 2 partition rename, 3 report rename, 4 journal removal.</summary>
    [Fact]
    public void S4_KilledBeforeEveryCommitStep()
    {
        var template = Path.Combine(_root, "template");
        var fx = CliHarness.Run("segment1b", "fixtures", "--data-root", template, "--merchants", "30", "--countries", "3", "--tiles-per-country", "40");
        Assert.True(fx.Exit == 0, fx.Err);
        var n = JsonNode.Parse(fx.Out)!;
        string[] ids = ["--seed", n["seed"]!.GetValue<string>(), "--manifest-fingerprint", n["manifest_fingerprint"]!.GetValue<string>(), "--parameter-hash", n["parameter_hash"]!.GetValue<string>()];
        var reference = Path.Combine(_root, "reference");
        Child.CopyTree(template, reference);
        Assert.Equal(0, CliHarness.Run(["segment1b", "run", "--data-root", reference, .. ids, "--workers", "1", "--quiet"]).Exit);
        var plan = Child.Snapshot(Path.Combine(reference, "data/layer1/1B/s4_alloc_plan"));

        var steps = 0;
        for (var k = 1; k <= 8; k++)
        {
            var work = Path.Combine(_root, $"k{k}");
            Child.CopyTree(template, work);
            var killed = Child.Run(k, ["segment1b", "run", "--data-root", work, .. ids, "--workers", "1", "--quiet"]);
            if (killed.Exit == 0)
            {
                break;
            }

            steps = k;
            Assert.True(killed.Exit == Child.Killed, $"k={k}: exit {killed.Exit}: {killed.Err}");
            var validate = CliHarness.Run(["segment1b", "validate-s4", "--data-root", work, .. ids, "--quiet"]);
            if (Child.HasJournal(work))
            {
                Assert.Equal(4, validate.Exit);
                Assert.Contains(PublishCodes.HalfPublished, validate.Err, StringComparison.Ordinal);
                var gc = CliHarness.Run("gc", "--data-root", work);
                Assert.True(gc.Exit == 0, gc.Err);
                Assert.Contains("\"completed\":1", gc.Out, StringComparison.Ordinal);
                var after = CliHarness.Run(["segment1b", "validate-s4", "--data-root", work, .. ids, "--quiet"]);
                Assert.True(after.Exit == 0, $"k={k}: {after.Err}");
            }
            else
            {
                // The old state: no plan, no report.
                Assert.Equal(4, validate.Exit);
                Assert.Contains("no s4_alloc_plan partition", validate.Err, StringComparison.Ordinal);
                Assert.False(File.Exists(Path.Combine(work, "control/s4_alloc_plan")));
            }

            var rerun = CliHarness.Run(["segment1b", "run", "--data-root", work, .. ids, "--workers", "1", "--skip-s0", "--quiet"]);
            Assert.True(rerun.Exit == 0, rerun.Err);
            Assert.Equal(0, CliHarness.Run(["segment1b", "validate-s4", "--data-root", work, .. ids, "--quiet"]).Exit);
            Assert.Equal(plan, Child.Snapshot(Path.Combine(work, "data/layer1/1B/s4_alloc_plan")));
            Assert.Empty(Child.Machinery(work));
        }

        Assert.Equal(4, steps);
    }

    /// <summary>S7 steps: 1 journal, 2 cache, 3–6 the four logs, 7 the run report, 8 journal removal.</summary>
    [Fact]
    public void S7_KilledBeforeEveryCommitStep()
    {
        var template = Path.Combine(_root, "template7");
        string[] lineage = ["--seed", "9248923", "--parameter-hash", "p1", "--manifest-fingerprint", Fingerprint];
        var fx = CliHarness.Run(["segment1a", "fixtures", "--data-root", template, .. lineage, "--merchants", "40"]);
        Assert.True(fx.Exit == 0, fx.Err);
        var reference = Path.Combine(_root, "reference7");
        Child.CopyTree(template, reference);
        Assert.Equal(0, CliHarness.Run(["segment1a", "s7", "run", "--data-root", reference, .. lineage, "--quiet"]).Exit);
        const string cacheRel = "data/layer1/1A/ranking_residual_cache";
        var cache = Child.Snapshot(Path.Combine(reference, cacheRel));

        var steps = 0;
        for (var k = 1; k <= 12; k++)
        {
            var work = Path.Combine(_root, $"s7k{k}");
            Child.CopyTree(template, work);
            var killed = Child.Run(k, ["segment1a", "s7", "run", "--data-root", work, .. lineage, "--quiet"]);
            if (killed.Exit == 0)
            {
                break;
            }

            steps = k;
            Assert.True(killed.Exit == Child.Killed, $"k={k}: exit {killed.Exit}: {killed.Err}");
            var validate = CliHarness.Run(["segment1a", "validate-s7", "--data-root", work, .. lineage, "--quiet"]);
            if (Child.HasJournal(work))
            {
                Assert.Equal(4, validate.Exit);
                Assert.Contains(PublishCodes.HalfPublished, validate.Err, StringComparison.Ordinal);
                var gc = CliHarness.Run("gc", "--data-root", work);
                Assert.True(gc.Exit == 0, gc.Err);
                var completed = CliHarness.Run(["segment1a", "validate-s7", "--data-root", work, .. lineage, "--quiet"]);
                Assert.True(completed.Exit == 0, $"k={k}: {completed.Err}");
            }
            else
            {
                // The old state: no run at all, and no cache.
                Assert.Equal(3, validate.Exit);
                Assert.Contains("no complete S7 run", validate.Err, StringComparison.Ordinal);
                Assert.False(Directory.Exists(Path.Combine(work, cacheRel, "seed=9248923/parameter_hash=p1")));
            }

            var rerun = CliHarness.Run(["segment1a", "s7", "run", "--data-root", work, .. lineage, "--quiet"]);
            Assert.True(rerun.Exit == 0, rerun.Err);
            var runId = JsonNode.Parse(rerun.Out)!["run_id"]!.GetValue<string>();
            var check = CliHarness.Run(["segment1a", "validate-s7", "--data-root", work, .. lineage, "--run-id", runId, "--quiet"]);
            Assert.True(check.Exit == 0, check.Err);
            Assert.Equal(cache, Child.Snapshot(Path.Combine(work, cacheRel)));
            Assert.Empty(Child.Machinery(work));
        }

        Assert.Equal(8, steps);
    }

    /// <summary>A full disk while S4 writes its plan: a clear I/O error, no partition, no report, no staging.</summary>
    [Fact]
    public void S4_DiskFull_ClearError_NothingPartial()
    {
        using var mount = Tmpfs.TryMount("64m");
        var root = Path.Combine(mount.Path, "root");
        var fx = CliHarness.Run("segment1b", "fixtures", "--data-root", root, "--merchants", "3000", "--countries", "6", "--tiles-per-country", "400");
        Assert.True(fx.Exit == 0, fx.Err);
        var n = JsonNode.Parse(fx.Out)!;
        string[] ids = ["--seed", n["seed"]!.GetValue<string>(), "--manifest-fingerprint", n["manifest_fingerprint"]!.GetValue<string>(), "--parameter-hash", n["parameter_hash"]!.GetValue<string>()];
        Assert.Equal(0, CliHarness.Run(["segment1b", "run", "--data-root", root, .. ids, "--quiet"]).Exit);
        var used = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Directory.Delete(Path.Combine(root, "data/layer1/1B/s4_alloc_plan"), true);
        Directory.Delete(Path.Combine(root, "control/s4_alloc_plan"), true);
        var inputs = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(used - inputs > 64 * 1024, "the plan must be larger than the room left");
        mount.Resize($"{(inputs / 1024) + 64 + 64}k");

        var run = CliHarness.Run(["segment1b", "run", "--data-root", root, .. ids, "--skip-s0", "--quiet"]);
        Assert.Equal(74, run.Exit);
        Assert.Contains(PublishCodes.Io, run.Err, StringComparison.Ordinal);
        Assert.Contains("no staged file remains", run.Err, StringComparison.Ordinal);
        Assert.Empty(Child.Machinery(root));
        var plans = Path.Combine(root, "data/layer1/1B/s4_alloc_plan");
        Assert.True(!Directory.Exists(plans) || !Directory.EnumerateFiles(plans, "*", SearchOption.AllDirectories).Any());
        Assert.False(Directory.Exists(Path.Combine(root, "control/s4_alloc_plan")) && Directory.EnumerateFiles(Path.Combine(root, "control/s4_alloc_plan"), "*", SearchOption.AllDirectories).Any());
    }

    /// <summary>Case 7's last part: a full disk during S7 says only what is true, and no empty run folder is left.</summary>
    [Fact]
    public void S7_DiskFull_ClearError_NothingPartial_NoEmptyRunFolders()
    {
        using var mount = Tmpfs.TryMount("64m");
        var root = Path.Combine(mount.Path, "root");
        string[] lineage = ["--seed", "9248923", "--parameter-hash", "p1", "--manifest-fingerprint", Fingerprint];
        Assert.Equal(0, CliHarness.Run(["segment1a", "fixtures", "--data-root", root, .. lineage, "--merchants", "3000"]).Exit);
        var inputs = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        mount.Resize($"{(inputs / 1024) + 64 + 96}k");

        var run = CliHarness.Run(["segment1a", "s7", "run", "--data-root", root, .. lineage, "--quiet"]);
        Assert.Equal(74, run.Exit);
        Assert.Contains("E_IO_ATOMICS", run.Err, StringComparison.Ordinal);
        Assert.Contains("no staged file remains", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was left behind", run.Err, StringComparison.Ordinal);
        Assert.Empty(Child.Machinery(root));
        Assert.False(Directory.Exists(Path.Combine(root, "reports")));
        Assert.False(Directory.Exists(Path.Combine(root, "data/layer1/1A/ranking_residual_cache")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
