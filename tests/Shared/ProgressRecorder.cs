using Allot.Data.Diagnostics;
using Xunit;

namespace Allot.Tests.Shared;

/// <summary>
/// A library caller's <see cref="IProgress{T}"/> for tests of live progress: records every report (from any
/// thread) and checks a phase's shape — intermediate ticks, counts that only grow, one final report that completes
/// the phase, and its total.
/// </summary>
internal sealed class ProgressRecorder : IProgress<PhaseProgress>
{
    private readonly List<PhaseProgress> _seen = [];

    /// <summary>The phases reported, in order of first report.</summary>
    public IReadOnlyList<string> Phases
    {
        get
        {
            lock (_seen)
            {
                return _seen.Select(p => p.Phase).Distinct().ToList();
            }
        }
    }

    public void Report(PhaseProgress value)
    {
        lock (_seen)
        {
            _seen.Add(value);
        }
    }

    /// <summary>The reports of <paramref name="phase"/>, in order.</summary>
    public List<PhaseProgress> Of(string phase)
    {
        lock (_seen)
        {
            return _seen.Where(p => p.Phase == phase).ToList();
        }
    }

    /// <summary>Asserts intermediate ticks, growing counts, exactly one completing report (the last), and the total when given.</summary>
    public void AssertWellFormed(string phase, long? total)
    {
        var ticks = Of(phase);
        Assert.True(ticks.Count >= 2, $"{phase}: expected intermediate ticks, saw {ticks.Count}");
        Assert.Contains(ticks, t => !t.IsComplete && t.Done > 0);
        Assert.Single(ticks, t => t.IsComplete);
        Assert.True(ticks[^1].IsComplete, $"{phase}: the last report completes the phase");
        for (var i = 1; i < ticks.Count; i++)
        {
            Assert.True(ticks[i].Done > ticks[i - 1].Done, $"{phase}: done went from {ticks[i - 1].Done} to {ticks[i].Done}");
        }

        if (total is { } t)
        {
            Assert.Equal(t, ticks[^1].Total);
        }
    }
}
