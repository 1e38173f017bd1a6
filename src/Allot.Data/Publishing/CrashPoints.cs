using System.Diagnostics;
using System.Globalization;

namespace Allot.Data.Publishing;

/// <summary>
/// Test hook for crash tests: when the environment variable <c>ALLOT_PUBLISH_KILL_AT</c> holds a number k, the
/// process kills itself with SIGKILL (not an exception, not <see cref="Environment.FailFast(string)"/>: nothing runs
/// after it, as with <c>kill -9</c>) just before the k-th commit step of the process (steps are numbered from 1
/// across every transaction it commits: writing the journal, each rename, removing the journal). A run that exits
/// normally with the variable set had fewer than k steps. Unset, this costs one comparison per step.
/// </summary>
internal static class CrashPoints
{
    /// <summary>The environment variable read once per process.</summary>
    public const string Variable = "ALLOT_PUBLISH_KILL_AT";

    private static readonly long KillAt =
        long.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : 0;

    private static long _step;

    /// <summary>Counts one commit step; kills the process first when it is the configured one.</summary>
    /// <param name="description">What the step is about to do (printed on stderr before the kill).</param>
    public static void Step(string description)
    {
        var n = Interlocked.Increment(ref _step);
        if (KillAt != 0 && n == KillAt)
        {
            Console.Error.WriteLine($"publication: killed (SIGKILL) before step {n}: {description}");
            Console.Error.Flush();
            using var self = Process.GetCurrentProcess();
            self.Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
