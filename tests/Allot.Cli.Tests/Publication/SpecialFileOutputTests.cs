using System.Diagnostics;
using Allot.Cli.Tests.Retail;

namespace Allot.Cli.Tests.Publication;

/// <summary>
/// An output path that names a named pipe (or a device, a socket) is refused before anything is written: outputs are
/// written to a temporary sibling and renamed into place, and the rename replaced the pipe or device node itself
/// (thirteenth session: <c>allot report --output /dev/full</c> run as root replaced the machine's /dev/full with the
/// report and exited 0).
/// </summary>
public sealed class SpecialFileOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("allot-special-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Fifo(string name)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("SKIPPED: named pipes are made with mkfifo (Linux); the special-file output test did not run.");
        }

        var path = Path.Combine(_dir, name);
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private static string Kind(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
        var kind = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return kind;
    }

    private static void AssertRefused(int exit, string stdout, string stderr, string fifo)
    {
        Assert.True(exit == 74, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("E_IO_PUBLISH", stderr, StringComparison.Ordinal);
        Assert.Contains("not a regular file", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("fifo", Kind(fifo));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(fifo)!, ".staging*"));
    }

    /// <summary>A small retail run allocated into <c>out</c> (what the report and the diff read).</summary>
    private static RetailCliHarness AllocatedRun()
    {
        var h = new RetailCliHarness();
        Assert.Equal(0, h.Run("retail", "fixtures", "--output-dir", h.Path("in"), "--stores", "80", "--rows", "30", "--seed", "5").Exit);
        var run = h.Run("retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--input-dir", h.Path("in"), "--output-dir", h.Path("out"), "--quiet");
        Assert.True(run.Exit is 0 or 6, run.Stderr);
        return h;
    }

    [Fact]
    public void Apportion_OutputIsANamedPipe_WithOverwrite_IsRefused_AndThePipeStays()
    {
        var input = Path.Combine(_dir, "in.csv");
        File.WriteAllText(input, "unit,weight,total\na,1,3\nb,2,3\n");
        var fifo = Fifo("out.csv");
        var (exit, stdout, stderr) = CliHarness.Run("apportion", "--input", input, "--output", fifo, "--overwrite");
        AssertRefused(exit, stdout, stderr, fifo);
    }

    [Fact]
    public void ReportAndDiffHtml_OutputIsANamedPipe_AreRefused_AndThePipeStays()
    {
        using var h = AllocatedRun();
        var fifo = Fifo("report.html");

        var (exit, stdout, stderr) = CliHarness.Run("report", "--output", fifo, "--retail-output-dir", h.Path("out"), "--no-validate");
        AssertRefused(exit, stdout, stderr, fifo);

        (exit, stdout, stderr) = CliHarness.Run("retail", "diff", h.Path("out"), h.Path("out"), "--target-yyyymm", "202509", "--target-period", "A", "--html", fifo, "--json");
        AssertRefused(exit, stdout, stderr, fifo);
    }

    /// <summary>A report named onto a folder says so, like the transaction's rule (it was E_IO "Is a directory").</summary>
    [Fact]
    public void Report_OutputIsAFolder_IsRefusedNamingIt_AndTheFolderStays()
    {
        using var h = AllocatedRun();
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "report.html")).FullName;

        var (exit, stdout, stderr) = CliHarness.Run("report", "--output", folder, "--retail-output-dir", h.Path("out"), "--no-validate");
        Assert.True(exit == 74, stderr);
        Assert.Contains("E_IO_PUBLISH", stderr, StringComparison.Ordinal);
        Assert.Contains("a folder, not a file", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal([folder], Directory.EnumerateFileSystemEntries(_dir));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }
}
