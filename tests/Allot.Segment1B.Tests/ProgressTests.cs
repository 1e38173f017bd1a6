using Allot.Data.Diagnostics;
using Allot.Segment1B.Fixtures;
using Allot.Segment1B.Validation;
using Allot.Tests.Shared;

namespace Allot.Segment1B.Tests;

/// <summary>
/// Live progress inside S4's phases (issue 13): a library caller's <see cref="IProgress{T}"/> sees intermediate
/// counts (done &lt; total), in order within a phase, and one final report per phase, for the run (load,
/// allocate) and for validate-s4 (load, verify); the bytes of the plan do not depend on it.
/// </summary>
public sealed class ProgressTests
{
    private static readonly FixtureOptions Shape = new(Merchants: 3000, Countries: 15, TilesPerCountry: 400, Seed: 11);

    [Fact]
    public void RunAndValidate_ReportIntermediateTicks_InOrder_AndOneFinalPerPhase()
    {
        var root = Path.Combine(Path.GetTempPath(), "allot-s4-progress-" + Guid.NewGuid().ToString("N"));
        try
        {
            var id = FixtureGenerator.Generate(root, Shape);
            var layout = new Segment1BLayout(root, id);
            var run = new ProgressRecorder();
            var local = new Allocation.LocalS4ShardExecutor(2, run);
            var result = S4Runner.RunSharded(layout, 2, skipS0: false, rowGroupRows: 1000, pairsPerShard: 1500, local, () => local.WorkersUsed, execution: null, run);

            Assert.Equal(["load", "allocate"], run.Phases);
            run.AssertWellFormed("allocate", result.Report.PairsTotal);
            run.AssertWellFormed("load", null);

            var check = new ProgressRecorder();
            var report = S4Validator.Validate(layout, check);
            Assert.Equal(["load", "verify"], check.Phases);
            check.AssertWellFormed("verify", report.Rows);
            Assert.Equal(result.Report.DeterminismReceipt.Sha256Hex, report.Sha256Hex);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
