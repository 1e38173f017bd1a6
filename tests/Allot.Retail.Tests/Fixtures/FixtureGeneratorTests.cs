using Allot.Core.Errors;
using Allot.Retail.Errors;
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

    /// <summary>
    /// Thirteenth session: <c>retail fixtures</c> wrote its files one by one over whatever was there. A failure half
    /// way (a file where <c>data/api_data</c> must go) left the store file and the tags behind (exit 74), and pointed
    /// at a pipeline folder it replaced the real <c>output/store_level_plugin_output.csv</c> with synthetic stores. The
    /// set is now published whole or not at all, and a file of the same name with other content is a conflict.
    /// </summary>
    [Fact]
    public void Write_IsAllOrNothing_AndNeverReplacesAFileWithOtherContent_TheSameFixtureAgainIsNoConflict()
    {
        using var t = new TempFolder();
        var spec = new FixtureSpec { Stores = 30, Rows = 10, StoresPerGroup = 8, Seed = 5 };
        var blocked = t.Sub("blocked");
        Directory.CreateDirectory(Path.Combine(blocked, "data"));
        File.WriteAllText(Path.Combine(blocked, "data", "api_data"), "a file where a folder must go");
        var io = Expect.Error(() => FixtureGenerator.Write(blocked, spec));
        Assert.Equal(ErrorClass.Io, io.Class);
        Assert.Equal(["data"], Directory.GetFileSystemEntries(blocked).Select(Path.GetFileName));
        Assert.Equal(["api_data"], Directory.GetFileSystemEntries(Path.Combine(blocked, "data")).Select(Path.GetFileName));

        var pipeline = t.Sub("pipeline");
        var real = Path.Combine(pipeline, "output", "store_level_plugin_output.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        File.WriteAllText(real, "Store_Code,Store_Type,Capacity_Utilization\n01001,Fashion,0.5\n");
        var conflict = Expect.Error(() => FixtureGenerator.Write(pipeline, spec));
        Assert.Equal(RetailErrorCodes.FixtureExists, conflict.Code);
        Assert.Equal(ErrorClass.Conflict, conflict.Class);
        Assert.Equal("Store_Code,Store_Type,Capacity_Utilization\n01001,Fashion,0.5\n", File.ReadAllText(real));
        Assert.Equal(["output"], Directory.GetFileSystemEntries(pipeline).Select(Path.GetFileName));
        Assert.Equal(["store_level_plugin_output.csv"], Directory.GetFileSystemEntries(Path.Combine(pipeline, "output")).Select(Path.GetFileName));

        var again = t.Sub("again");
        var files = FixtureGenerator.Write(again, spec);
        var bytes = files.Select(f => File.ReadAllBytes(Path.Combine(again, f))).ToList();
        Assert.Equal(files, FixtureGenerator.Write(again, spec));
        Assert.Equal(bytes, files.Select(f => File.ReadAllBytes(Path.Combine(again, f))));
        Assert.Equal(["data", "output"], Directory.GetFileSystemEntries(again).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
