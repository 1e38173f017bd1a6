namespace Allot.Data.Diagnostics;

/// <summary>What a <see cref="RunMeter"/> measured.</summary>
/// <param name="WallClockSeconds">Elapsed wall time.</param>
/// <param name="CpuSeconds">CPU time (user + system, all threads) consumed by the process while measuring.</param>
/// <param name="PeakResidentBytes">Peak resident set size of the process (a high-water mark, not the current value).</param>
/// <param name="OpenFilesPeak">Largest number of open file descriptors observed.</param>
public sealed record RunMeasurement(double WallClockSeconds, double CpuSeconds, long PeakResidentBytes, int OpenFilesPeak);
