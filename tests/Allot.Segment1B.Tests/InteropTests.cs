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
        Assert.Equal("PASS", summary["status"]!.GetValue<string>());
        Assert.Equal(3, summary["rows"]!.GetValue<long>());
        Assert.StartsWith("original-engine", summary["report_format"]!.GetValue<string>(), StringComparison.Ordinal);
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
        Assert.Equal("PASS", S4Validator.Validate(sample.Layout)["status"]!.GetValue<string>());
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
