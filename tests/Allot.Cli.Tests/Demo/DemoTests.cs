using System.Text.Json;
using Allot.Tests.Shared;

namespace Allot.Cli.Tests.Demo;

/// <summary>The README's first command, end to end: every system runs and every validator passes on its outputs.</summary>
public sealed class DemoTests : IClassFixture<DemoTests.DemoRun>
{
    private readonly DemoRun _run;

    public DemoTests(DemoRun run) => _run = run;

    /// <summary>Runs the demo once for the whole class (it takes a few seconds).</summary>
    public sealed class DemoRun : IDisposable
    {
        public DemoRun()
        {
            Parent = Directory.CreateTempSubdirectory("allot-demo-").FullName;
            Folder = Path.Combine(Parent, "demo");
            (Exit, Stdout, Stderr) = CliHarness.Run("demo", "--output", Folder, "--json", "--workers", "2");
        }

        public string Parent { get; }

        public string Folder { get; }

        public int Exit { get; }

        public string Stdout { get; }

        public string Stderr { get; }

        public void Dispose() => Directory.Delete(Parent, recursive: true);
    }

    [Fact]
    public void Demo_RunsAllSystems_AndEveryCheckPasses()
    {
        Assert.True(_run.Exit == 0, _run.Stderr + _run.Stdout);
        using var doc = JsonDocument.Parse(_run.Stdout);
        var root = doc.RootElement;
        var systems = root.GetProperty("systems").EnumerateArray().ToList();
        Assert.Equal(4, systems.Count);
        Assert.All(systems, s => Assert.True(s.GetProperty("passed").GetBoolean(), s.GetProperty("title").GetString()));

        // The sample's period A has rows whose units no eligible store can take: the demo says "warnings", never
        // "ok", and names them (issue #11: "all checks pass" only when no cap was exceeded and nothing is left over).
        var warned = systems.Where(s => s.GetProperty("warnings").GetArrayLength() > 0).Select(s => s.GetProperty("title").GetString()).ToList();
        Assert.Equal(warned.Count > 0 ? "warnings" : "ok", root.GetProperty("status").GetString());
        Assert.Contains(warned, t => t!.Contains("202509A", StringComparison.Ordinal));

        // Every system's own validator ran and passed.
        var checks = systems.SelectMany(s => s.GetProperty("checks").EnumerateArray()).Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(2, checks.Count(c => c == "allot retail validate"));
        Assert.Contains("allot segment1b validate-s4", checks);
        Assert.Contains("allot segment1a validate-s7", checks);
    }

    /// <summary>
    /// Found by hand (thirteenth session): every key number of <c>demo --json</c> was a string ("units requested":
    /// "2907"), so <c>jq '… > 100'</c> compared text. Counts are JSON numbers; compound or formatted values
    /// ("802 / 1681", "630 (0.374777)", the wall clock "0.151") stay text.
    /// </summary>
    [Fact]
    public void Demo_Json_CountsAreNumbers_CompoundValuesText()
    {
        using var doc = JsonDocument.Parse(_run.Stdout);
        var systems = doc.RootElement.GetProperty("systems").EnumerateArray().ToList();
        var retail = systems[0].GetProperty("numbers");
        Assert.Equal(JsonValueKind.Number, retail.GetProperty("units requested").ValueKind);
        Assert.True(retail.GetProperty("units requested").GetInt64() >= retail.GetProperty("units allocated").GetInt64());
        Assert.Equal(JsonValueKind.String, retail.GetProperty("store rows allocated / considered").ValueKind);
        var s4 = systems.Single(s => s.GetProperty("title").GetString()!.Contains("1B", StringComparison.Ordinal)).GetProperty("numbers");
        Assert.Equal(JsonValueKind.Number, s4.GetProperty("merchants").ValueKind);
        Assert.Equal(JsonValueKind.String, s4.GetProperty("wall clock (s)").ValueKind);
    }

    [Fact]
    public void Demo_WritesOnlyInsideItsFolder()
    {
        Assert.Equal([_run.Folder], Directory.GetFileSystemEntries(_run.Parent));
        Assert.True(File.Exists(Path.Combine(_run.Folder, "report.html")));
        Assert.Empty(Directory.GetDirectories(_run.Folder, ".staging-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Demo_RefusesAFolderThatIsNotADemoFolder()
    {
        var other = Path.Combine(_run.Parent, "not-a-demo");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "precious.txt"), "keep me");
        try
        {
            var (exit, _, stderr) = CliHarness.Run("demo", "--output", other, "--quiet");
            Assert.Equal(2, exit);
            Assert.Contains("E_DEMO_FOLDER_NOT_EMPTY", stderr, StringComparison.Ordinal);
            Assert.Equal("keep me", File.ReadAllText(Path.Combine(other, "precious.txt")));
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void Demo_RefusesAScaleThatCannotFitOnTheDisk_BeforeWritingAnything()
    {
        // Found by hand: --scale 100000 (about 2 TB) wrote until the disk was full and failed with E_IO half-way.
        var folder = Path.Combine(_run.Parent, "too-large");
        var free = new DriveInfo(_run.Parent).AvailableFreeSpace;
        var scale = (int)Math.Min(int.MaxValue, (free / Allot.Cli.Commands.DemoCommand.BytesPerScaleUnit) + 1);
        var (exit, _, stderr) = CliHarness.Run("demo", "--output", folder, "--scale", scale.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("E_DEMO_TOO_LARGE", stderr, StringComparison.Ordinal);
        Assert.Contains($"--scale {scale} writes about", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Progress_CountsEveryStepOnce_WithCountsAndRates()
    {
        var folder = Path.Combine(_run.Parent, "progress");
        using var lines = new StringWriter();
        try
        {
            var result = Allot.Cli.Demo.DemoRunner.Run(new Allot.Cli.Demo.DemoOptions(folder, 1, 1), new Allot.Cli.Progress.StepProgress(lines, Allot.Cli.Demo.DemoRunner.Steps));
            Assert.True(result.AllPassed);
            var text = lines.ToString();
            var n = Allot.Cli.Demo.DemoRunner.Steps;
            for (var i = 1; i <= n; i++)
            {
                Assert.Contains($"[{i}/{n}] ", text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain($"[{n + 1}/", text, StringComparison.Ordinal);
            Assert.Contains("store rows/s)", text, StringComparison.Ordinal);
            Assert.Contains("merchants/s)", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Report_RendersInHeadlessChromium_WithEveryPicture()
    {
        var chromium = HeadlessChromium.Find();
        if (chromium is null)
        {
            Assert.Skip(HeadlessChromium.Missing);
        }

        var work = Directory.CreateTempSubdirectory("allot-chr-").FullName;
        try
        {
            var url = new Uri(Path.Combine(_run.Folder, "report.html")).AbsoluteUri;
            var (dom, log) = HeadlessChromium.Run(chromium, Path.Combine(work, "p1"), "--dump-dom", url);
            Assert.Contains("data-rendered=\"yes\"", dom, StringComparison.Ordinal);
            Assert.Contains("12 of 12 checks passed", dom, StringComparison.Ordinal);
            foreach (var id in new[] { "heatmap", "s4-tiles-per-pair", "s4-sites-per-tile", "s7-country-count", "s7-residual-rank", "s7-alpha-rungs" })
            {
                Assert.Contains($"id=\"{id}\"", dom, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("Uncaught", log, StringComparison.Ordinal);
            Assert.DoesNotContain("Refused to", log, StringComparison.Ordinal);
            HeadlessChromium.AssertScreenshot(chromium, Path.Combine(work, "p2"), url, Path.Combine(work, "shot.png"), "1280,3000");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void ReportCommand_RebuildsTheReportFromTheOutputsOnDisk()
    {
        var html = Path.Combine(_run.Parent, "again.html");
        var s7Report = Directory.GetFiles(Path.Combine(_run.Folder, "segment1a", "reports"), "run_report.json", SearchOption.AllDirectories).Single();
        try
        {
            var (exit, stdout, stderr) = CliHarness.Run(
                "report", "--output", html,
                "--retail-output-dir", Path.Combine(_run.Folder, "retail", "output"), "--retail-period", "202509A", "--retail-period", "202509B",
                "--segment1a-run-report", s7Report, "--segment1a-data-root", Path.Combine(_run.Folder, "segment1a"));
            Assert.True(exit == 0, stderr);
            Assert.Contains("\"sections\":3", stdout, StringComparison.Ordinal);

            // The sample's retail period A completed with warnings: the report's JSON said "ok" (found by hand).
            Assert.Contains("\"status\":\"warnings\"", stdout, StringComparison.Ordinal);
            Assert.Contains("s7-residual-rank", File.ReadAllText(html), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(html);
        }
    }

    [Theory]
    [InlineData("202509C", 2, "error E_USAGE: --retail-period '202509C' must be a month and a half")]
    [InlineData("2025", 2, "error E_USAGE: --retail-period '2025' must be a month and a half")]
    [InlineData("202510A", 3, "no Step 32 outputs for period 202510A in this folder; run allot retail allocate for it first")]
    public void ReportCommand_APeriodThatIsMalformedOrWasNeverRun_IsNamed_AndNothingIsWritten(string period, int code, string message)
    {
        // Found by hand: a period never allocated was E_IO (exit 74) with the runtime's "Could not find file", and
        // "2025" crashed on a substring.
        var html = Path.Combine(_run.Parent, "bad-period.html");
        var (exit, _, stderr) = CliHarness.Run("report", "--output", html, "--retail-output-dir", Path.Combine(_run.Folder, "retail", "output"), "--retail-period", period);
        Assert.True(exit == code, stderr);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(html));
    }

    [Fact]
    public void ReportCommand_ARunThatIsNotThere_IsNamed_NotABugOrADiskError()
    {
        // Found by hand: a missing S7 run report and S4 tokens of a run that never happened were E_IO (exit 74,
        // "Could not find file"), and a file that is not JSON crashed with a JsonException.
        var html = Path.Combine(_run.Parent, "missing-run.html");
        var notJson = Path.Combine(_run.Parent, "not-a-report.json");
        File.WriteAllText(notJson, "g,unit\n");
        try
        {
            var s7Root = Path.Combine(_run.Folder, "segment1a");
            var missing = CliHarness.Run("report", "--output", html, "--segment1a-run-report", Path.Combine(_run.Parent, "nope.json"), "--segment1a-data-root", s7Root);
            Assert.True(missing.Exit == 3, missing.Err);
            Assert.Contains("E_UPSTREAM_MISSING", missing.Err, StringComparison.Ordinal);
            Assert.Contains("no S7 run report at this path", missing.Err, StringComparison.Ordinal);

            var invalid = CliHarness.Run("report", "--output", html, "--segment1a-run-report", notJson, "--segment1a-data-root", s7Root);
            Assert.True(invalid.Exit == 3, invalid.Err);
            Assert.Contains("the file is not a valid S7 run report", invalid.Err, StringComparison.Ordinal);

            var s4 = CliHarness.Run("report", "--output", html, "--segment1b-data-root", Path.Combine(_run.Folder, "segment1b"), "--seed", "404", "--manifest-fingerprint", new string('a', 64), "--parameter-hash", "p");
            Assert.True(s4.Exit == 4, s4.Err);
            Assert.Contains("no S4 run report for these seed/fingerprint/parameter_hash tokens", s4.Err, StringComparison.Ordinal);
            Assert.False(File.Exists(html));
        }
        finally
        {
            File.Delete(notJson);
        }
    }

    [Fact]
    public void ReportCommand_RefusesToWriteOverAFileOfTheRunItReports_AndLeavesItUntouched()
    {
        // Found by hand: -o naming the period's pick list replaced it with the HTML report, exit 0.
        var retail = Path.Combine(_run.Folder, "retail", "output");
        var pickList = Directory.GetFiles(retail, "store_level_recommendations_allocated_202509A*.csv").Single();
        var before = File.ReadAllBytes(pickList);
        foreach (var target in new[] { pickList, Path.Combine(retail, "pipeline_manifest.json") })
        {
            var (exit, _, stderr) = CliHarness.Run("report", "--output", target, "--retail-output-dir", retail, "--retail-period", "202509A");
            Assert.True(exit == 2, stderr);
            Assert.Contains("E_OUTPUT_IS_INPUT", stderr, StringComparison.Ordinal);
            Assert.Contains("--output names a file of --retail-output-dir", stderr, StringComparison.Ordinal);
        }

        var s4Root = Path.Combine(_run.Folder, "segment1b");
        var intoData = CliHarness.Run("report", "--output", Path.Combine(s4Root, "data", "r.html"), "--retail-output-dir", retail, "--segment1b-data-root", s4Root);
        Assert.True(intoData.Exit == 2, intoData.Err);
        Assert.Equal(before, File.ReadAllBytes(pickList));
        Assert.False(File.Exists(Path.Combine(s4Root, "data", "r.html")));
    }

    [Fact]
    public void ReportCommand_WithoutPeriods_ReportsEveryPeriodOfTheFolderOnce()
    {
        // Found by hand: --retail-output-dir alone said "nothing to report", and a period named twice was shown twice.
        var html = Path.Combine(_run.Parent, "all-periods.html");
        try
        {
            var retail = Path.Combine(_run.Folder, "retail", "output");
            var all = CliHarness.Run("report", "--output", html, "--retail-output-dir", retail, "--no-validate");
            Assert.True(all.Exit == 0, all.Err);
            Assert.Contains("\"sections\":2", all.Out, StringComparison.Ordinal);
            var page = File.ReadAllText(html);
            Assert.Contains("period 202509A", page, StringComparison.Ordinal);
            Assert.Contains("period 202509B", page, StringComparison.Ordinal);

            var twice = CliHarness.Run("report", "--output", html, "--retail-output-dir", retail, "--retail-period", "202509A", "--retail-period", "202509A", "--no-validate");
            Assert.True(twice.Exit == 0, twice.Err);
            Assert.Contains("\"sections\":1", twice.Out, StringComparison.Ordinal);

            var empty = Path.Combine(_run.Parent, "empty-retail");
            Directory.CreateDirectory(empty);
            var none = CliHarness.Run("report", "--output", html, "--retail-output-dir", empty);
            Assert.True(none.Exit == 3, none.Err);
            Assert.Contains("no period was allocated into this folder", none.Err, StringComparison.Ordinal);
            Directory.Delete(empty);
        }
        finally
        {
            File.Delete(html);
        }
    }
}
