using System.Diagnostics;

namespace Allot.Engine.Segment1A.Diagnostics;

/// <summary>
/// Wall-clock phases plus peak RSS and managed allocation for the run report. Private to S7 on purpose: a shared
/// run meter may replace it once the branches are merged.
/// </summary>
internal sealed class S7ProcessMeter
{
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly long _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);

    public Dictionary<string, double> PhaseMilliseconds { get; } = new(StringComparer.Ordinal);

    public double TotalMilliseconds => _total.Elapsed.TotalMilliseconds;

    public long AllocatedBytes => GC.GetTotalAllocatedBytes(precise: false) - _allocatedAtStart;

    public static long PeakRssBytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    public void Add(string phase, TimeSpan elapsed) =>
        PhaseMilliseconds[phase] = PhaseMilliseconds.GetValueOrDefault(phase) + elapsed.TotalMilliseconds;

    public T Time<T>(string phase, Func<T> body)
    {
        var sw = Stopwatch.StartNew();
        var result = body();
        Add(phase, sw.Elapsed);
        return result;
    }
}
