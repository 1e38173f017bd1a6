namespace Allot.Data.Diagnostics;

/// <summary>
/// One phase's progress, counted from any thread and reported in order: <see cref="Add"/> adds completed units and
/// reports the new total, never a smaller one than already reported (two threads finishing at once cannot make
/// the count go back), and <see cref="Complete"/> reports <c>done = total</c> once. Silent without a sink.
/// Every runner counts its phases with it (S4, retail).
/// </summary>
/// <param name="sink">Where reports go (none: nothing is reported).</param>
/// <param name="phase">Phase name.</param>
/// <param name="total">Units in the phase.</param>
/// <param name="unit">What is counted, plural.</param>
public sealed class ProgressCounter(IProgress<PhaseProgress>? sink, string phase, long total, string unit)
{
    private readonly Lock _gate = new();
    private long _done;
    private long _reported = -1;
    private bool _completed;

    /// <summary>Adds <paramref name="units"/> completed units and reports the running total.</summary>
    public void Add(long units)
    {
        if (sink is null)
        {
            return;
        }

        var now = Interlocked.Add(ref _done, units);
        lock (_gate)
        {
            if (_completed || now <= _reported || now >= total)
            {
                return;
            }

            _reported = now;
            sink.Report(new PhaseProgress(phase, now, total, unit));
        }
    }

    /// <summary>Reports the phase as finished (<c>done = total</c>).</summary>
    public void Complete()
    {
        if (sink is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            sink.Report(new PhaseProgress(phase, Math.Max(total, 1), Math.Max(total, 1), unit));
        }
    }
}
