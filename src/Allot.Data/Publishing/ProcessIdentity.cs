using System.Diagnostics;
using System.Globalization;

namespace Allot.Data.Publishing;

/// <summary>
/// A process named so that a reused pid cannot be mistaken for it: the pid plus the process's start time
/// (on Linux the <c>starttime</c> field of <c>/proc/{pid}/stat</c>, in clock ticks since boot; elsewhere the
/// start time in UTC ticks), plus the host it runs on. Staging folders, trash folders, journals and lock files carry
/// it, so a later run or <c>allot gc</c> can tell a live writer's leftovers from a killed one's.
/// </summary>
/// <param name="Pid">Process id.</param>
/// <param name="StartTime">Start time as described on the type.</param>
/// <param name="Host">8 hex digits naming the process table the pid belongs to (<see cref="LocalHost"/>): a data root
/// shared by several machines (the cluster's NFS root) or containers sees writers whose pids mean nothing here.</param>
public readonly record struct ProcessIdentity(int Pid, long StartTime, string Host)
{
    private static readonly Lazy<ProcessIdentity> CurrentLazy = new(() =>
    {
        var pid = Environment.ProcessId;
        return new ProcessIdentity(pid, StartTimeOf(pid) ?? 0);
    });

    private static readonly Lazy<string> LocalHostLazy = new(ComputeLocalHost);

    /// <summary>A process of this host (<see cref="LocalHost"/>).</summary>
    public ProcessIdentity(int pid, long startTime)
        : this(pid, startTime, LocalHost)
    {
    }

    /// <summary>This process.</summary>
    public static ProcessIdentity Current => CurrentLazy.Value;

    /// <summary>
    /// The process table this process sees, as 8 hex digits: on Linux a hash of the kernel's boot id and this process's
    /// PID namespace (two containers of one machine have one boot id but two namespaces), elsewhere of the machine name.
    /// </summary>
    public static string LocalHost => LocalHostLazy.Value;

    /// <summary>Whether the pid can be checked here (it belongs to this host's process table).</summary>
    public bool IsLocal => Host == LocalHost;

    /// <summary>
    /// True when a process with this pid and this start time is running now. A process of another host cannot be
    /// checked from here and counts as alive, so nothing it wrote is ever taken for a dead run's leftover here.
    /// </summary>
    public bool IsAlive()
    {
        if (!IsLocal)
        {
            return true;
        }

        if (Pid == Environment.ProcessId)
        {
            return StartTime == Current.StartTime;
        }

        var start = StartTimeOf(Pid);
        return start is not null && start.Value == StartTime;
    }

    /// <summary><c>{pid}-{start}-{host}</c>, the form used in file names.</summary>
    public override string ToString() => $"{Pid.ToString(CultureInfo.InvariantCulture)}-{StartTime.ToString(CultureInfo.InvariantCulture)}-{Host}";

    private static string ComputeLocalHost()
    {
        var text = Environment.MachineName;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                text = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim() + "|" + (File.ResolveLinkTarget("/proc/self/ns/pid", returnFinalTarget: false)?.Name ?? string.Empty);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // No /proc: the machine name is the best there is.
            }
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..8];
    }

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
