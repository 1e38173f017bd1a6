using System.Diagnostics;

namespace Allot.Cli.Tests.Publication;

/// <summary>A small tmpfs mounted for a test (needs root and mount rights; the test is skipped, visibly, otherwise).</summary>
internal sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    public static Tmpfs TryMount(string size)
    {
        var path = Directory.CreateTempSubdirectory("allot-tmpfs-").FullName;
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || Sh("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path) != 0)
        {
            Directory.Delete(path);
            Assert.Skip($"SKIPPED: cannot mount a {size} tmpfs here (needs Linux and root); the disk-full / read-only test did not run.");
        }

        return new Tmpfs(path);
    }

    public void RemountReadOnly() => Assert.Equal(0, Sh("mount", "-o", "remount,ro", Path));

    public void Resize(string size) => Assert.Equal(0, Sh("mount", "-o", $"remount,size={size}", Path));

    public void Dispose()
    {
        // Lazy unmount when something still holds a file there (the assertion that failed is the interesting error).
        if (Sh("umount", Path) != 0)
        {
            Sh("umount", "-l", Path);
        }

        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private static int Sh(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
