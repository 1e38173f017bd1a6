using Allot.Core.Errors;
using Allot.Segment1A;
using Allot.Segment1A.Inputs;

namespace Allot.Segment1A.Tests;

/// <summary>Every input error code of the run, each from a purpose-built bad input, and never a partial output.</summary>
public sealed class S7ErrorTests
{
    private static void AssertFails(S7TestRoot root, string code, S7InputOptions? inputs = null)
    {
        var ex = Assert.Throws<AllotException>(() => S7Runner.Run(new S7RunOptions(inputs ?? root.Inputs, 2)));
        Assert.Equal(code, ex.Code);
        Assert.Empty(root.OutputFiles());
        Assert.Empty(Directory.EnumerateDirectories(root.Root, ".staging-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void CountrySetWithLowercaseIso_IsSchemaInvalid()
    {
        using var root = new S7TestRoot(merchants: 40);
        S7TestRoot.EditParquet(Path.Combine(root.CountrySetFolder, "part-00000.parquet"), c => ((string[])c["country_iso"])[5] = "gb");
        AssertFails(root, S7Errors.SchemaInvalid);
    }

    [Fact]
    public void CountrySetWithRankGap_IsSchemaInvalid()
    {
        using var root = new S7TestRoot(merchants: 40, domesticShare: 0.0);
        S7TestRoot.EditParquet(Path.Combine(root.CountrySetFolder, "part-00000.parquet"), c => ((int[])c["rank"])[1] = 7);
        AssertFails(root, S7Errors.SchemaInvalid);
    }

    [Fact]
    public void CountrySetWithHomeFlagOffAtRankZero_IsSchemaInvalid()
    {
        using var root = new S7TestRoot(merchants: 20);
        var file = Path.Combine(root.CountrySetFolder, "part-00000.parquet");
        S7TestRoot.EditParquet(file, c => ((bool[])c["is_home"])[0] = false);
        AssertFails(root, S7Errors.SchemaInvalid);
    }

    [Fact]
    public void MerchantTableWithoutMccColumn_IsSchemaInvalid()
    {
        using var root = new S7TestRoot(merchants: 20);
        AssertFails(root, S7Errors.SchemaInvalid, root.Inputs with { MerchantsPath = root.CountrySetFolder });
    }

    [Theory]
    [InlineData("12a", "p1", S7TestRoot.Fingerprint)]
    [InlineData("18446744073709551616", "p1", S7TestRoot.Fingerprint)]
    [InlineData("1", "../x", S7TestRoot.Fingerprint)]
    [InlineData("1", "p1", "ABCDEF")]
    public void BadLineageTokens_AreSchemaInvalid(string seed, string parameterHash, string fingerprint)
    {
        var ex = Assert.Throws<AllotException>(() => S7Lineage.Parse(seed, parameterHash, fingerprint));
        Assert.Equal(S7Errors.SchemaInvalid, ex.Code);
    }

    [Fact]
    public void CountrySetWithAnotherFingerprint_IsPathEmbedMismatch()
    {
        using var root = new S7TestRoot(merchants: 20);
        S7TestRoot.EditParquet(Path.Combine(root.CountrySetFolder, "part-00000.parquet"), c => ((string[])c["manifest_fingerprint"])[3] = new string('0', 64));
        AssertFails(root, S7Errors.PathEmbedMismatch);
    }

    [Fact]
    public void NbFinalWithAnotherParameterHash_IsPathEmbedMismatch()
    {
        using var root = new S7TestRoot(merchants: 20);
        S7TestRoot.EditLine(root.NbFinalFile, _ => true, o => o["parameter_hash"] = "p2");
        AssertFails(root, S7Errors.PathEmbedMismatch);
    }

    [Fact]
    public void MerchantWithoutNbFinal_IsUpstreamMissing()
    {
        using var root = new S7TestRoot(merchants: 20);
        S7TestRoot.RewriteLines(root.NbFinalFile, lines => lines.Skip(1).ToList());
        AssertFails(root, S7Errors.UpstreamMissing);
    }

    [Fact]
    public void MissingHyperparameters_IsUpstreamMissing()
    {
        using var root = new S7TestRoot(merchants: 20);
        File.Delete(root.HyperparamsFile);
        AssertFails(root, S7Errors.UpstreamMissing);
    }

    [Fact]
    public void NbFinalWithZeroOutlets_IsSchemaInvalid()
    {
        using var root = new S7TestRoot(merchants: 20);
        S7TestRoot.EditLine(root.NbFinalFile, _ => true, o => o["n_outlets"] = 0);
        AssertFails(root, S7Errors.SchemaInvalid);
    }

    [Theory]
    [InlineData("\"n_outlets\":1", "n_outlets")] // last-wins let an edited or badly merged event change N silently
    [InlineData("\"merchant_id\":999999", "merchant_id")]
    [InlineData("\"n_\\u006futlets\":1", "n_outlets")] // the same name, escaped
    [InlineData("\"module\":\"x\"", "module")] // a field S7 does not read is still one record's field twice
    public void NbFinalEventWithADuplicatedKey_IsSchemaInvalid_NamingFileLineAndKey(string repeated, string key)
    {
        using var root = new S7TestRoot(merchants: 20);
        S7TestRoot.RewriteLines(root.NbFinalFile, lines =>
        {
            var line = lines[2];
            Assert.Contains($"\"{key}\":", line, StringComparison.Ordinal);
            lines[2] = line[..^1] + "," + repeated + "}";
            return lines;
        });
        var ex = Assert.Throws<AllotException>(() => S7Runner.Run(new S7RunOptions(root.Inputs, 2)));
        Assert.Equal(S7Errors.SchemaInvalid, ex.Code);
        Assert.Equal(root.NbFinalFile, ex.Error.File);
        Assert.Equal(3, ex.Error.Row);
        Assert.Equal(key, ex.Error.Column);
        Assert.Contains($"'{key}'", ex.Error.Message, StringComparison.Ordinal);
        Assert.Empty(root.OutputFiles());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void NbFinalEventWithAMerchantIdBelowOne_IsSchemaInvalid_NamingFileAndLine(string id)
    {
        // Found by hand: the event was kept for a merchant that cannot exist, and the run failed later with
        // E_UPSTREAM_MISSING "the merchant has a country set but no nb_final event", naming neither the file nor the line.
        using var root = new S7TestRoot(merchants: 20);
        S7TestRoot.RewriteLines(root.NbFinalFile, lines =>
        {
            lines[1] = System.Text.RegularExpressions.Regex.Replace(lines[1], "\"merchant_id\":[0-9]+", $"\"merchant_id\":{id}");
            return lines;
        });
        var ex = Assert.Throws<AllotException>(() => S7Runner.Run(new S7RunOptions(root.Inputs, 2)));
        Assert.Equal((S7Errors.SchemaInvalid, root.NbFinalFile, (long?)2), (ex.Code, ex.Error.File, ex.Error.Row));
        Assert.Contains("1..2^63", ex.Error.Message, StringComparison.Ordinal);
        Assert.Empty(root.OutputFiles());
    }

    [Theory]
    [InlineData("dirichlet_alpha:\n  tau: 2.0\n  tau: 9.0\n", 3)] // which tau? YAML forbids the repeat
    [InlineData("dirichlet_alpha:\n  tau: 2.0\n  vectors:\n    - { home: GB, m: 2, alpha: [1.0, 2.0 }\n", 4)]
    public void HyperparametersThatAreNotYaml_AreSchemaInvalid_NamingTheLine(string yaml, int line)
    {
        // The message said "not valid YAML: Duplicate key tau" and no line.
        using var root = new S7TestRoot(merchants: 20);
        File.WriteAllText(root.HyperparamsFile, yaml);
        var ex = Assert.Throws<AllotException>(() => S7Runner.Run(new S7RunOptions(root.Inputs, 2)));
        Assert.Equal((S7Errors.SchemaInvalid, root.HyperparamsFile, (long?)line), (ex.Code, ex.Error.File, ex.Error.Row));
        Assert.Empty(root.OutputFiles());
    }

    [Fact]
    public void AlphaVectorOfWrongLength_IsDirichletShape()
    {
        using var root = new S7TestRoot(merchants: 20);
        File.WriteAllText(root.HyperparamsFile, "dirichlet_alpha:\n  tau: 2.0\n  vectors:\n    - { home: GB, m: 3, alpha: [1.0, 2.0] }\n");
        AssertFails(root, S7Errors.DirichletShape);
    }

    [Theory]
    [InlineData("dirichlet_alpha:\n  tua: 7.5\n", "tua")] // a misspelt tau was skipped: τ stayed 2.0
    [InlineData("dirichlet_alpha:\n  vectors:\n    - { home: GB, mc: 5411, channel: card_present, m: 2, alpha: [1.0, 2.0] }\n", "mc")] // became a (home, channel, m) vector
    [InlineData("dirichlet_alpha:\n  vectors:\n    - { home: GB, chanel: card_present, m: 2, alpha: [1.0, 2.0] }\n", "chanel")] // became a (home, m) vector
    [InlineData("dirichlet_alpha:\n  vectors:\n    gb: { home: GB, m: 2, alpha: [1.0, 2.0] }\n", "vectors")] // every vector was skipped
    [InlineData("dirichlet_alpha:\n  tau: [2.0]\n", "tau")] // skipped: τ stayed 2.0
    [InlineData("dirichlet_alpha:\n  vectors:\n    - { home: GB, mcc: 5411.7, channel: card_present, m: 2, alpha: [1.0, 2.0] }\n", "5411.7")] // truncated to 5411
    public void HyperparametersWithAKeyOrValueThatWouldBeSkipped_AreSchemaInvalid(string yaml, string named)
    {
        // Found by hand: each of these ran with exit 0, quietly putting merchants on another rung of the ladder.
        using var root = new S7TestRoot(merchants: 20);
        File.WriteAllText(root.HyperparamsFile, yaml);
        var ex = Assert.Throws<AllotException>(() => S7Runner.Run(new S7RunOptions(root.Inputs, 2)));
        Assert.Equal(S7Errors.SchemaInvalid, ex.Code);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.Contains(root.HyperparamsFile, ex.Message, StringComparison.Ordinal);
        Assert.Empty(root.OutputFiles());
    }

    [Fact]
    public void NonPositiveAlpha_IsDirichletNonPositive()
    {
        using var root = new S7TestRoot(merchants: 20);
        File.WriteAllText(root.HyperparamsFile, "dirichlet_alpha:\n  vectors:\n    - { home: GB, m: 2, alpha: [1.0, 0] }\n");
        AssertFails(root, S7Errors.DirichletNonPositive);
    }

    [Fact]
    public void TinySymmetricAlpha_AllGammasUnderflow_IsDirichletSum()
    {
        using var root = new S7TestRoot(merchants: 30, domesticShare: 0.0);
        File.WriteAllText(root.HyperparamsFile, "dirichlet_alpha:\n  tau: 1e-300\n");
        AssertFails(root, S7Errors.DirichletSum);
    }

    [Fact]
    public void LogFolderBlockedByAFile_IsIoAtomics_AndNoCacheIsPublished()
    {
        using var root = new S7TestRoot(merchants: 20);
        Directory.CreateDirectory(Path.Combine(root.Root, "logs/rng/events"));
        File.WriteAllText(Path.Combine(root.Root, "logs/rng/events/residual_rank"), "not a folder");
        var ex = Assert.Throws<AllotException>(() => root.Run());
        Assert.Equal(S7Errors.IoAtomics, ex.Code);
        Assert.False(Directory.Exists(root.CacheFolder));
        Assert.Empty(Directory.EnumerateDirectories(root.Root, ".staging-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void FailureAfterTheCacheIsPublished_RemovesTheCacheAndTheLogs()
    {
        using var root = new S7TestRoot(merchants: 30);
        // A dictionary whose report folder sits under a file: everything else succeeds, the report cannot be written.
        var yaml = Allot.Segment1A.Contracts.Segment1AContracts.Dictionary().Entries.Values
            .Select(e => $"  - id: {e.Id}\n    path: {(e.Id == "s7_run_report" ? "config/layer1/1A/crossborder_hyperparams.yaml/run_id={run_id}/" : e.PathTemplate)}\n    format: {e.Format}\n");
        var dictionary = Path.Combine(root.Root, "dictionary.yaml");
        File.WriteAllText(dictionary, "datasets:\n" + string.Concat(yaml));
        var ex = Assert.Throws<AllotException>(() => S7Runner.Run(new S7RunOptions(root.Inputs with { DictionaryPath = dictionary })));
        Assert.Equal(S7Errors.IoAtomics, ex.Code);
        Assert.Empty(root.OutputFiles());
        Assert.Empty(Directory.EnumerateDirectories(root.Root, ".staging-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void RerunWithDifferentHyperparameters_IsImmutableConflict_AndLeavesOnlyTheFirstRun()
    {
        using var root = new S7TestRoot(merchants: 60, domesticShare: 0.2);
        var first = root.Run();
        var before = root.OutputFiles();
        File.WriteAllText(root.HyperparamsFile, "dirichlet_alpha:\n  tau: 7.5\n");
        var ex = Assert.Throws<AllotException>(() => root.Run());
        Assert.Equal(S7Errors.ImmutableConflict, ex.Code);
        Assert.Equal(ErrorClass.Conflict, ex.Error.Class);
        Assert.Equal(before, root.OutputFiles());
        Assert.Empty(Directory.EnumerateDirectories(root.Root, ".staging-*", SearchOption.AllDirectories));
        Assert.NotNull(first.RunId);
    }

    [Theory]
    [InlineData(0, 0.6, 20)]
    [InlineData(10, 1.5, 20)]
    [InlineData(10, double.NaN, 20)]
    [InlineData(10, 0.6, 1)]
    [InlineData(10, 0.6, 41)]
    public void FixtureOptionsOutOfRange_AreAUsageError_AndNothingIsWritten(int merchants, double domesticShare, int maxCountries)
    {
        // Found by hand: these were E_SCHEMA_INVALID (exit 3, "input") although no input was read, and a NaN
        // domestic share passed the range check and wrote a root.
        var root = Path.Combine(Path.GetTempPath(), "allot-s7-fx-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<AllotException>(() => Allot.Segment1A.Fixtures.S7FixtureGenerator.Write(
            new Allot.Segment1A.Fixtures.S7FixtureOptions(root, new S7Lineage(1, "p1", S7TestRoot.Fingerprint), merchants, domesticShare, maxCountries)));
        Assert.Equal(("E_FIXTURE_OPTIONS", ErrorClass.Usage), (ex.Code, ex.Error.Class));
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Catalogue_ListsEveryCodeOnce()
    {
        Assert.Equal(S7Errors.All.Count, S7Errors.All.Distinct().Count());
        Assert.Equal(14, S7Errors.All.Count);
    }
}
