using Allot.Core.Errors;
using Allot.Data.Dictionary;
using Allot.Data.Publishing;

namespace Allot.Data.Tests.Dictionary;

public class DatasetDictionaryTests
{
    private const string Yaml = """
        datasets:
          - id: s4_alloc_plan
            path: data/layer1/1B/s4_alloc_plan/seed={seed}/fingerprint={manifest_fingerprint}/parameter_hash={parameter_hash}/
            format: parquet
            partition_keys: [seed, fingerprint, parameter_hash]
          - id: iso
            path: reference/iso.parquet
            format: parquet
        """;

    private static readonly Dictionary<string, string> Tokens = new()
    {
        ["seed"] = "demo-seed",
        ["manifest_fingerprint"] = "abc123",
        ["parameter_hash"] = "paramdemo",
    };

    [Fact]
    public void Resolve_SubstitutesTokens()
    {
        var d = DatasetDictionary.Parse(Yaml, "test.yaml");
        Assert.Equal(
            "data/layer1/1B/s4_alloc_plan/seed=demo-seed/fingerprint=abc123/parameter_hash=paramdemo/",
            d.ResolveRelative("s4_alloc_plan", Tokens));
        Assert.Equal(["seed", "fingerprint", "parameter_hash"], d.Get("s4_alloc_plan").PartitionKeys);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("x y")]
    public void Resolve_UnsafeToken_IsRejectedBeforeAnyPath(string seed)
    {
        var d = DatasetDictionary.Parse(Yaml, "test.yaml");
        var tokens = new Dictionary<string, string>(Tokens) { ["seed"] = seed };
        var ex = Assert.Throws<AllotException>(() => d.Resolve("/tmp/root", "s4_alloc_plan", tokens, "E410_TOKEN_MISMATCH"));
        Assert.Equal("E410_TOKEN_MISMATCH", ex.Code);
        Assert.False(PathToken.IsValid(seed));
    }

    [Theory]
    [InlineData("datasets: [ { id: a, path: ../x, format: parquet } ]")]
    [InlineData("datasets: [ { id: a, path: /abs, format: parquet } ]")]
    [InlineData("datasets: [ { id: a, path: x, format: parquet }, { id: a, path: y, format: parquet } ]")]
    [InlineData("datasets: [ { path: x, format: parquet } ]")]
    [InlineData("nothing: here")]
    [InlineData("datasets: [ { id: a, path: 'x', format: parquet ")]
    public void Parse_MalformedDictionary_IsError(string yaml)
    {
        var ex = Assert.Throws<AllotException>(() => DatasetDictionary.Parse(yaml, "bad.yaml"));
        Assert.Equal(DatasetDictionary.InvalidCode, ex.Code);
        Assert.Equal("bad.yaml", ex.Error.File);
    }

    [Theory]
    [InlineData("datasets:\n  - id: a\n    path: x\n    path: y\n    format: parquet\n", 4)] // which path? YAML forbids the repeat
    [InlineData("datasets:\n  - id: a\n    path: [x\n", 4)]
    public void Parse_YamlError_NamesTheLine(string yaml, int line)
    {
        // The message said "not valid YAML: Duplicate key path" and no line: in a long dictionary the user had to search.
        var ex = Assert.Throws<AllotException>(() => DatasetDictionary.Parse(yaml, "bad.yaml"));
        Assert.Equal((DatasetDictionary.InvalidCode, "bad.yaml", (long?)line), (ex.Code, ex.Error.File, ex.Error.Row));
    }

    [Fact]
    public void Get_UnknownId_IsError()
    {
        var d = DatasetDictionary.Parse(Yaml, "test.yaml");
        Assert.Equal(DatasetDictionary.InvalidCode, Assert.Throws<AllotException>(() => d.Get("nope")).Code);
        Assert.Equal(DatasetDictionary.InvalidCode, Assert.Throws<AllotException>(() => d.ResolveRelative("s4_alloc_plan", new Dictionary<string, string>())).Code);
    }

    [Fact]
    public void ResolveTemplate_FillsTheTokensGiven_KeepsTheOthers_AndIsInstanceOfRecognisesResolvedPaths()
    {
        var d = DatasetDictionary.Parse(Yaml, "test.yaml");
        var template = d.ResolveTemplate("s4_alloc_plan", new Dictionary<string, string> { ["manifest_fingerprint"] = "abc123" });
        Assert.Equal("data/layer1/1B/s4_alloc_plan/seed={seed}/fingerprint=abc123/parameter_hash={parameter_hash}/", template);

        Assert.True(DatasetDictionary.IsInstanceOf(d.ResolveRelative("s4_alloc_plan", Tokens), template));
        Assert.True(DatasetDictionary.IsInstanceOf(template, template.Replace("{seed}", "7", StringComparison.Ordinal)) is false);
        Assert.False(DatasetDictionary.IsInstanceOf("data/layer1/1B/s4_alloc_plan/seed=7/fingerprint=other/parameter_hash=p/", template));
        Assert.False(DatasetDictionary.IsInstanceOf("data/layer1/1B/s4_alloc_plan/seed=../fingerprint=abc123/parameter_hash=p/", template));
        Assert.False(DatasetDictionary.IsInstanceOf("data/layer1/1B/s4_alloc_plan/seed=a/b/fingerprint=abc123/parameter_hash=p/", template));
        Assert.True(DatasetDictionary.IsInstanceOf("reference/iso.parquet", "reference/iso.parquet"));
    }
}
