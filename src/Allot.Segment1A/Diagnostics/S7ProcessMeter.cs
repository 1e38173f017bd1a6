using System.Diagnostics;

namespace Allot.Segment1A.Diagnostics;

/// <summary>
/// Wall-clock phases and managed allocation for the S7 run report. Peak RSS comes from the shared
/// <see cref="Allot.Data.Diagnostics.RunMeter.PeakResidentBytes"/>.
/// </summary>
internal sealed class S7ProcessMeter
{
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly long _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);

    public Dictionary<string, double> PhaseMilliseconds { get; } = new(StringComparer.Ordinal);

    public double TotalMilliseconds => _total.Elapsed.TotalMilliseconds;

    public long AllocatedBytes => GC.GetTotalAllocatedBytes(precise: false) - _allocatedAtStart;

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
