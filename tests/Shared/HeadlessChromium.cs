using System.Diagnostics;

namespace Allot.Tests.Shared;

/// <summary>
/// Drives the machine's Chromium headless (installed by scripts/install-test-deps.sh) to render HTML reports
/// the way a person's browser would. Linked into every test project that checks a page.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>The Chromium binary, or null when none is installed (tests then skip with a visible message).</summary>
    public static string? Find()
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

    /// <summary>The skip message used when <see cref="Find"/> returns null.</summary>
    public const string Missing = "SKIPPED: chromium is not installed (run scripts/install-test-deps.sh as root to install it); the HTML report was not rendered.";

    /// <summary>Runs Chromium headless with a fresh profile and the flags this closed network needs; returns stdout and the log.</summary>
    public static (string Stdout, string Stderr) Run(string chromium, string profile, params string[] extra)
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

    /// <summary>Takes a screenshot and checks it is a real PNG of some substance.</summary>
    public static void AssertScreenshot(string chromium, string profile, string url, string png, string size = "1280,1400")
    {
        Run(chromium, profile, $"--window-size={size}", $"--screenshot={png}", url);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 10_000, $"screenshot is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
    }
}
