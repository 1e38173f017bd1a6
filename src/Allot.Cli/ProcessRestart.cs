using System.Runtime.InteropServices;

namespace Allot.Cli;

/// <summary>
/// Replaces this process with a fresh copy of itself: the same executable, arguments, process id, standard streams and
/// environment, a new runtime. Used by a silo whose Orleans host cannot be stopped in process (its membership table was
/// lost and Orleans retries the table for ever on shutdown): the kernel drops every thread and closes every socket
/// (.NET opens them close-on-exec), so the new copy can bind the same ports and join again.
/// </summary>
internal static class ProcessRestart
{
    /// <summary>Does not return: execs the process's own command line, or, where that fails, ends the process with <paramref name="exitCode"/> at once (no shutdown handlers: the stuck host would hold them).</summary>
    public static void ReplaceSelf(int exitCode)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // /proc/self/cmdline is the argv this process was started with (NUL-separated, NUL-terminated), so
                // "dotnet allot.dll cluster silo …" and the published "allot cluster silo …" both come back as they were.
                var argv = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
                var exe = File.ResolveLinkTarget("/proc/self/exe", returnFinalTarget: true)?.FullName ?? "/proc/self/exe";
                _ = Execv(exe, [.. argv, null]);
                Console.Error.WriteLine($"allot: could not restart ({Marshal.GetLastPInvokeErrorMessage()}).");
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"allot: could not restart ({e.Message}).");
            }
        }

        Exit(exitCode);
    }

    // LPStr is UTF-8 on Unix, the only place this is called.
    [DllImport("libc", EntryPoint = "execv", SetLastError = true)]
    private static extern int Execv([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv);

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void Exit(int status);
}
