using Allot.Cli.Progress;
using Allot.Segment1B;
using Allot.Segment1B.Fixtures;
using Allot.Segment1B.Validation;

namespace Allot.Cli.Tests.Progress;

/// <summary>S4 run and validate-s4 drawn on a fake terminal: intermediate ticks inside the phases; nothing on a pipe.</summary>
public sealed class S4LiveProgressTests
{
    [Fact]
    public void S4RunAndValidate_OnAFakeTerminal_ShowIntermediateTicks_AndNothingOnAPipe()
    {
        var root = Path.Combine(Path.GetTempPath(), "allot-s4-live-" + Guid.NewGuid().ToString("N"));
        try
        {
            var id = FixtureGenerator.Generate(root, new FixtureOptions(Merchants: 3000, Countries: 15, TilesPerCountry: 400, Seed: 11));
            var layout = new Segment1BLayout(root, id);
            var now = TimeSpan.Zero;
            var terminal = new StringWriter();
            // Every report comes 250 ms after the last, so each one is drawn (the throttle is 200 ms).
            var live = new LiveProgress(terminal, () => now += TimeSpan.FromMilliseconds(250));
            var local = new Allot.Segment1B.Allocation.LocalS4ShardExecutor(2, live);
            S4Runner.RunSharded(layout, 2, skipS0: false, rowGroupRows: 1000, pairsPerShard: 1500, local, () => local.WorkersUsed, execution: null, live);
            S4Validator.Validate(layout, live);

            var text = terminal.ToString();
            var draws = text.Split('\r', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(draws, d => d.Contains("  allocate  ", StringComparison.Ordinal) && d.Contains("/4,123 pairs", StringComparison.Ordinal) && !d.Contains("done in", StringComparison.Ordinal) && d.Contains("ETA", StringComparison.Ordinal));
            Assert.Contains(draws, d => d.Contains("  load  1/", StringComparison.Ordinal) && d.Contains("input files", StringComparison.Ordinal));
            Assert.Contains(draws, d => d.Contains("  verify  1,000/", StringComparison.Ordinal) && d.Contains("plan rows", StringComparison.Ordinal));
            Assert.Equal(4, draws.Count(d => d.Contains("done in", StringComparison.Ordinal)));

            var pipe = new LiveProgress(null);
            S4Validator.Validate(layout, pipe);
            Assert.False(pipe.Enabled);
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
