using Allot.Core.Errors;
using Allot.Data.Publishing;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Outputs;
using Allot.Retail.Reports;
using Allot.Retail.Tests.Support;
using Allot.Retail.Validation;

namespace Allot.Retail.Tests.Validation;

public class PickListValidatorTests
{
    [Fact]
    public void TamperedQuantity_IsValidationFailed()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var summary = FixtureRun.Allocate(t, 'A');
        var path = Path.Combine(summary.OutputDir, PickListWriter.FileName("202509A"));
        var lines = File.ReadAllLines(path).ToList();
        lines.RemoveAt(1);
        File.WriteAllLines(path, lines);
        var error = Expect.Error(() => PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), summary.OutputDir));
        Assert.Equal(RetailErrorCodes.ValidationFailed, error.Code);
        Assert.Contains("sums to", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Thirteenth session: a run that used one file for two inputs — the store tags file as <c>--clusters-file</c> (it
    /// has <c>cluster_id</c>), or one list as both <c>--exclude-stores-file</c> and <c>--include-stores-file</c> — was
    /// written and registered, and then <c>validate</c> stopped with E_INTERNAL (exit 70): the inputs were mapped back to
    /// their recorded paths by path, once per role.
    /// </summary>
    [Fact]
    public void ARunThatReadOneFileForTwoInputs_Validates()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var list = t.File("in/list.csv", "store_code\n01001\n");
        var summary = FixtureRun.Allocate(t, 'A', paths: p => p with
        {
            ClustersFile = t.Sub("in/output/store_tags_202509A.csv"),
            ExcludeStoresFile = list,
            IncludeStoresFile = list,
        });
        var verdict = PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), summary.OutputDir);
        Assert.True(verdict.Lines > 0);
    }

    [Theory]
    [InlineData("reconciliation", "not json", "the reconciliation is not one Step 32 wrote (JsonReaderException")]
    [InlineData("reconciliation", "{\"rows\":[]}", "the reconciliation is not one Step 32 wrote (KeyNotFoundException")]
    [InlineData("reconciliation", "residual as text", "the reconciliation is not one Step 32 wrote (InvalidOperationException")]
    [InlineData("pick list", "<!DOCTYPE html>\n", "the pick list is not one Step 32 wrote (E_RETAIL_MISSING_COLUMN")]
    [InlineData("pick list", "store_code,\"broken\n", "the pick list is not one Step 32 wrote (E_CSV_MALFORMED")]
    public void ADamagedRecord_IsAValidationFailure_NamingTheFile_NotACrash(string which, string content, string message)
    {
        // Found by hand: a reconciliation that is not JSON or lacks a field crashed validate (E_INTERNAL, exit 70),
        // and a pick list replaced by an HTML page was an input error (exit 3) rather than a failed validation.
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var summary = FixtureRun.Allocate(t, 'A');
        var file = Path.Combine(summary.OutputDir, which == "pick list" ? PickListWriter.FileName("202509A") : ReconciliationWriter.FileName("202509A"));
        // "residual as text": the real reconciliation with one number edited into a string.
        File.WriteAllText(file, content == "residual as text" ? new System.Text.RegularExpressions.Regex("\"residual\": -?[0-9]+").Replace(File.ReadAllText(file), "\"residual\": \"0\"", 1) : content);
        var error = Expect.Error(() => PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), summary.OutputDir));
        Assert.Equal(RetailErrorCodes.ValidationFailed, error.Code);
        Assert.Equal(ErrorClass.Validation, error.Class);
        Assert.Equal(file, error.File);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);

        if (which == "reconciliation")
        {
            // The run report reads the same record: an unreadable input there, named, not a crash either.
            var report = Expect.Error(() => RetailReportSection.Build(summary.OutputDir, TargetPeriod.Parse("202509", "A"), validate: false));
            Assert.Equal(RetailErrorCodes.FileUnreadable, report.Code);
            Assert.Contains("not a reconciliation Step 32 wrote", report.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ChangedInput_IsValidationFailed()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var summary = FixtureRun.Allocate(t, 'A');
        File.AppendAllText(t.Sub("in/output/store_level_plugin_output.csv"), "77777,x,Basic,0.5,\n");
        var error = Expect.Error(() => PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), summary.OutputDir));
        Assert.Equal(RetailErrorCodes.ValidationFailed, error.Code);
        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
    }

    // Issue 10 case 10: validate checks the whole set, not only the pick list and the reconciliation.
    [Theory]
    [InlineData("manifest-deleted", "pipeline_manifest.json is missing")]
    [InlineData("manifest-sha", "does not match the SHA-256")]
    [InlineData("heatmap-deleted", "is missing")]
    [InlineData("spot-check-edited", "does not match the SHA-256")]
    [InlineData("merged-deleted", "is missing")]
    public void IncompleteOrEditedSet_IsValidationFailed(string problem, string message)
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var summary = FixtureRun.Allocate(t, 'A');
        var dir = summary.OutputDir;
        var manifest = Path.Combine(dir, PipelineManifest.FileName);
        switch (problem)
        {
            case "manifest-deleted":
                File.Delete(manifest);
                break;
            case "manifest-sha":
                var text = File.ReadAllText(manifest);
                var sha = summary.Outputs.Single(e => e.Kind == "reconciliation").Sha256;
                File.WriteAllText(manifest, text.Replace(sha, new string('0', 64), StringComparison.Ordinal));
                break;
            case "heatmap-deleted":
                File.Delete(Path.Combine(dir, HeatmapSvg.FileName("202509A")));
                break;
            case "spot-check-edited":
                var html = Path.Combine(dir, SpotCheckReport.FileName("202509A"));
                File.WriteAllText(html, File.ReadAllText(html).Replace("spot check", "spot-check", StringComparison.Ordinal));
                break;
            default:
                File.Delete(Path.Combine(dir, StorePluginMerger.FileName("202509A")));
                break;
        }

        var error = Expect.Error(() => PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), dir));
        Assert.Equal(RetailErrorCodes.ValidationFailed, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JournalPresent_IsHalfPublished()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var summary = FixtureRun.Allocate(t, 'A');
        var dir = summary.OutputDir;
        var target = Path.Combine(dir, PickListWriter.FileName("202509A"));
        PublishJournal.Write(dir, $"{PublishJournal.Prefix}1-1-00000000{PublishJournal.Suffix}", new ProcessIdentity(1, 1), [dir], [new JournalEntry(target + ".staged", target, false, null)]);
        var error = Expect.Error(() => PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), dir));
        Assert.Equal(PublishCodes.HalfPublished, error.Code);
        Assert.Equal(ErrorClass.Validation, error.Class);
    }

    [Fact]
    public void RecordedInputs_AreRelativeToTheOutputFolder_SoAMovedSetValidates()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var summary = FixtureRun.Allocate(t, 'A');
        using (var recon = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(summary.OutputDir, ReconciliationWriter.FileName("202509A")))))
        {
            foreach (var f in recon.RootElement.GetProperty("input_files").EnumerateArray())
            {
                var recorded = f.GetProperty("path").GetString()!;
                Assert.False(Path.IsPathRooted(recorded), recorded);
                Assert.StartsWith("../in/", recorded, StringComparison.Ordinal);
            }
        }

        // Output and input folders moved together: the working folder plays no part.
        Directory.CreateDirectory(t.Sub("moved"));
        Directory.Move(t.Sub("out"), t.Sub("moved/out"));
        Directory.Move(t.Sub("in"), t.Sub("moved/in"));
        PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), t.Sub("moved/out"));
    }

    [Fact]
    public void MovedInputs_AreFoundWithInputDir()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var summary = FixtureRun.Allocate(t, 'A');
        Directory.Move(t.Sub("in"), t.Sub("elsewhere"));
        var error = Expect.Error(() => PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), summary.OutputDir));
        Assert.Contains("--input-dir", error.Message, StringComparison.Ordinal);
        PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), summary.OutputDir, t.Sub("elsewhere"));
    }
}
