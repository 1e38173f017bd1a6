using System.Diagnostics;
using Allot.Retail.Reports;
using Allot.Retail.Tests.Support;

namespace Allot.Retail.Tests.Reports;

/// <summary>Renders the spot-check page in headless Chromium (installed by scripts/install-test-deps.sh).</summary>
public class SpotCheckBrowserTests
{
    private static string? FindChromium()
    {
        var fromEnv = Environment.GetEnvironmentVariable("ALLOT_CHROMIUM");
        foreach (var candidate in new[] { fromEnv, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static (string Stdout, string Stderr) RunChromium(string chromium, string profile, params string[] extra)
    {
        var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0" })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var a in extra)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(90_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 90 s");
        }

        return (stdout.Result, stderr.Result);
    }

    [Fact]
    public void SpotCheckPage_RendersInHeadlessChromium_WithHeatmapAndNoScriptErrors()
    {
        var chromium = FindChromium();
        if (chromium is null)
        {
            Assert.Skip("SKIPPED: chromium is not installed (run scripts/install-test-deps.sh as root to install it); the HTML report was not rendered.");
        }

        using var t = new TempFolder();
        FixtureRun.Generate(t);
        FixtureRun.Allocate(t, 'A');
        var page = Path.Combine(t.Sub("out"), SpotCheckReport.FileName("202509A"));
        var url = new Uri(page).AbsoluteUri;

        var (dom, log) = RunChromium(chromium, t.Sub("profile-dom"), "--dump-dom", url);
        Assert.Contains("data-report-ready=\"heatmap-ok\"", dom, StringComparison.Ordinal);
        Assert.Contains("<svg", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"heatmap\"", dom, StringComparison.Ordinal);
        Assert.Contains("class=\"cell\"", dom, StringComparison.Ordinal);
        Assert.Contains("Top 10 rows by expected benefit", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("Uncaught", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Refused to", log, StringComparison.Ordinal);

        var shot = Path.Combine(t.Path, "report.png");
        RunChromium(chromium, t.Sub("profile-shot"), "--window-size=1280,1400", $"--screenshot={shot}", url);
        var png = File.ReadAllBytes(shot);
        Assert.True(png.Length > 10_000, $"screenshot is only {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }
}
