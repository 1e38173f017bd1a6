using System.Text.RegularExpressions;
using Allot.Tests.Shared;

namespace Allot.Cli.Tests.Retail;

/// <summary>
/// <c>allot report</c> shows a period's heatmap, a file it reads from the run's folder: the page must stay inert
/// whatever that file holds (thirteenth session).
/// </summary>
public sealed partial class RetailReportHeatmapTests
{
    private const string Injected =
        "<script>document.documentElement.setAttribute('data-pwned','script')</script>"
        + "<rect onload=\"document.documentElement.setAttribute('data-pwned','onload')\" width=\"1\" height=\"1\"/>";

    private static RetailCliHarness Allocated(Func<string, string>? storeTags = null)
    {
        var h = new RetailCliHarness();
        var fixtures = h.Run("retail", "fixtures", "--output-dir", h.Path("in"), "--stores", "80", "--rows", "30", "--seed", "5");
        Assert.True(fixtures.Exit == 0, fixtures.Stderr);
        if (storeTags is not null)
        {
            var tags = h.Path("in/output/store_tags_202509A.csv");
            File.WriteAllText(tags, storeTags(File.ReadAllText(tags)));
        }

        var run = h.Run("retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--input-dir", h.Path("in"), "--output-dir", h.Path("out"), "--quiet");
        Assert.True(run.Exit is 0 or 6, run.Stderr);
        return h;
    }

    [GeneratedRegex("<script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    /// <summary>
    /// Found by hand: a heatmap file with a &lt;script&gt; (edited, or written by another tool into the folder) was
    /// pasted into report.html as it was, and Chromium ran it — with --no-validate silently, and with validation
    /// under a failed manifest check. The figure is now drawn only from the elements and attributes Allot's heatmap
    /// uses; anything else leaves it out under a failed check.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Report_HeatmapWithScript_IsNotInlined_AndFailsACheck(bool validate)
    {
        using var h = Allocated();
        var heatmap = h.Path("out/allocation_heatmap_202509A.svg");
        var svg = File.ReadAllText(heatmap);
        File.WriteAllText(heatmap, svg.Replace("<title>", Injected + "<title>", StringComparison.Ordinal));
        var page = h.Path("report.html");

        string[] args = ["report", "--output", page, "--retail-output-dir", h.Path("out")];
        var (exit, stdout, stderr) = CliHarness.Run(validate ? args : [.. args, "--no-validate"]);

        Assert.True(exit == 4, stderr + stdout);
        var html = File.ReadAllText(page);
        Assert.Single(ScriptTag().Matches(html));
        Assert.DoesNotContain("onload", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data-pwned", html, StringComparison.Ordinal);
        Assert.Contains("heatmap drawn by Allot", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_HeatmapAsAllocateWroteIt_IsInlined_WithItsCells()
    {
        using var h = Allocated();
        var page = h.Path("report.html");
        var (exit, stdout, stderr) = CliHarness.Run("report", "--output", page, "--retail-output-dir", h.Path("out"), "--no-validate");
        Assert.True(exit == 0, stderr + stdout);
        var html = File.ReadAllText(page);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"heatmap\"", html, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"cell\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("heatmap drawn by Allot", html, StringComparison.Ordinal);
    }

    /// <summary>The same in a real browser: the tampered heatmap's script and handler do not run; the page's marker does.</summary>
    [Fact]
    public void Report_HeatmapWithScript_DoesNotRunInChromium()
    {
        var chromium = HeadlessChromium.Find();
        if (chromium is null)
        {
            Assert.Skip(HeadlessChromium.Missing);
        }

        using var h = Allocated();
        var heatmap = h.Path("out/allocation_heatmap_202509A.svg");
        File.WriteAllText(heatmap, File.ReadAllText(heatmap).Replace("<title>", Injected + "<title>", StringComparison.Ordinal));
        var page = h.Path("report.html");
        CliHarness.Run("report", "--output", page, "--retail-output-dir", h.Path("out"), "--no-validate");

        var (dom, log) = HeadlessChromium.Run(chromium, h.Path("profile"), "--dump-dom", new Uri(page).AbsoluteUri);
        Assert.True(dom.Contains("data-rendered=\"yes\"", StringComparison.Ordinal), log);
        Assert.DoesNotContain("data-pwned", dom, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by hand: a cluster id with a control character (a form feed or vertical tab pasted from a spreadsheet;
    /// the CSV reader keeps it) made allocation_heatmap_{P}.svg a file no XML parser or browser opens ("invalid
    /// character"), and the report then left the picture out. Characters XML cannot hold are drawn as U+FFFD.
    /// </summary>
    [Fact]
    public void Heatmap_ClusterIdWithControlCharacters_IsWellFormedXml_AndShownInTheReport()
    {
        using var h = Allocated(tags => tags.Replace(",0\n", ",c\u000Bzero\u0001\n", StringComparison.Ordinal));
        var heatmap = File.ReadAllText(h.Path("out/allocation_heatmap_202509A.svg"));
        Assert.Contains("c\uFFFDzero\uFFFD", System.Xml.Linq.XDocument.Parse(heatmap).Root!.Value, StringComparison.Ordinal);

        var page = h.Path("report.html");
        var (exit, stdout, stderr) = CliHarness.Run("report", "--output", page, "--retail-output-dir", h.Path("out"));
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("<rect class=\"cell\"", File.ReadAllText(page), StringComparison.Ordinal);

        // The pages escape by the same rule as the picture: no character XML cannot hold reaches them either.
        foreach (var html in new[] { page, h.Path("out/allocation_spot_check_202509A.html") })
        {
            var text = File.ReadAllText(html);
            Assert.DoesNotContain('\u000B', text);
            Assert.DoesNotContain('\u0001', text);
        }
    }
}
