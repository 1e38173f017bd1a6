using System.Diagnostics;
using System.Globalization;

namespace Allot.Data.Publishing;

/// <summary>
/// A process named so that a reused pid cannot be mistaken for it: the pid plus the process's start time
/// (on Linux the <c>starttime</c> field of <c>/proc/{pid}/stat</c>, in clock ticks since boot; elsewhere the
/// start time in UTC ticks). Staging folders, trash folders, journals and lock files carry it, so a later run
/// or <c>allot gc</c> can tell a live writer's leftovers from a killed one's.
/// </summary>
/// <param name="Pid">Process id.</param>
/// <param name="StartTime">Start time as described on the type.</param>
public readonly record struct ProcessIdentity(int Pid, long StartTime)
{
    private static readonly Lazy<ProcessIdentity> CurrentLazy = new(() =>
    {
        var pid = Environment.ProcessId;
        return new ProcessIdentity(pid, StartTimeOf(pid) ?? 0);
    });

    /// <summary>This process.</summary>
    public static ProcessIdentity Current => CurrentLazy.Value;

    /// <summary>True when a process with this pid and this start time is running now.</summary>
    public bool IsAlive()
    {
        if (Pid == Environment.ProcessId)
        {
            return StartTime == Current.StartTime;
        }

        var start = StartTimeOf(Pid);
        return start is not null && start.Value == StartTime;
    }

    /// <summary><c>{pid}-{start}</c>, the form used in file names.</summary>
    public override string ToString() => $"{Pid.ToString(CultureInfo.InvariantCulture)}-{StartTime.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The start time of <paramref name="pid"/>, or null when no such process runs.</summary>
    internal static long? StartTimeOf(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            // Field 2 (comm) is parenthesised and may hold spaces: fields after the last ')' start at field 3.
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
        }

        try
        {
            using var p = Process.GetProcessById(pid);
            return p.HasExited ? null : p.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
