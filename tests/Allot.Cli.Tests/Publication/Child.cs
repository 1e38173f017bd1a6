using System.Diagnostics;
using Allot.Data.Publishing;

namespace Allot.Cli.Tests.Publication;

/// <summary>Runs the real <c>allot</c> binary (the build output of src/Allot.Cli beside the tests) as a child process.</summary>
internal static class Child
{
    /// <summary>Exit code of a process killed by SIGKILL, as .NET reports it (128 + 9).</summary>
    public const int Killed = 137;

    public static (int Exit, string Out, string Err) Run(int? killAt, params string[] args) => Run(killAt, null, args);

    public static (int Exit, string Out, string Err) Run(int? killAt, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "allot.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_TieredPGO"] = "0";
        psi.Environment["DOTNET_TC_QuickJitForLoops"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        if (killAt is not null)
        {
            psi.Environment[CrashPoints.Variable] = killAt.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("allot child did not finish in 120 s: " + string.Join(' ', args));
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "allot.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }

    /// <summary>Every publication leftover under <paramref name="root"/>: staging, trash, journals, and lock files (a finished run removes its own).</summary>
    public static List<string> Machinery(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, ".*", SearchOption.AllDirectories)
            .Where(p => Leftovers.IsMachinery(Path.GetFileName(p)))];

    /// <summary>Relative path → bytes of every non-hidden file under <paramref name="root"/>.</summary>
    public static SortedDictionary<string, string> Snapshot(string root, Func<string, bool>? include = null)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(root, f).Replace('\\', '/');
            if (rel.Split('/').Any(s => s.StartsWith('.')) || (include is not null && !include(rel)))
            {
                continue;
            }

            map[rel] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)));
        }

        return map;
    }

    public static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
        }
    }

    public static bool HasJournal(string folder) => PublishJournal.In(folder).Any();

    /// <summary>The id of a process that has exited (staging named with it counts as a dead run's).</summary>
    public static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }
}
