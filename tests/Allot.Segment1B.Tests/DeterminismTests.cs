using Allot.Core.Errors;
using Allot.Data.Publishing;
using Allot.Segment1B;
using Allot.Segment1B.Fixtures;
using Allot.Segment1B.Validation;

namespace Allot.Segment1B.Tests;

public sealed class DeterminismTests
{
    private static readonly FixtureOptions Shape = new(Merchants: 3000, Countries: 15, TilesPerCountry: 400, Seed: 11);

    [Fact]
    public void Run_OneAndFourWorkers_GiveByteIdenticalPartitionsAndReceipts()
    {
        var (a, b) = (NewRoot(), NewRoot());
        try
        {
            var idA = FixtureGenerator.Generate(a, Shape);
            var idB = FixtureGenerator.Generate(b, Shape);
            Assert.Equal(idA, idB);
            // Small row groups and many chunks so parallel chunk completion order really varies.
            var ra = S4Runner.Run(new Segment1BLayout(a, idA), workers: 1, skipS0: false, rowGroupRows: 1000);
            var rb = S4Runner.Run(new Segment1BLayout(b, idB), workers: 4, skipS0: false, rowGroupRows: 1000);

            var la = new Segment1BLayout(a, idA);
            var lb = new Segment1BLayout(b, idB);
            Assert.True(DeterminismReceipt.OrderedFiles(la.AllocPlan).Count > 1, "expected several part files");
            Assert.Equal(DeterminismReceipt.OrderedFiles(la.AllocPlan), DeterminismReceipt.OrderedFiles(lb.AllocPlan));
            foreach (var f in DeterminismReceipt.OrderedFiles(la.AllocPlan))
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(la.AllocPlan, f)), File.ReadAllBytes(Path.Combine(lb.AllocPlan, f)));
            }

            Assert.Equal(ra.Report.DeterminismReceipt, rb.Report.DeterminismReceipt);
            Assert.Equal(ra.Report.TiesBrokenTotal, rb.Report.TiesBrokenTotal);
            Assert.Equal("ok", S4Validator.Validate(lb).Status);
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }

    [Fact]
    public void Fixtures_SameSeed_AreByteIdentical()
    {
        var (a, b) = (NewRoot(), NewRoot());
        try
        {
            FixtureGenerator.Generate(a, Shape with { Merchants = 200 });
            FixtureGenerator.Generate(b, Shape with { Merchants = 200 });
            Assert.Equal(DeterminismReceipt.ComputeSha256Hex(Path.Combine(a, "data")), DeterminismReceipt.ComputeSha256Hex(Path.Combine(b, "data")));
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }

    [Fact]
    public void Run_Twice_IsIdempotentAndKeepsTheFirstReport()
    {
        using var h = HandRoot.SpecExamples();
        var first = S4Runner.Run(h.Layout, 1, false);
        var reportBytes = File.ReadAllBytes(h.Layout.RunReport);
        var second = S4Runner.Run(h.Layout, 2, skipS0: true);

        Assert.Equal(PublishOutcome.Published, first.Outcome);
        Assert.Equal(PublishOutcome.IdenticalExisting, second.Outcome);
        Assert.False(second.ReportWritten);
        Assert.Equal(reportBytes, File.ReadAllBytes(h.Layout.RunReport));
        Assert.Equal("ok", S4Validator.Validate(h.Layout).Status);
    }

    [Fact]
    public void Run_ReportMissingAfterCrash_IsRewrittenOnRerun()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        File.Delete(h.Layout.RunReport);
        var again = S4Runner.Run(h.Layout, 1, false);
        Assert.True(again.ReportWritten);
        Assert.Equal("ok", S4Validator.Validate(h.Layout).Status);
    }

    [Fact]
    public void Run_TamperedExistingPartition_IsImmutableConflict()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var rows = HandRoot.ReadPlan(h.Layout.AllocPlan);
        rows[0] = rows[0] with { Count = rows[0].Count + 1 };
        HandRoot.WritePlan(h.Layout.AllocPlan, rows);
        var before = DeterminismReceipt.ComputeSha256Hex(h.Layout.AllocPlan);

        var ex = Assert.Throws<AllotException>(() => S4Runner.Run(h.Layout, 1, false));

        Assert.Equal(S4Codes.ImmutableConflict, ex.Code);
        Assert.Equal(before, DeterminismReceipt.ComputeSha256Hex(h.Layout.AllocPlan));
        Assert.Empty(Directory.EnumerateDirectories(Path.GetDirectoryName(h.Layout.AllocPlan)!, PartitionPublisher.StagingPrefix + "*"));
    }

    private static string NewRoot() => Path.Combine(Path.GetTempPath(), "allot-s4-det-" + Guid.NewGuid().ToString("N"));
}
