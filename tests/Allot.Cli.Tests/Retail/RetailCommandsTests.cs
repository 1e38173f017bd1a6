namespace Allot.Cli.Tests.Retail;

public class RetailCommandsTests
{
    private static string[] Allocate(RetailCliHarness h, string half, params string[] extra) =>
        ["retail", "allocate", "--target-yyyymm", "202509", "--target-period", half, "--input-dir", h.Path("in"), "--output-dir", h.Path("out"), .. extra];

    private static void Fixtures(RetailCliHarness h)
    {
        var (exit, stdout, stderr) = h.Run("retail", "fixtures", "--output-dir", h.Path("in"), "--stores", "80", "--rows", "30", "--seed", "5");
        Assert.True(exit == 0, stderr);
        Assert.Contains("store_level_plugin_output.csv", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AllotCli_RegistersRetailCommands()
    {
        var retail = AllotCli.Build().Subcommands.Single(c => c.Name == "retail");
        Assert.Equal(["allocate", "validate", "fixtures", "diff"], retail.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public void FixturesAllocateValidate_BothPeriods_ExitZero()
    {
        using var h = new RetailCliHarness();
        Fixtures(h);
        foreach (var half in new[] { "A", "B" })
        {
            var (exit, stdout, stderr) = h.Run(Allocate(h, half, "--merge-into-store-plugin", "--threads", "2"));
            var completed = RetailCliHarness.CompletedExit(h.Path("out"), $"202509{half}");
            Assert.True(exit == completed, stderr);
            Assert.Contains($"period 202509{half}:", stdout, StringComparison.Ordinal);
            Assert.Contains(completed == 6 ? "COMPLETED WITH WARNINGS" : "all checks pass", stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(h.Path($"out/store_level_recommendations_allocated_202509{half}.csv")));
            Assert.True(File.Exists(h.Path($"out/allocation_reconciliation_202509{half}.json")));
            Assert.True(File.Exists(h.Path($"out/allocation_spot_check_202509{half}.html")));
            Assert.True(File.Exists(h.Path($"out/allocation_heatmap_202509{half}.svg")));
            var validate = h.Run("retail", "validate", "--target-yyyymm", "202509", "--target-period", half, "--output-dir", h.Path("out"));
            Assert.True(validate.Exit == completed, validate.Stderr);
            Assert.Contains("re-derivation identical", validate.Stdout, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(h.Path("out/pipeline_manifest.json")));
    }

    [Fact]
    public void EnvironmentParameters_AreUsed_AndSetOverridesThem()
    {
        using var h = new RetailCliHarness();
        Fixtures(h);
        h.Environment["ALLOC_MAX_PER_STORE"] = "3";
        Assert.Contains(h.Run(Allocate(h, "A", "--set", "ALLOC_MIN_STORES=2")).Exit, new[] { 0, 6 });
        var first = File.ReadAllText(h.Path("out/allocation_reconciliation_202509A.json"));
        Assert.Contains("\"ALLOC_MAX_PER_STORE\": \"3\"", first, StringComparison.Ordinal);
        Assert.Contains("\"ALLOC_MIN_STORES\": \"2\"", first, StringComparison.Ordinal);
        Assert.Contains(h.Run(Allocate(h, "A", "--set", "ALLOC_MAX_PER_STORE=4")).Exit, new[] { 0, 6 });
        Assert.Contains("\"ALLOC_MAX_PER_STORE\": \"4\"", File.ReadAllText(h.Path("out/allocation_reconciliation_202509A.json")), StringComparison.Ordinal);
        Assert.Contains(h.Run(Allocate(h, "A", "--set", "ALLOC_MAX_PER_STORE=4", "--alloc-max-per-store", "6", "--capacity-max-util", "0.8")).Exit, new[] { 0, 6 });
        var recon = File.ReadAllText(h.Path("out/allocation_reconciliation_202509A.json"));
        Assert.Contains("\"ALLOC_MAX_PER_STORE\": \"6\"", recon, StringComparison.Ordinal);
        Assert.Contains("\"CAPACITY_MAX_UTIL\": \"0.8\"", recon, StringComparison.Ordinal);
        var bad = h.Run(Allocate(h, "A", "--alloc-alpha-sales", "x"));
        Assert.Equal(2, bad.Exit);
        Assert.Contains("ALLOC_ALPHA_SALES", bad.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("env", "E_RETAIL_BAD_PARAMETER", 2)]
    [InlineData("set", "E_RETAIL_BAD_PARAMETER", 2)]
    [InlineData("method", "E_RETAIL_BAD_PARAMETER", 2)]
    [InlineData("relax-caps", "E_RETAIL_BAD_PARAMETER", 2)]
    [InlineData("strict-and-unlimited", "E_RETAIL_BAD_PARAMETER", 2)]
    [InlineData("relax-env", "E_RETAIL_BAD_PARAMETER", 2)]
    [InlineData("period", "E_RETAIL_BAD_PERIOD", 2)]
    [InlineData("column", "E_RETAIL_MISSING_COLUMN", 3)]
    [InlineData("empty-group", "E_RETAIL_EMPTY_GROUP", 3)]
    [InlineData("no-input", "E_RETAIL_NO_INPUT_FILE", 3)]
    public void Failures_ExitNonZeroWithCode_AndLeaveNoOutput(string problem, string code, int expectedExit)
    {
        using var h = new RetailCliHarness();
        Fixtures(h);
        var recs = h.Path("in/output/fast_fish_with_trends_business_enriched_202509A.csv");
        var args = Allocate(h, "A");
        switch (problem)
        {
            case "env":
                h.Environment["ALLOC_ALPHA_SALES"] = "abc";
                break;
            case "set":
                args = Allocate(h, "A", "--set", "ALLOC_MAX_PER_STORE=-3");
                break;
            case "method":
                args = Allocate(h, "A", "--method", "ilp");
                break;
            case "relax-caps":
                args = Allocate(h, "A", "--relax-caps", "some");
                break;
            case "strict-and-unlimited":
                args = Allocate(h, "A", "--strict-caps", "--relax-caps", "unlimited");
                break;
            case "relax-env":
                h.Environment["ALLOC_MAX_RELAX_PER_STORE"] = "-1";
                break;
            case "period":
                args = ["retail", "allocate", "--target-yyyymm", "202509", "--target-period", "C", "--input-dir", h.Path("in"), "--output-dir", h.Path("out")];
                break;
            case "column":
                File.WriteAllText(recs, File.ReadAllText(recs).Replace("Store_Group_Name", "Group", StringComparison.Ordinal));
                break;
            case "empty-group":
                var lines = File.ReadAllLines(recs);
                File.WriteAllLines(recs, [.. lines, "G9,[夏],T恤,POLO衫,夏,男,前台,5,\"[]\",0,1,1,strong,1,1"]);
                break;
            default:
                File.Delete(h.Path("in/output/store_tags_202509A.csv"));
                break;
        }

        var (exit, _, stderr) = h.Run(args);
        Assert.Equal(expectedExit, exit);
        Assert.Contains(code, stderr, StringComparison.Ordinal);
        if (problem == "env")
        {
            Assert.Contains("ALLOC_ALPHA_SALES", stderr, StringComparison.Ordinal);
        }

        if (problem is "column" or "empty-group")
        {
            Assert.Contains(recs, stderr, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(h.Path("out")));
    }

    [Fact]
    public void Validate_TamperedPickList_ExitsFour()
    {
        using var h = new RetailCliHarness();
        Fixtures(h);
        var run = h.Run(Allocate(h, "B")).Exit;
        Assert.Equal(RetailCliHarness.CompletedExit(h.Path("out"), "202509B"), run);
        var pick = h.Path("out/store_level_recommendations_allocated_202509B.csv");
        var lines = File.ReadAllLines(pick).ToList();
        lines.RemoveAt(2);
        File.WriteAllLines(pick, lines);
        var (exit, _, stderr) = h.Run("retail", "validate", "--target-yyyymm", "202509", "--target-period", "B", "--output-dir", h.Path("out"));
        Assert.Equal(4, exit);
        Assert.Contains("E_RETAIL_VALIDATION_FAILED", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "bounded")]
    [InlineData(new[] { "--strict-caps" }, "none")]
    [InlineData(new[] { "--relax-caps", "none" }, "none")]
    [InlineData(new[] { "--relax-caps", "UNLIMITED" }, "unlimited")]
    [InlineData(new[] { "--strict-caps", "--relax-caps", "none" }, "none")]
    public void RelaxCaps_FlagsChooseTheMode_ReportedInReconciliation_JsonShowsWarningState(string[] flags, string mode)
    {
        using var h = new RetailCliHarness();
        Fixtures(h);
        var (exit, stdout, stderr) = h.Run(Allocate(h, "A", [.. flags, "--json"]));
        var completed = RetailCliHarness.CompletedExit(h.Path("out"), "202509A");
        Assert.True(exit == completed, stderr);
        var recon = File.ReadAllText(h.Path("out/allocation_reconciliation_202509A.json"));
        Assert.Contains($"\"relax_caps\": \"{mode}\"", recon, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal(completed == 6 ? "warnings" : "ok", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(completed, json.RootElement.GetProperty("exit_code").GetInt32());
        var totals = json.RootElement.GetProperty("totals");
        Assert.Equal(completed == 6, totals.GetProperty("rows_with_warnings").GetInt64() > 0);
        if (mode == "none")
        {
            Assert.Equal(0, totals.GetProperty("relaxed_units").GetInt64());
        }
    }

    [Fact]
    public void WithinEveryCap_ExitZero_AllChecksPass()
    {
        // Generous caps: nothing is relaxed and nothing is left, so the run is clean.
        using var h = new RetailCliHarness();
        Fixtures(h);
        var (exit, stdout, stderr) = h.Run(Allocate(h, "A", "--alloc-max-per-store", "1000", "--alloc-headroom-unit-scale", "1000", "--capacity-max-util", "100"));
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("all checks pass", stdout, StringComparison.Ordinal);
        Assert.Equal("ok", RetailCliHarness.Status(h.Path("out"), "202509A"));
    }

    [Fact]
    public void MethodJoint_AllocatesAndValidates_ReportsCapsAsHard_AndBindingCapacities()
    {
        using var h = new RetailCliHarness();
        Fixtures(h);
        var (exit, stdout, stderr) = h.Run(Allocate(h, "A", "--method", "joint", "--alloc-max-per-store-period", "40"));
        Assert.True(exit == RetailCliHarness.CompletedExit(h.Path("out"), "202509A"), stderr);
        Assert.Contains("0 relaxed units", stdout, StringComparison.Ordinal);
        var recon = File.ReadAllText(h.Path("out/allocation_reconciliation_202509A.json"));
        Assert.Contains("\"method\": \"joint\"", recon, StringComparison.Ordinal);
        Assert.Contains("\"relax_caps\": \"none\"", recon, StringComparison.Ordinal);
        Assert.Contains("\"ALLOC_MAX_PER_STORE_PERIOD\": \"40\"", recon, StringComparison.Ordinal);
        Assert.Contains("\"binding_store_capacities\"", recon, StringComparison.Ordinal);
        var validate = h.Run("retail", "validate", "--target-yyyymm", "202509", "--target-period", "A", "--output-dir", h.Path("out"));
        Assert.True(validate.Exit == exit, validate.Stderr);
        Assert.Contains("re-derivation identical", validate.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void PacksMinimumAndExclusionList_AllocateAndValidate()
    {
        using var h = new RetailCliHarness();
        Fixtures(h);
        File.WriteAllText(h.Path("exclude.csv"), "store_code,period\n01001,\n01002,202509A\n");
        var (exit, _, stderr) = h.Run(Allocate(h, "A", "--exclude-stores-file", h.Path("exclude.csv"), "--set", "ALLOC_PACK_SIZE=2", "--set", "ALLOC_PRESENTATION_MIN=3"));
        Assert.True(exit == RetailCliHarness.CompletedExit(h.Path("out"), "202509A"), stderr);
        var pick = File.ReadAllText(h.Path("out/store_level_recommendations_allocated_202509A.csv"));
        Assert.DoesNotContain("\n01001,", pick, StringComparison.Ordinal);
        Assert.DoesNotContain("\n01002,", pick, StringComparison.Ordinal);
        Assert.Contains("\"role\": \"exclude_stores\"", File.ReadAllText(h.Path("out/allocation_reconciliation_202509A.json")), StringComparison.Ordinal);
        var validate = h.Run("retail", "validate", "--target-yyyymm", "202509", "--target-period", "A", "--output-dir", h.Path("out"));
        Assert.True(validate.Exit == exit, validate.Stderr);
        // Joint takes packs (ninth session) and validates; a presentation minimum it cannot express is refused.
        var joint = h.Run(Allocate(h, "A", "--method", "joint", "--set", "ALLOC_PACK_SIZE=2").Select(a => a == h.Path("out") ? h.Path("joint") : a).ToArray());
        Assert.True(joint.Exit == RetailCliHarness.CompletedExit(h.Path("joint"), "202509A"), joint.Stderr);
        var quantities = Allot.Data.Tables.TableReader.Read(h.Path("joint/store_level_recommendations_allocated_202509A.csv")).Column("Delta_Qty_Store");
        Assert.NotEmpty(quantities);
        Assert.All(quantities, q => Assert.Equal(0, long.Parse(q!, System.Globalization.CultureInfo.InvariantCulture) % 2));
        var validateJoint = h.Run("retail", "validate", "--target-yyyymm", "202509", "--target-period", "A", "--output-dir", h.Path("joint"));
        Assert.True(validateJoint.Exit == joint.Exit, validateJoint.Stderr);
        var minimum = h.Run(Allocate(h, "A", "--method", "joint", "--set", "ALLOC_PRESENTATION_MIN=3"));
        Assert.Equal(2, minimum.Exit);
        Assert.Contains("E_RETAIL_BAD_PARAMETER", minimum.Stderr, StringComparison.Ordinal);
        Assert.Contains("ALLOC_PRESENTATION_MIN", minimum.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_TwoParameterSets_TextAndHtml_ExitZero()
    {
        using var h = new RetailCliHarness();
        Fixtures(h);
        h.Run(["retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--input-dir", h.Path("in"), "--output-dir", h.Path("run1"), "--xlsx"]);
        h.Run(["retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--input-dir", h.Path("in"), "--output-dir", h.Path("run2"), "--alloc-max-per-store", "6"]);
        Assert.True(File.Exists(h.Path("run1/store_level_recommendations_allocated_202509A.xlsx")));
        var (exit, stdout, stderr) = h.Run("retail", "diff", h.Path("run1"), h.Path("run2"), "--html", h.Path("diff.html"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("line(s) changed in", stdout, StringComparison.Ordinal);
        Assert.Contains("<table id=\"rows\">", File.ReadAllText(h.Path("diff.html")), StringComparison.Ordinal);
        var same = h.Run("retail", "diff", h.Path("run1"), h.Path("run1"), "--target-yyyymm", "202509", "--target-period", "A");
        Assert.Contains("identical allocations", same.Stdout, StringComparison.Ordinal);
        var missing = h.Run("retail", "diff", h.Path("run1"), h.Path("nowhere"));
        Assert.Equal(3, missing.Exit);
        Assert.Contains("E_RETAIL_FILE_UNREADABLE", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_HtmlNamingAFileOfEitherRun_IsRefused_AndTheRunIsUntouched()
    {
        // Found by hand: --html naming run A's pick list replaced it with the diff page and exited 0.
        using var h = new RetailCliHarness();
        Fixtures(h);
        h.Run(["retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--input-dir", h.Path("in"), "--output-dir", h.Path("run1"), "--xlsx"]);
        h.Run(["retail", "allocate", "--target-yyyymm", "202509", "--target-period", "A", "--input-dir", h.Path("in"), "--output-dir", h.Path("run2")]);
        var before = Directory.GetFiles(h.Path("run1")).Concat(Directory.GetFiles(h.Path("run2"))).ToDictionary(f => f, File.ReadAllBytes);
        foreach (var target in new[] { "run1/store_level_recommendations_allocated_202509A.csv", "run1/store_level_recommendations_allocated_202509A.xlsx", "run2/pipeline_manifest.json", "run2/allocation_spot_check_202509A.html" })
        {
            var (exit, stdout, stderr) = h.Run("retail", "diff", h.Path("run1"), h.Path("run2"), "--html", h.Path(target));
            Assert.True(exit == 2, stderr);
            Assert.Contains("E_OUTPUT_IS_INPUT", stderr, StringComparison.Ordinal);
            Assert.Empty(stdout);
        }

        Assert.All(before, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
        var beside = h.Run("retail", "diff", h.Path("run1"), h.Path("run2"), "--html", h.Path("run1/diff.html"));
        Assert.True(beside.Exit == 0, beside.Stderr);
    }

    [Fact]
    public void AnOutputThatNamesAnInput_IsRefused_AndTheInputIsKept_DiffHtml_Report_Allocate()
    {
        // Found by hand: `retail diff A B --html A/<pick list>` and `report --output <pick list>` replaced the pick list
        // they read with an HTML page (exit 0); `--store-meta-file` named like the merged store output was overwritten.
        using var h = new RetailCliHarness();
        Fixtures(h);
        h.Run(Allocate(h, "A"));
        var pick = h.Path("out/store_level_recommendations_allocated_202509A.csv");
        var digest = Allot.Data.Publishing.DeterminismReceipt.FileSha256Hex(pick);

        var diff = h.Run("retail", "diff", h.Path("out"), h.Path("out"), "--html", pick);
        Assert.True(diff.Exit == 2, diff.Stderr);
        Assert.Contains("E_OUTPUT_IS_INPUT", diff.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, diff.Stdout);

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var root = new System.CommandLine.RootCommand("test");
        root.Subcommands.Add(Allot.Cli.Commands.ReportCommand.Create());
        var report = root.Parse(["report", "--output", pick, "--retail-output-dir", h.Path("out"), "--retail-period", "202509A"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr });
        Assert.True(report == 2, stderr.ToString());
        Assert.Contains("E_OUTPUT_IS_INPUT", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(digest, Allot.Data.Publishing.DeterminismReceipt.FileSha256Hex(pick));

        var meta = h.Path("out/store_level_plugin_output_step32_202509A.csv");
        File.Copy(h.Path("in/output/store_level_plugin_output.csv"), meta);
        var metaDigest = Allot.Data.Publishing.DeterminismReceipt.FileSha256Hex(meta);
        foreach (var merge in new[] { true, false })
        {
            var run = h.Run(Allocate(h, "A", merge ? ["--store-meta-file", meta, "--merge-into-store-plugin"] : ["--store-meta-file", meta]));
            Assert.True(run.Exit == 2, run.Stderr);
            Assert.Contains("E_OUTPUT_IS_INPUT", run.Stderr, StringComparison.Ordinal);
            Assert.Contains("store_meta", run.Stderr, StringComparison.Ordinal);
            Assert.Equal(metaDigest, Allot.Data.Publishing.DeterminismReceipt.FileSha256Hex(meta));
        }

        Assert.Equal(digest, Allot.Data.Publishing.DeterminismReceipt.FileSha256Hex(pick));
    }

    [Fact]
    public void Validate_Json_OneLineWithStatusWord_AndWorkersOption_ThreadsAlias()
    {
        using var h = new RetailCliHarness();
        Fixtures(h);
        var (exit, _, stderr) = h.Run(Allocate(h, "A", "--workers", "2", "--quiet"));
        var completed = RetailCliHarness.CompletedExit(h.Path("out"), "202509A");
        Assert.True(exit == completed, stderr);
        Assert.Equal(completed, h.Run(Allocate(h, "A", "--threads", "2", "--quiet")).Exit);
        var validate = h.Run("retail", "validate", "--target-yyyymm", "202509", "--target-period", "A", "--output-dir", h.Path("out"), "--json");
        Assert.True(validate.Exit == completed, validate.Stderr);
        var line = Assert.Single(validate.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal(completed == 6 ? "warnings" : "ok", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(completed, json.RootElement.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public void Validate_HeatmapDeleted_Fails()
    {
        using var h = new RetailCliHarness();
        Fixtures(h);
        h.Run(Allocate(h, "A", "--quiet"));
        File.Delete(h.Path("out/allocation_heatmap_202509A.svg"));
        var validate = h.Run("retail", "validate", "--target-yyyymm", "202509", "--target-period", "A", "--output-dir", h.Path("out"));
        Assert.NotEqual(0, validate.Exit);
        Assert.NotEqual(6, validate.Exit);
        Assert.Contains("E_RETAIL_VALIDATION_FAILED", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains("allocation_heatmap_202509A.svg", validate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void FixturesAndDiff_Json_OneLineOk()
    {
        using var h = new RetailCliHarness();
        var fixtures = h.Run("retail", "fixtures", "--output-dir", h.Path("in"), "--stores", "40", "--rows", "10", "--seed", "3", "--json");
        Assert.True(fixtures.Exit == 0, fixtures.Stderr);
        using (var json = System.Text.Json.JsonDocument.Parse(Assert.Single(fixtures.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))))
        {
            Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
            Assert.True(json.RootElement.GetProperty("files").GetArrayLength() > 0);
        }

        h.Run(Allocate(h, "A", "--quiet"));
        var diff = h.Run("retail", "diff", h.Path("out"), h.Path("out"), "--json");
        Assert.True(diff.Exit == 0, diff.Stderr);
        using var d = System.Text.Json.JsonDocument.Parse(Assert.Single(diff.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("ok", d.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, d.RootElement.GetProperty("totals").GetProperty("lines_changed").GetInt64());
    }

    [Fact]
    public void Latin1ByteInInput_IsCsvEncoding_Exit3_NamingFileAndRow()
    {
        // Issue 9: this used to become U+FFFD in the pick list with exit 0.
        using var h = new RetailCliHarness();
        Fixtures(h);
        var meta = h.Path("in/output/store_level_plugin_output.csv");
        var bytes = File.ReadAllBytes(meta).ToList();
        var secondLine = bytes.IndexOf((byte)'\n') + 1;
        bytes.Insert(bytes.IndexOf((byte)',', secondLine) + 1, 0xE9);
        File.WriteAllBytes(meta, [.. bytes]);
        var (exit, _, stderr) = h.Run(Allocate(h, "A", "--quiet"));
        Assert.Equal(3, exit);
        Assert.Contains("E_CSV_ENCODING", stderr, StringComparison.Ordinal);
        Assert.Contains("store_level_plugin_output.csv", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(h.Path("out")));
    }

    [Fact]
    public void AMisspeltAllocEnvironmentVariable_IsNamedWithTheNearestParameter_AndTheRunGoesOn()
    {
        // Tried by hand: ALLOC_MAX_PER_STOR=5 left ALLOC_MAX_PER_STORE at 10 without a word (--set refuses the typo).
        using var h = new RetailCliHarness();
        Fixtures(h);
        h.Environment["ALLOC_MAX_PER_STOR"] = "5";
        h.Environment["ALLOC_SOMETHING_ELSE"] = "1";
        h.Environment["PATH_LIKE"] = "x"; // not ALLOC_: not ours to judge
        var (exit, _, stderr) = h.Run(Allocate(h, "A", "--quiet"));
        Assert.True(exit is 0 or 6, stderr);
        Assert.Contains("warning: environment variable ALLOC_MAX_PER_STOR is not a Step 32 parameter and was ignored (did you mean ALLOC_MAX_PER_STORE?)", stderr, StringComparison.Ordinal);
        Assert.Contains("warning: environment variable ALLOC_SOMETHING_ELSE is not a Step 32 parameter and was ignored\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("PATH_LIKE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void APipelineManifestNamedButMissingOrNotJson_IsAnError_NotSilentDiscovery()
    {
        // Tried by hand: a typo in --pipeline-manifest made the run fall back to file discovery without a word.
        using var h = new RetailCliHarness();
        Fixtures(h);
        var missing = h.Path("in/output/pipeline_manifst.json");
        var (exit, _, stderr) = h.Run(Allocate(h, "A", "--quiet", "--pipeline-manifest", missing));
        Assert.Equal(3, exit);
        Assert.Contains("E_RETAIL_NO_INPUT_FILE", stderr, StringComparison.Ordinal);
        Assert.Contains("pipeline_manifst.json", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(h.Path("out")));

        var broken = h.Path("in/broken_manifest.json");
        File.WriteAllText(broken, "[1, 2]");
        (exit, _, stderr) = h.Run(Allocate(h, "A", "--quiet", "--pipeline-manifest", broken));
        Assert.Equal(3, exit);
        Assert.Contains("E_RETAIL_BAD_MANIFEST", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(h.Path("out")));

        // Without the option an absent default manifest still means discovery.
        (exit, _, stderr) = h.Run(Allocate(h, "A", "--quiet"));
        Assert.True(exit is 0 or 6, stderr);
    }

    [Fact]
    public void RecommendationsSavedAsGbk_IsCsvEncoding_NamingGbk_AndNothingWritten()
    {
        // Chinese Excel's default "CSV" is GBK: the category names must not be read as something else.
        using var h = new RetailCliHarness();
        Fixtures(h);
        var recs = Directory.GetFiles(h.Path("in/output"), "*with_trends_business_enriched*202509A*.csv").Single();
        var text = File.ReadAllText(recs).TrimStart('\uFEFF');
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        File.WriteAllBytes(recs, System.Text.Encoding.GetEncoding("GB18030").GetBytes(text));
        var (exit, _, stderr) = h.Run(Allocate(h, "A", "--quiet"));
        Assert.Equal(3, exit);
        Assert.Contains("E_CSV_ENCODING", stderr, StringComparison.Ordinal);
        Assert.Contains("GBK/GB18030", stderr, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(recs), stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(h.Path("out")));
    }
}
