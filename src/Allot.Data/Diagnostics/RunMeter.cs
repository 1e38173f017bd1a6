using System.Diagnostics;

namespace Allot.Data.Diagnostics;

/// <summary>
/// Measures a whole state run for its PAT counters: wall time (stopwatch), CPU time of the process
/// (<see cref="Process.TotalProcessorTime"/> difference), peak resident set (Linux <c>VmHWM</c> from
/// <c>/proc/self/status</c>, else the peak working set), and the peak number of open file descriptors, sampled
/// from <c>/proc/self/fd</c> by a background thread every <c>sampleInterval</c> and once more at <see cref="Stop"/>.
/// Callers may also call <see cref="Sample"/> at moments of interest (e.g. while output files are open).
/// </summary>
public sealed class RunMeter : IDisposable
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuStart;
    private readonly Timer? _timer;
    private readonly Lock _gate = new();
    private int _openFilesPeak;
    private RunMeasurement? _result;

    private RunMeter(TimeSpan sampleInterval)
    {
        using var self = Process.GetCurrentProcess();
        _cpuStart = self.TotalProcessorTime;
        Sample();
        _timer = new Timer(_ => Sample(), null, sampleInterval, sampleInterval);
    }

    /// <summary>Starts measuring now.</summary>
    /// <param name="sampleInterval">How often open files are sampled; default 20 ms.</param>
    public static RunMeter Start(TimeSpan? sampleInterval = null) => new(sampleInterval ?? TimeSpan.FromMilliseconds(20));

    /// <summary>Current number of open file descriptors of this process (Linux), or -1 where unknown.</summary>
    public static int OpenFileCount()
    {
        try
        {
            return Directory.Exists("/proc/self/fd") ? Directory.EnumerateFileSystemEntries("/proc/self/fd").Count() : -1;
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>Peak resident set size of this process so far in bytes (Linux <c>VmHWM</c>; elsewhere the peak working set).</summary>
    public static long PeakResidentBytes()
    {
        try
        {
            if (File.Exists("/proc/self/status"))
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        var parts = line[6..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }
        }
        catch (IOException)
        {
            // fall through to the portable figure
        }

        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    /// <summary>Takes one open-files sample now.</summary>
    public void Sample()
    {
        var open = OpenFileCount();
        lock (_gate)
        {
            _openFilesPeak = Math.Max(_openFilesPeak, open);
        }
    }

    /// <summary>Stops the clock and the sampler and returns the figures (idempotent).</summary>
    public RunMeasurement Stop()
    {
        if (_result is not null)
        {
            return _result;
        }

        _timer?.Dispose();
        Sample();
        _wall.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        int peak;
        lock (_gate)
        {
            peak = _openFilesPeak;
        }

        _result = new RunMeasurement(_wall.Elapsed.TotalSeconds, (self.TotalProcessorTime - _cpuStart).TotalSeconds, PeakResidentBytes(), peak);
        return _result;
    }

    /// <inheritdoc />
    public void Dispose() => Stop();
}
