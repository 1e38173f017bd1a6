using Allot.Retail.Fixtures;
using Allot.Retail.Tests.Support;

namespace Allot.Retail.Tests.Fixtures;

public class FixtureGeneratorTests
{
    [Fact]
    public void SameSeed_ByteIdentical_DifferentSeed_Differs()
    {
        using var t = new TempFolder();
        var spec = new FixtureSpec { Stores = 50, Rows = 30, Seed = 11 };
        var files = FixtureGenerator.Write(t.Sub("a"), spec);
        FixtureGenerator.Write(t.Sub("b"), spec);
        FixtureGenerator.Write(t.Sub("c"), spec with { Seed = 12 });
        Assert.Equal(7, files.Count);
        foreach (var f in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(t.Sub("a"), f)), File.ReadAllBytes(Path.Combine(t.Sub("b"), f)));
        }

        Assert.NotEqual(
            File.ReadAllBytes(Path.Combine(t.Sub("a"), "output/fast_fish_with_trends_business_enriched_202509A.csv")),
            File.ReadAllBytes(Path.Combine(t.Sub("c"), "output/fast_fish_with_trends_business_enriched_202509A.csv")));
    }

    [Fact]
    public void Fixture_HasRealWorldTraits()
    {
        using var t = new TempFolder();
        FixtureGenerator.Write(t.Path, new FixtureSpec { Stores = 200, Rows = 120, Seed = 3 });
        var recs = File.ReadAllBytes(t.Sub("output/fast_fish_with_trends_business_enriched_202509A.csv"));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, recs[..3]);
        var text = System.Text.Encoding.UTF8.GetString(recs);
        Assert.Contains("ΔQty", text, StringComparison.Ordinal);
        Assert.Contains("\"=HYPERLINK", text, StringComparison.Ordinal);
        Assert.Contains("S99999", text, StringComparison.Ordinal);
        Assert.Contains("'01", text, StringComparison.Ordinal);
        var meta = File.ReadAllText(t.Sub("output/store_level_plugin_output.csv"));
        Assert.Contains("\n01000,", meta, StringComparison.Ordinal);
        Assert.Contains("NaN", meta, StringComparison.Ordinal);
        Assert.NotEqual(0xEF, File.ReadAllBytes(t.Sub("output/enhanced_fast_fish_format_202509B.csv"))[0]);
    }
}
