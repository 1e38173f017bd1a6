using Allot.Core.Errors;
using Allot.Data.Publishing;
using Allot.Segment1A;
using Allot.Segment1A.Validation;

namespace Allot.Segment1A.Tests;

/// <summary>Issue #10 for S7: the report is checked against the data, the set's exact file list, half-published sets, concurrent writers.</summary>
public sealed class S7PublicationTests
{
    private static string ReportFile(S7TestRoot root, string runId) =>
        Path.Combine(root.Root, $"reports/layer1/1A/s7/seed=9248923/parameter_hash=p1/run_id={runId}/run_report.json");

    private static S7ValidationReport Validate(S7TestRoot root, string? runId = null) => S7Validator.Validate(new S7ValidationOptions(root.Inputs, runId));

    /// <summary>Case 8: validate-s7 reads the run report; draws_total + 1 or domestic_only + 1 fail.</summary>
    [Theory]
    [InlineData("draws_total")]
    [InlineData("domestic_only")]
    [InlineData("blocks_total")]
    [InlineData("merchants")]
    public void Case8_ReportCounterOffByOne_Fails(string field)
    {
        using var root = new S7TestRoot(merchants: 60);
        var run = root.Run();
        Validate(root);
        var path = ReportFile(root, run.RunId);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json[field] = field == "draws_total"
            ? (System.Numerics.BigInteger.Parse(json[field]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : json[field]!.GetValue<long>() + 1;
        File.WriteAllText(path, json.ToJsonString());
        var ex = Assert.Throws<AllotException>(() => Validate(root));
        Assert.Equal(S7Errors.RngAccounting, ex.Code);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by hand: a report naming other hyperparameters than those the replay used, another state, or a failed
    /// status was accepted (only counters were compared).
    /// </summary>
    [Theory]
    [InlineData("hyperparameters_sha256", "\"0000000000000000000000000000000000000000000000000000000000000000\"")]
    [InlineData("state", "\"1A.S8\"")]
    [InlineData("status", "\"failed\"")]
    public void ReportLineageOrStatusEdited_Fails(string field, string value)
    {
        using var root = new S7TestRoot(merchants: 30);
        var run = root.Run();
        var path = ReportFile(root, run.RunId);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json[field] = System.Text.Json.Nodes.JsonNode.Parse(value);
        File.WriteAllText(path, json.ToJsonString());
        var ex = Assert.Throws<AllotException>(() => Validate(root));
        Assert.Equal(S7Errors.RngAccounting, ex.Code);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Case 9: a stray file in the cache partition fails (the cache receipt is not trusted for the file list).</summary>
    [Fact]
    public void Case9_StrayFileInTheCache_Fails()
    {
        using var root = new S7TestRoot(merchants: 30);
        root.Run();
        File.WriteAllText(Path.Combine(root.CacheFolder, "README.txt"), "x");
        var ex = Assert.Throws<AllotException>(() => Validate(root));
        Assert.Equal(PublishCodes.UnexpectedEntry, ex.Code);
        Assert.Equal(ErrorClass.Validation, ex.Error.Class);
    }

    /// <summary>Case 7: run folders without a report (killed runs of older releases) do not make plain validate-s7 ambiguous.</summary>
    [Fact]
    public void Case7_IncompleteRunFolders_AreIgnoredByPlainValidate()
    {
        using var root = new S7TestRoot(merchants: 30);
        var run = root.Run();
        var partial = Path.Combine(root.Root, "logs/rng/events/residual_rank/seed=9248923/parameter_hash=p1/run_id=0000000000000000000000000000dead");
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, "part-00000.jsonl"), string.Empty);
        Assert.Equal(run.RunId, Validate(root).RunId);
        var ex = Assert.Throws<AllotException>(() => Validate(root, "0000000000000000000000000000dead"));
        Assert.Contains("incomplete", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HalfPublishedRun_IsReportedAsSuch()
    {
        using var root = new S7TestRoot(merchants: 30);
        var run = root.Run();
        var report = ReportFile(root, run.RunId);
        var folder = Path.GetDirectoryName(report)!;
        var staged = Path.Combine(Path.GetDirectoryName(folder)!, $".staging-1-1-00000000-run_id={run.RunId}");
        Directory.Move(folder, staged);
        PublishJournal.Write(root.Root, ".allot-journal-1-1-00000000.json", new ProcessIdentity(1, 1), [root.Root], [new JournalEntry(staged, folder, true, null)]);
        var ex = Assert.Throws<AllotException>(() => Validate(root));
        Assert.Equal(PublishCodes.HalfPublished, ex.Code);
        Assert.Single(Leftovers.Scan(root.Root, dryRun: false), l => l.Kind == "journal");
        Assert.Equal(run.RunId, Validate(root).RunId);
    }

    /// <summary>2 and 4 concurrent S7 runs of the same inputs: every run succeeds with its own run id; one publishes the cache.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void ConcurrentRuns_SameContent_AllSucceed_OneCache(int writers)
    {
        using var root = new S7TestRoot(merchants: 40);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var results = Enumerable.Range(0, writers).AsParallel().WithDegreeOfParallelism(writers)
            .Select(i => root.Run(start: start.AddSeconds(i))).ToList();
        Assert.Equal(1, results.Count(r => r.Cache.Outcome == PublishOutcome.Published));
        Assert.Equal(writers, results.Select(r => r.RunId).Distinct().Count());
        Assert.Single(results.Select(r => r.Cache.Sha256Hex).Distinct());
        foreach (var r in results)
        {
            Assert.Equal(r.RunId, Validate(root, r.RunId).RunId);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Root, ".staging-*", SearchOption.AllDirectories));
    }

    /// <summary>Two runs whose caches differ (other hyperparameters under the same tokens): never both succeed.</summary>
    [Fact]
    public void ConcurrentRuns_DifferentContent_NeverBothSucceed()
    {
        using var root = new S7TestRoot(merchants: 40, domesticShare: 0.0);
        var other = Path.Combine(root.Root, "other-hyperparams.yaml");
        var text = File.ReadAllText(root.HyperparamsFile);
        File.WriteAllText(other, System.Text.RegularExpressions.Regex.Replace(text, @"(\d+\.\d+)", m => m.Value + "1", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)));
        var options = new[] { root.Inputs, root.Inputs with { HyperparametersPath = other } };
        var results = Enumerable.Range(0, 2).AsParallel().WithDegreeOfParallelism(2).Select(i =>
        {
            try
            {
                S7Runner.Run(new S7RunOptions(options[i], 1, new DateTime(2026, 1, 1, 0, 0, i, DateTimeKind.Utc)));
                return null;
            }
            catch (AllotException ex)
            {
                return ex.Code;
            }
        }).ToList();
        Assert.Equal(1, results.Count(r => r is null));
        Assert.Equal(S7Errors.ImmutableConflict, results.Single(r => r is not null));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Root, ".staging-*", SearchOption.AllDirectories));
    }
}
