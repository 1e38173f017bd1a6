using System.Text.Json.Nodes;
using Allot.Core.Errors;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;
using Allot.Retail.Reports;
using Allot.Retail.Tests.Support;

namespace Allot.Retail.Tests.Outputs;

public class OutputWritingTests
{
    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+86 123", "'+86 123")]
    [InlineData("-cmd", "'-cmd")]
    [InlineData("@ref", "'@ref")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("[夏, 男]", "\"[夏, 男]\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("a,\"b\"", "\"a,\"\"b\"\"\"")]
    public void CsvText_NeutralisesFormulasAndQuotes(string raw, string expected) => Assert.Equal(expected, CsvText.Text(raw));

    [Fact]
    public void PickList_FormulaLikeStyleTags_AreNeutralised()
    {
        using var t = new SmallPlan
        {
            Recs = SmallPlan.RecsHeader + "G1,\"=HYPERLINK(\"\"http://x\"\")\",T恤,POLO衫,夏,男,前台,3,\"b01,b02\",2,,\n",
            Sales = SmallPlan.SalesHeader + "b01,T恤,POLO衫,1\nb02,T恤,POLO衫,1\n",
        };
        var plan = t.Run();
        using var ms = new MemoryStream();
        PickListWriter.Write(plan, ms);
        var text = System.Text.Encoding.UTF8.GetString(ms.ToArray());
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", text, StringComparison.Ordinal);
        Assert.NotEqual(0xEF, ms.ToArray()[0]); // no BOM
    }

    [Fact]
    public void Determinism_ByteIdenticalAcrossRunsAndThreadCounts()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        FixtureRun.Allocate(t, 'A', "out1", new RunOptions { Threads = 1, MergeIntoStorePlugin = true });
        FixtureRun.Allocate(t, 'A', "out4", new RunOptions { Threads = 4, MergeIntoStorePlugin = true });
        var files = Directory.GetFiles(t.Sub("out1")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(6, files.Count);
        foreach (var f in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(t.Sub("out1"), f!)), File.ReadAllBytes(Path.Combine(t.Sub("out4"), f!)));
        }
    }

    [Fact]
    public void Determinism_ReportDiffersOnlyInTimestamp()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var inputs = RetailInputs.Load(TargetPeriod.Parse("202509", "A"), new InputPaths { InputDir = t.Sub("in") });
        var plan = Allot.Retail.Allocation.StoreAllocator.Run(inputs, new AllocationParameters(), new RunOptions { Threads = 3 });
        var svg = HeatmapSvg.Render(ClusterCategoryHeatmap.From(plan));
        var a = SpotCheckReport.Render(plan, svg, FixtureRun.FixedClock);
        var b = SpotCheckReport.Render(plan, svg, FixtureRun.FixedClock.AddHours(5));
        Assert.NotEqual(a, b);
        Assert.Equal(a.Replace("08:00:00", "13:00:00", StringComparison.Ordinal), b);
    }

    [Fact]
    public void Manifest_RegistersOutputs_KeepsOtherEntries()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        t.File("out/pipeline_manifest.json", "{\"pipeline\":\"fast_fish\",\"outputs\":{\"step18_enriched_202509A\":{\"path\":\"x.csv\"}}}");
        var summary = FixtureRun.Allocate(t, 'A');
        FixtureRun.Allocate(t, 'B');
        var manifest = JsonNode.Parse(File.ReadAllText(t.Sub("out/pipeline_manifest.json")))!.AsObject();
        Assert.Equal("fast_fish", manifest["pipeline"]!.GetValue<string>());
        var outputs = manifest["outputs"]!.AsObject();
        Assert.NotNull(outputs["step18_enriched_202509A"]);
        var pick = outputs["step32_pick_list_202509A"]!;
        Assert.Equal(PickListWriter.FileName("202509A"), pick["path"]!.GetValue<string>());
        Assert.Equal(summary.Outputs[0].Rows, pick["rows"]!.GetValue<long>());
        Assert.Equal(Allot.Data.Publishing.DeterminismReceipt.FileSha256Hex(t.Sub("out/" + PickListWriter.FileName("202509A"))), pick["sha256"]!.GetValue<string>());
        Assert.NotNull(outputs["step32_pick_list_202509B"]);
        Assert.NotNull(outputs["step32_spot_check_report_202509B"]);
        Assert.NotNull(outputs["step32_store_plugin_merged_202509A"]);
    }

    [Fact]
    public void Manifest_NotJson_IsBadManifest_AndNothingNewIsLeft()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        t.File("out/pipeline_manifest.json", "not json");
        var error = Expect.Error(() => FixtureRun.Allocate(t, 'A'));
        Assert.Equal(RetailErrorCodes.BadManifest, error.Code);
        Assert.Equal(["pipeline_manifest.json"], Directory.GetFileSystemEntries(t.Sub("out")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("missing-column")]
    [InlineData("fractional")]
    [InlineData("negative-util")]
    [InlineData("unreadable")]
    public void BadInput_ClearError_NoOutputLeftBehind(string problem)
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var recs = t.Sub("in/output/fast_fish_with_trends_business_enriched_202509A.csv");
        var meta = t.Sub("in/output/store_level_plugin_output.csv");
        switch (problem)
        {
            case "missing-column":
                File.WriteAllText(recs, File.ReadAllText(recs).Replace("Store_Codes_In_Group", "Stores", StringComparison.Ordinal));
                break;
            case "fractional":
                var lines = File.ReadAllLines(recs);
                lines[3] = System.Text.RegularExpressions.Regex.Replace(lines[3], ",(-?\\d+)(\\.0)?,\"", ",$1.5,\"");
                File.WriteAllLines(recs, lines);
                break;
            case "negative-util":
                var m = File.ReadAllLines(meta);
                m[2] = string.Join(',', m[2].Split(',').Select((c, i) => i == 3 ? "-0.3" : c));
                File.WriteAllLines(meta, m);
                break;
            default:
                Directory.CreateDirectory(t.Sub("in/a-directory.csv"));
                break;
        }

        var error = Expect.Error(() => FixtureRun.Allocate(t, 'A', paths: p => problem == "unreadable" ? p with { StoreMetaFile = t.Sub("in/a-directory.csv") } : p));
        Assert.Equal(ErrorClass.Input, error.Class);
        Assert.NotNull(error.File);
        Assert.False(Directory.Exists(t.Sub("out")), "the output folder must not be created on failure");
        var expected = problem switch
        {
            "missing-column" => RetailErrorCodes.MissingColumn,
            "fractional" => RetailErrorCodes.FractionalDelta,
            "negative-util" => RetailErrorCodes.NegativeUtilization,
            _ => RetailErrorCodes.FileUnreadable,
        };
        Assert.Equal(expected, error.Code);
        if (problem is "fractional" or "negative-util")
        {
            Assert.NotNull(error.Row);
        }
    }
}
