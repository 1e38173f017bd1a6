using Allot.Data.Diagnostics;
using Allot.Retail.Configuration;
using Allot.Retail.Fixtures;
using Allot.Retail.Outputs;
using Allot.Retail.Tests.Support;
using Allot.Tests.Shared;

namespace Allot.Retail.Tests.Outputs;

/// <summary>
/// Live progress inside <c>retail allocate</c> (issue 13): a library caller's <see cref="IProgress{T}"/> sees the
/// rows allocated (intermediate counts, never going back, one final report) and the files written, at 1 and 2
/// threads; the outputs are the same bytes with or without a sink.
/// </summary>
public sealed class ProgressTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Allocate_ReportsRowsAndFiles_InOrder_WithOneFinalReportPerPhase(int threads)
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t, new FixtureSpec { Stores = 120, Rows = 400, Seed = 7 });
        var seen = new ProgressRecorder();
        var summary = FixtureRun.Allocate(t, 'A', "with", new RunOptions { Threads = threads, Progress = seen });
        var plain = FixtureRun.Allocate(t, 'A', "without", new RunOptions { Threads = threads });

        Assert.Equal(["allocate", "write"], seen.Phases);
        var allocate = seen.Of("allocate");
        Assert.Contains(allocate, p => !p.IsComplete); // intermediate ticks
        Assert.Single(allocate, p => p.IsComplete);
        Assert.True(allocate[^1].IsComplete);
        Assert.Equal(summary.Totals.Rows, allocate[^1].Total);
        Assert.True(allocate.Zip(allocate.Skip(1)).All(x => x.First.Done <= x.Second.Done));
        Assert.Equal(summary.Outputs.Count, seen.Of("write")[^1].Total);

        Assert.Equal(plain.Outputs.Select(o => o.Sha256), summary.Outputs.Select(o => o.Sha256));
    }
}
