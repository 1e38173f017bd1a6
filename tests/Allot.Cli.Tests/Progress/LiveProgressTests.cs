using Allot.Cli.Progress;
using Allot.Data.Diagnostics;

namespace Allot.Cli.Tests.Progress;

public sealed class LiveProgressTests
{
    [Fact]
    public void Terminal_SeesIntermediateTicks_ThrottledAndAFinalLine()
    {
        var now = TimeSpan.Zero;
        var terminal = new StringWriter();
        var progress = new LiveProgress(terminal, () => now);
        for (var done = 0; done <= 1000; done += 10)
        {
            now += TimeSpan.FromMilliseconds(50);
            progress.Report(new PhaseProgress("replay", done, 1000, "merchants"));
        }

        var text = terminal.ToString();
        var draws = text.Split('\r', StringSplitOptions.RemoveEmptyEntries);

        // 101 reports 50 ms apart: one draw per 200 ms plus the final one, never one per report.
        Assert.InRange(draws.Length, 20, 30);
        Assert.Contains("replay  480/1,000 merchants  48.0 %", text, StringComparison.Ordinal);
        Assert.Contains("ETA", text, StringComparison.Ordinal);
        Assert.Contains("1,000/1,000 merchants  100.0 %", text, StringComparison.Ordinal);
        Assert.Contains("done in", text, StringComparison.Ordinal);
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabled_WritesNothing_AsOnAPipe()
    {
        var progress = new LiveProgress(null);
        progress.Report(new PhaseProgress("allocate", 5, 10, "pairs"));
        progress.Report(new PhaseProgress("allocate", 10, 10, "pairs"));
        Assert.False(progress.Enabled);
    }

    [Fact]
    public void NewPhase_EndsThePreviousLine()
    {
        var now = TimeSpan.Zero;
        var terminal = new StringWriter();
        var progress = new LiveProgress(terminal, () => now);
        progress.Report(new PhaseProgress("load", 1, 4, "files"));
        now += TimeSpan.FromSeconds(1);
        progress.Report(new PhaseProgress("allocate", 1, 2, "pairs"));
        var lines = terminal.ToString().Split(Environment.NewLine);
        Assert.Contains("load  1/4 files", lines[0], StringComparison.Ordinal);
        Assert.Contains("allocate  1/2 pairs", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTotal_ShowsCountAndRate()
    {
        var line = LiveProgress.Format(new PhaseProgress("scan", 2000, 0, "rows"), TimeSpan.FromSeconds(2));
        Assert.Equal("  scan  2,000 rows  1,000/s", line);
    }
}
