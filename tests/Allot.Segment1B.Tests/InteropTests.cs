using Allot.Data.Publishing;
using Allot.Segment1B;
using Allot.Segment1B.Validation;

namespace Allot.Segment1B.Tests;

public sealed class InteropTests
{
    [Fact]
    public void Validate_AcceptsOriginalEnginePartitionAndReport()
    {
        using var sample = InteropSample.Copy(withBundle: false);
        var summary = S4Validator.Validate(sample.Layout);
        Assert.Equal("ok", summary.Status);
        Assert.Equal(3, summary.Rows);
        Assert.StartsWith("original-engine", summary.ReportFormat, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnOriginalInputs_ReproducesOriginalRows()
    {
        using var sample = InteropSample.Copy();
        var expected = HandRoot.ReadPlan(sample.Layout.AllocPlan);
        var original = sample.Layout.AllocPlan.TrimEnd('/');
        var moved = original + ".original";
        Directory.Move(original, moved);

        var result = S4Runner.Run(sample.Layout, workers: 2, skipS0: false);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(expected, HandRoot.ReadPlan(sample.Layout.AllocPlan));
        Assert.Equal(expected, HandRoot.ReadPlan(moved));
        Assert.Equal("ok", S4Validator.Validate(sample.Layout).Status);
    }

    [Fact]
    public void Run_OnOriginalRoot_ExistingPartitionWrittenByOtherWriterIsAConflict()
    {
        // Same rows, different bytes (Polars vs Parquet.Net): write-once means E411, not a silent rewrite.
        using var sample = InteropSample.Copy();
        var ex = Assert.Throws<Allot.Core.Errors.AllotException>(() => S4Runner.Run(sample.Layout, 1, false));
        Assert.Equal(S4Codes.ImmutableConflict, ex.Code);
    }
}
