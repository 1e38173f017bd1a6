using System.Diagnostics;
using System.Globalization;
using Allot.Data.Diagnostics;

namespace Allot.Cli.Progress;

/// <summary>
/// Draws <see cref="PhaseProgress"/> reports on a terminal as one line per phase updated in place
/// (<c>phase  done/total unit  pct  rate/s  ETA</c>), at most every <see cref="MinInterval"/>, and a final line
/// when the phase completes. Silent when disabled: <c>--quiet</c>, <c>--json</c>, or standard error not a
/// terminal (a pipe or a file gets no progress at all, so logs stay clean). Thread-safe: runners report from
/// worker threads.
/// </summary>
public sealed class LiveProgress : IProgress<PhaseProgress>
{
    /// <summary>Shortest time between two redraws of the same phase.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(200);

    private readonly TextWriter? _out;
    private readonly Func<TimeSpan> _clock;
    private readonly Lock _gate = new();
    private string? _phase;
    private TimeSpan _phaseStart;
    private TimeSpan _lastDraw;
    private bool _drawn;
    private bool _lineOpen;

    /// <summary>A reporter writing to <paramref name="terminal"/>, or a silent one when it is null.</summary>
    /// <param name="terminal">The terminal's writer (stderr), or null to stay silent.</param>
    /// <param name="clock">Elapsed time source (tests pass a fake one); defaults to a stopwatch.</param>
    public LiveProgress(TextWriter? terminal, Func<TimeSpan>? clock = null)
    {
        _out = terminal;
        if (clock is null)
        {
            var sw = Stopwatch.StartNew();
            clock = () => sw.Elapsed;
        }

        _clock = clock;
    }

    /// <summary>True when reports are drawn.</summary>
    public bool Enabled => _out is not null;

    /// <summary>On stderr when it is a terminal and not <paramref name="quiet"/>; silent otherwise.</summary>
    public static LiveProgress ForConsole(bool quiet) => new(quiet || Console.IsErrorRedirected ? null : Console.Error);

    /// <inheritdoc />
    public void Report(PhaseProgress value)
    {
        if (_out is null)
        {
            return;
        }

        lock (_gate)
        {
            var now = _clock();
            if (value.Phase != _phase)
            {
                EndLine();
                _phase = value.Phase;
                _phaseStart = now;
                _drawn = false;
            }

            if (!value.IsComplete && _drawn && now - _lastDraw < MinInterval)
            {
                return;
            }

            _lastDraw = now;
            _drawn = true;
            _out.Write('\r');
            _out.Write(Format(value, now - _phaseStart));
            _out.Write("\u001b[K"); // clear what a longer previous draw left on the line
            _lineOpen = true;
            if (value.IsComplete)
            {
                EndLine();
                _phase = null;
            }

            _out.Flush();
        }
    }

    /// <summary>One progress line, e.g. <c>replay  120,000/1,000,000 merchants  12.0 %  48,000/s  ETA 18 s</c>.</summary>
    public static string Format(PhaseProgress p, TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        var rate = p.Done / seconds;
        var text = p.Total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"  {p.Phase}  {p.Done:N0}/{p.Total:N0} {p.Unit}  {100.0 * p.Done / p.Total:0.0} %  {rate:N0}/s")
            : string.Create(CultureInfo.InvariantCulture, $"  {p.Phase}  {p.Done:N0} {p.Unit}  {rate:N0}/s");
        if (p.IsComplete)
        {
            return text + string.Create(CultureInfo.InvariantCulture, $"  done in {seconds:0.00} s");
        }

        if (p.Total > 0 && p.Done > 0)
        {
            var eta = (p.Total - p.Done) / rate;
            text += string.Create(CultureInfo.InvariantCulture, $"  ETA {eta:0} s");
        }

        return text;
    }

    private void EndLine()
    {
        if (_lineOpen)
        {
            _out!.WriteLine();
            _lineOpen = false;
        }
    }
}
