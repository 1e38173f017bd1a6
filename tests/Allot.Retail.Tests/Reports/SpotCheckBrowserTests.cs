using Allot.Retail.Reports;
using Allot.Retail.Tests.Support;
using Allot.Tests.Shared;

namespace Allot.Retail.Tests.Reports;

/// <summary>Renders the spot-check page in headless Chromium (installed by scripts/install-test-deps.sh).</summary>
public class SpotCheckBrowserTests
{
    [Fact]
    public void SpotCheckPage_RendersInHeadlessChromium_WithHeatmapAndNoScriptErrors()
    {
        var chromium = HeadlessChromium.Find();
        if (chromium is null)
        {
            Assert.Skip(HeadlessChromium.Missing);
        }

        using var t = new TempFolder();
        FixtureRun.Generate(t);
        FixtureRun.Allocate(t, 'A');
        var page = Path.Combine(t.Sub("out"), SpotCheckReport.FileName("202509A"));
        var url = new Uri(page).AbsoluteUri;

        var (dom, log) = HeadlessChromium.Run(chromium, t.Sub("profile-dom"), "--dump-dom", url);
        Assert.Contains("data-report-ready=\"heatmap-ok\"", dom, StringComparison.Ordinal);
        Assert.Contains("<svg", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"heatmap\"", dom, StringComparison.Ordinal);
        Assert.Contains("class=\"cell\"", dom, StringComparison.Ordinal);
        Assert.Contains("Top 10 rows by expected benefit", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("Uncaught", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Refused to", log, StringComparison.Ordinal);

        HeadlessChromium.AssertScreenshot(chromium, t.Sub("profile-shot"), url, Path.Combine(t.Path, "report.png"));
    }
}
