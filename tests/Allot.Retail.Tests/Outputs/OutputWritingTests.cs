using System.Text.Json.Nodes;
using Allot.Core.Errors;
using Allot.Data.Csv;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;
using Allot.Retail.Reports;
using Allot.Retail.Tests.Support;
using Allot.Retail.Validation;

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
    public void CsvCell_NeutralisesFormulasAndQuotes(string raw, string expected) => Assert.Equal(expected, CsvCell.Text(raw));

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
        Assert.Equal([0xEF, 0xBB, 0xBF], ms.ToArray()[..3]); // BOM by default since issue #11 (Excel showed Chinese text garbled)
    }

    [Fact]
    public void MergedStoreFile_FormulaCells_AreNeutralised()
    {
        using var t = new SmallPlan
        {
            Recs = SmallPlan.RecsHeader + "G1,[夏],T恤,POLO衫,夏,男,前台,3,\"b01,b02\",2,,\n",
            Meta = SmallPlan.MetaHeader + "b01,=cmd|' /C calc'!A0,Street,0.5,100\nb02,@SUM(1),Mall,0.5,100\n",
            Sales = SmallPlan.SalesHeader + "b01,T恤,POLO衫,1\nb02,T恤,POLO衫,1\n",
        };
        var plan = t.Run();
        using var ms = new MemoryStream();
        StorePluginMerger.Write(plan, ms);
        var text = System.Text.Encoding.UTF8.GetString(ms.ToArray());
        Assert.Contains(",'=cmd|' /C calc'!A0,", text, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(1),", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=cmd", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_Latin1Byte_IsCsvEncodingNamingFileAndRow()
    {
        // Issue 9: a latin-1 byte used to become U+FFFD in the pick list with exit 0.
        using var t = new SmallPlan
        {
            Recs = SmallPlan.RecsHeader + "G1,[夏],T恤,POLO衫,夏,男,前台,3,\"b01,b02\",2,,\n",
            Meta = SmallPlan.MetaHeader + "b01,s1,Street,0.5,100\nb02,s2,Mall,0.5,100\n",
            Sales = SmallPlan.SalesHeader + "b01,T恤,POLO衫,1\nb02,T恤,POLO衫,1\n",
        };
        var paths = t.Paths();
        File.WriteAllBytes(paths.StoreMetaFile!, System.Text.Encoding.Latin1.GetBytes(SmallPlan.MetaHeader + "b01,s1,Street,0.5,100\nb02,caf\u00e9,Mall,0.5,100\n"));
        var error = Expect.Error(() => RetailInputs.Load(SmallPlan.Period, paths));
        Assert.Equal(CsvCodes.Encoding, error.Code);
        Assert.Equal(paths.StoreMetaFile, error.File);
        Assert.Equal(2, error.Row);
    }

    [Fact]
    public void Inputs_ShortRow_IsCsvRowShape()
    {
        using var t = new SmallPlan
        {
            Recs = SmallPlan.RecsHeader + "G1,[夏],T恤,POLO衫,夏,男,前台,3,\"b01,b02\",2,,\n",
            Meta = SmallPlan.MetaHeader + "b01,s1,Street,0.5,100\nb02,s2,Mall,0.5\n",
            Sales = SmallPlan.SalesHeader + "b01,T恤,POLO衫,1\nb02,T恤,POLO衫,1\n",
        };
        var paths = t.Paths();
        var error = Expect.Error(() => RetailInputs.Load(SmallPlan.Period, paths));
        Assert.Equal(CsvCodes.RowShape, error.Code);
        Assert.Equal(paths.StoreMetaFile, error.File);
        Assert.Equal(2, error.Row);
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
        foreach (var f in files.Where(f => f != PipelineManifest.FileName))
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(t.Sub("out1"), f!)), File.ReadAllBytes(Path.Combine(t.Sub("out4"), f!)));
        }

        // The manifest names where the outputs are (the pipeline's file_path), so it differs by exactly that.
        Assert.Equal(
            File.ReadAllText(Path.Combine(t.Sub("out1"), PipelineManifest.FileName)).Replace("out1", "out4", StringComparison.Ordinal),
            File.ReadAllText(Path.Combine(t.Sub("out4"), PipelineManifest.FileName)));
    }

    /// <summary>
    /// Thirteenth session: a store file that already carries Step 32's columns (an earlier run's merged file fed back as
    /// the Step 33 store file) gave a merged file with every <c>step32_units…</c> header twice, the earlier run's values
    /// first, so a reader taking the first column by name got the old allocation. Step 32's own columns are replaced.
    /// </summary>
    [Fact]
    public void MergeIntoStorePlugin_StoreFileAlreadyMerged_EarlierRunsColumnsAreReplacedNotRepeated()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        FixtureRun.Allocate(t, 'A', "first");
        var merged = Path.Combine(t.Sub("first"), StorePluginMerger.FileName("202509A"));
        var fresh = new AllocationParameters { MaxPerStore = 3 };
        FixtureRun.Allocate(t, 'A', "again", parameters: fresh, paths: p => p with { StoreMetaFile = merged });
        FixtureRun.Allocate(t, 'A', "plain", parameters: fresh);

        var again = Path.Combine(t.Sub("again"), StorePluginMerger.FileName("202509A"));
        using (var csv = CsvSource.Open(again))
        {
            Assert.Equal(csv.Header.Count, csv.Header.Distinct(StringComparer.Ordinal).Count());
        }

        // The same file as a run on the original store file: the earlier run's numbers are gone.
        Assert.Equal(File.ReadAllBytes(Path.Combine(t.Sub("plain"), StorePluginMerger.FileName("202509A"))), File.ReadAllBytes(again));
        Assert.NotEqual(File.ReadAllBytes(merged), File.ReadAllBytes(again));
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
    public void Manifest_PipelineShape_RegistersUnderStep32_KeepsOtherSteps_ReadableByGetLatestOutput()
    {
        // Issue #11: the first release wrote a flat "outputs" map the pipeline's get_latest_output could not read
        // (this test asserted that shape); it now follows the pipeline's own manifest.
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        t.File("out/pipeline_manifest.json", """
            {"created": "2025-08-30T10:00:00.000000", "last_updated": "2025-08-30T10:00:00.000000", "current_session": "20250830_100000",
             "pipeline": "fast_fish",
             "steps": {"step18": {"outputs": {"sell_through_analysis_202509A": {"file_path": "output/x.csv", "created": "2025-08-30T10:00:00", "exists": true, "size_mb": 1.5, "metadata": {"period_label": "202509A"}}}}}}
            """);
        var summary = FixtureRun.Allocate(t, 'A');
        FixtureRun.Allocate(t, 'B');
        var manifest = JsonNode.Parse(File.ReadAllText(t.Sub("out/pipeline_manifest.json")))!.AsObject();
        Assert.Equal("fast_fish", manifest["pipeline"]!.GetValue<string>());
        Assert.Equal("2025-08-30T10:00:00.000000", manifest["created"]!.GetValue<string>());
        Assert.Equal("20250830_100000", manifest["current_session"]!.GetValue<string>());
        Assert.Equal("2025-09-01T08:00:00.000000", manifest["last_updated"]!.GetValue<string>());
        Assert.Equal("output/x.csv", manifest["steps"]!["step18"]!["outputs"]!["sell_through_analysis_202509A"]!["file_path"]!.GetValue<string>());

        var entry = manifest["steps"]!["step32"]!["outputs"]!["store_level_recommendations_allocated_202509A"]!.AsObject();
        Assert.Equal(["file_path", "created", "exists", "size_mb", "metadata"], entry.Select(p => p.Key));
        Assert.True(entry["exists"]!.GetValue<bool>());
        var metadata = entry["metadata"]!;
        Assert.Equal("202509A", metadata["period_label"]!.GetValue<string>());
        Assert.Equal(summary.Outputs[0].Rows, metadata["rows"]!.GetValue<long>());

        // The pipeline's reader: get_latest_output("step32", key_prefix, period_label).
        var pickA = GetLatestOutput(manifest, "step32", "store_level_recommendations_allocated", "202509A");
        var pickB = GetLatestOutput(manifest, "step32", "store_level_recommendations_allocated", "202509B");
        Assert.NotNull(pickA);
        Assert.NotNull(pickB);
        Assert.True(File.Exists(pickA), pickA);
        Assert.EndsWith(PickListWriter.FileName("202509B"), pickB, StringComparison.Ordinal);
        Assert.Equal(Allot.Data.Publishing.DeterminismReceipt.FileSha256Hex(pickA), metadata["sha256"]!.GetValue<string>());
        Assert.NotNull(GetLatestOutput(manifest, "step32", "allocation_reconciliation", "202509B"));
        Assert.NotNull(GetLatestOutput(manifest, "step32", "store_level_plugin_output_step32", "202509A"));
        Assert.Null(GetLatestOutput(manifest, "step32", "store_level_recommendations_allocated", "202510A"));
        Assert.Equal(GetLatestOutput(manifest, "step32", "store_level_recommendations_allocated", "202509A"), PipelineManifest.LatestOutput(manifest, "step32", "store_level_recommendations_allocated", "202509A"));
    }

    [Fact]
    public void ReRunWithoutXlsxOrMerge_RemovesTheEarlierRunsWorkbookAndMergedFile_AndTheirEntries_OtherPeriodsKept()
    {
        // Found by hand: a re-run of the period with other parameters and without --xlsx / --merge-into-store-plugin
        // left the first run's workbook and merged store file in the folder and registered for the period, so
        // get_latest_output and a planner opening the workbook saw the old allocation, and validate said nothing.
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var both = new RunOptions { Threads = 1, Xlsx = true, MergeIntoStorePlugin = true };
        FixtureRun.Allocate(t, 'A', options: both);
        FixtureRun.Allocate(t, 'B', options: both);
        var dir = t.Sub("out");
        var summary = FixtureRun.Allocate(t, 'A', options: new RunOptions { Threads = 1 }, parameters: new AllocationParameters { MaxPerStore = 5 });

        Assert.False(File.Exists(Path.Combine(dir, PickListWorkbook.FileName("202509A"))));
        Assert.False(File.Exists(Path.Combine(dir, StorePluginMerger.FileName("202509A"))));
        Assert.True(File.Exists(Path.Combine(dir, PickListWorkbook.FileName("202509B"))));
        Assert.True(File.Exists(Path.Combine(dir, StorePluginMerger.FileName("202509B"))));
        Assert.Equal(2, summary.Notes!.Count(n => n.StartsWith("removed ", StringComparison.Ordinal)));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, PipelineManifest.FileName)))!.AsObject();
        Assert.Null(GetLatestOutput(manifest, "step32", "store_level_plugin_output_step32", "202509A"));
        Assert.Null(GetLatestOutput(manifest, "step32", "xlsx_store_level_recommendations_allocated", "202509A"));
        Assert.NotNull(GetLatestOutput(manifest, "step32", "store_level_plugin_output_step32", "202509B"));
        Assert.NotNull(GetLatestOutput(manifest, "step32", "xlsx_store_level_recommendations_allocated", "202509B"));
        PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), dir);
        PickListValidator.Validate(TargetPeriod.Parse("202509", "B"), dir);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir, ".*"));

        // A folder left that way by an earlier release: validate names the stale file.
        File.Copy(Path.Combine(dir, StorePluginMerger.FileName("202509B")), Path.Combine(dir, StorePluginMerger.FileName("202509A")));
        var error = Expect.Error(() => PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), dir));
        Assert.Equal(RetailErrorCodes.ValidationFailed, error.Code);
        Assert.Contains("an earlier run's", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_FoundThroughTheManifest_Step18ThenStep14_ElseDiscovery()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var input = t.Sub("in");
        // Files under names discovery would never pick, registered the way Steps 18 and 14 do.
        File.Copy(Path.Combine(input, "output/fast_fish_with_trends_business_enriched_202509A.csv"), Path.Combine(input, "output/step18_run7_202509A.csv"));
        File.Copy(Path.Combine(input, "output/enhanced_fast_fish_format_202509B.csv"), Path.Combine(input, "output/step14_run7_202509B.csv"));
        File.WriteAllText(Path.Combine(input, "output/pipeline_manifest.json"), """
            {"steps": {
              "step18": {"outputs": {"sell_through_analysis_202509A": {"file_path": "output/step18_run7_202509A.csv", "created": "2025-08-30T10:00:00"},
                                     "sell_through_analysis_202509B": {"file_path": "output/gone_202509B.csv", "created": "2025-08-30T10:00:00"}}},
              "step14": {"outputs": {"enhanced_fast_fish_format_202509B": {"file_path": "output/step14_run7_202509B.csv", "created": "2025-08-29T10:00:00", "metadata": {"period_label": "202509B"}}}}}}
            """);
        var a = RetailInputs.Load(TargetPeriod.Parse("202509", "A"), new InputPaths { InputDir = input });
        Assert.EndsWith("step18_run7_202509A.csv", a.Files[0].Path, StringComparison.Ordinal);
        Assert.Equal("pipeline manifest, step18 (sell_through_analysis…, 202509A)", a.GroupRecommendationsSource!.FoundBy);
        var b = RetailInputs.Load(TargetPeriod.Parse("202509", "B"), new InputPaths { InputDir = input });
        Assert.EndsWith("step14_run7_202509B.csv", b.Files[0].Path, StringComparison.Ordinal);
        Assert.Equal("pipeline manifest, step14 (enhanced_fast_fish_format…, 202509B)", b.GroupRecommendationsSource!.FoundBy);

        // A registered file that is gone, and nothing else registered: discovery, and the planner is told why.
        File.Delete(Path.Combine(input, "output/step14_run7_202509B.csv"));
        var stale = RetailInputs.Load(TargetPeriod.Parse("202509", "B"), new InputPaths { InputDir = input }).GroupRecommendationsSource!;
        Assert.EndsWith("enhanced_fast_fish_format_202509B.csv", stale.Path, StringComparison.Ordinal);
        Assert.Equal("newest *fast_fish_format*202509B*.csv; the pipeline manifest's step18 entry (sell_through_analysis…, 202509B) names output/gone_202509B.csv, which does not exist", stale.FoundBy);
        Assert.Equal("--group-recs-file", RetailInputs.Load(TargetPeriod.Parse("202509", "B"), new InputPaths { InputDir = input, GroupRecsFile = stale.Path }).GroupRecommendationsSource!.FoundBy);

        // Nothing registered for the period (or the manifest is gone): discovery as before.
        File.WriteAllText(Path.Combine(input, "output/pipeline_manifest.json"), """{"steps": {"step18": {"outputs": {}}}}""");
        var discovered = RetailInputs.Load(TargetPeriod.Parse("202509", "A"), new InputPaths { InputDir = input }).GroupRecommendationsSource!;
        Assert.EndsWith("fast_fish_with_trends_business_enriched_202509A.csv", discovered.Path, StringComparison.Ordinal);
        Assert.Equal("newest *with_trends_business_enriched*202509A*.csv", discovered.FoundBy);
    }

    /// <summary>
    /// Thirteenth session: <c>get_latest_output</c> drops candidates whose <c>file_path</c> is empty before it takes the
    /// newest; Allot took the newest entry and then found its empty path unusable, so an older valid registration was
    /// never seen (the run fell through to the next step's entry or to discovery).
    /// </summary>
    [Fact]
    public void Manifest_LatestOutput_AnEntryWithAnEmptyPath_DoesNotHideAnOlderOne_AsThePipelinesReader()
    {
        var manifest = JsonNode.Parse("""
            {"steps": {"step18": {"outputs": {
              "sell_through_analysis_202509A": {"file_path": "output/old_202509A.csv", "created": "2025-08-30T10:00:00"},
              "sell_through_analysis_202509A_retry": {"file_path": "", "created": "2025-08-31T10:00:00", "metadata": {"period_label": "202509A"}}}}}}
            """)!.AsObject();
        Assert.Equal("output/old_202509A.csv", GetLatestOutput(manifest, "step18", "sell_through_analysis", "202509A"));
        Assert.Equal(GetLatestOutput(manifest, "step18", "sell_through_analysis", "202509A"), PipelineManifest.LatestOutput(manifest, "step18", "sell_through_analysis", "202509A"));
    }

    /// <summary>
    /// The pipeline's <c>get_latest_output(step_name, key_prefix, period_label)</c>, written from its contract as the
    /// test's own reader: outputs of the step whose key starts with the prefix and whose key or
    /// <c>metadata.period_label</c> ends with the period label; the file path with the greatest <c>created</c>.
    /// </summary>
    private static string? GetLatestOutput(JsonObject manifest, string step, string? keyPrefix, string? periodLabel)
    {
        var outputs = manifest["steps"]?[step]?["outputs"] as JsonObject;
        var candidates = new List<(string Created, string Path)>();
        foreach (var (key, value) in outputs ?? [])
        {
            if (value is not JsonObject v || (keyPrefix is not null && !key.StartsWith(keyPrefix, StringComparison.Ordinal)))
            {
                continue;
            }

            var label = v["metadata"]?["period_label"]?.ToString() ?? string.Empty;
            if (periodLabel is not null && !(key.EndsWith(periodLabel, StringComparison.Ordinal) || label.EndsWith(periodLabel, StringComparison.Ordinal)))
            {
                continue;
            }

            if (v["file_path"]?.GetValue<string>() is { Length: > 0 } path)
            {
                candidates.Add((v["created"]?.ToString() ?? string.Empty, path));
            }
        }

        return candidates.Count == 0 ? null : candidates.OrderBy(c => c.Created, StringComparer.Ordinal).Last().Path;
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

    /// <summary>
    /// Thirteenth session: a manifest that gives a key twice (<c>{"steps": {}, "steps": {}}</c>, two registrations pasted
    /// together) crashed <c>allocate</c> with E_INTERNAL (exit 70) and would have crashed <c>validate</c>: the JSON parser
    /// accepted it and the object threw when read. It is a bad manifest (allocate, <c>--pipeline-manifest</c>) and a
    /// finding (validate), naming the key.
    /// </summary>
    [Fact]
    public void Manifest_KeyGivenTwice_IsBadManifest_ForAllocateAndPipelineManifest_AndAFindingForValidate()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        const string Twice = "{\"steps\": {}, \"steps\": {}}";
        t.File("out/pipeline_manifest.json", Twice);
        var error = Expect.Error(() => FixtureRun.Allocate(t, 'A'));
        Assert.Equal(RetailErrorCodes.BadManifest, error.Code);
        Assert.Contains("steps", error.Message, StringComparison.Ordinal);
        Assert.Equal(["pipeline_manifest.json"], Directory.GetFileSystemEntries(t.Sub("out")).Select(Path.GetFileName));

        var named = t.File("given.json", Twice);
        var given = Expect.Error(() => FixtureRun.Allocate(t, 'A', "out2", paths: p => p with { PipelineManifestFile = named }));
        Assert.Equal(RetailErrorCodes.BadManifest, given.Code);

        File.Delete(t.Sub("out/pipeline_manifest.json"));
        FixtureRun.Allocate(t, 'A');
        var manifest = t.Sub("out/pipeline_manifest.json");
        var text = File.ReadAllText(manifest);
        File.WriteAllText(manifest, text.Insert(text.IndexOf('{', StringComparison.Ordinal) + 1, "\"steps\": {},"));
        var finding = Expect.Error(() => PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), t.Sub("out")));
        Assert.Equal(RetailErrorCodes.ValidationFailed, finding.Code);
        Assert.Contains("pipeline_manifest.json", finding.Message, StringComparison.Ordinal);
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
