using System.Text.Json.Nodes;
using Allot.Cli.Tests.Segment1B;
using Allot.Tests.Shared;

namespace Allot.Cli.Tests;

/// <summary>
/// A corrupt (garbage between a valid header and footer), truncated or empty Parquet file, given as any Parquet
/// input of any command, is an input-class error (exit 3) naming the file, and leaves nothing behind.
/// </summary>
public sealed class DamagedParquetCliTests : IDisposable
{
    private const string Fingerprint = "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709";
    private readonly string _root = Directory.CreateTempSubdirectory("allot-damaged-").FullName;

    public static TheoryData<string, string> S4Cases => Cases(["s3_requirements", "tile_weights", "tile_index", "iso"]);

    public static TheoryData<string, string> S4ValidateCases => Cases(["s3_requirements", "tile_weights", "tile_index", "iso", "s4_alloc_plan"]);

    public static TheoryData<string, string> S7Cases => Cases(["country_set", "merchant_attributes"]);

    public static TheoryData<string, string> S7ValidateCases => Cases(["country_set", "merchant_attributes", "ranking_residual_cache"]);

    [Theory]
    [MemberData(nameof(S4Cases))]
    public void Segment1BRun(string input, string damage)
    {
        var ids = S4Fixtures();
        var file = S4File(input);
        DamagedParquet.Damage(file, damage);
        var before = Snapshot();

        var run = ConsoleCapture.Run(["segment1b", "run", "--data-root", _root, .. ids]);

        // S0 is a state of its own: the gate passed, so its receipt is a legitimate output. Nothing of S4 may remain.
        var receipt = Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(_root, p)).Where(p => p.Contains("s0_gate_receipt", StringComparison.Ordinal)).ToList();
        AssertInputError(run.Exit, run.Err, file, [.. before.Concat(receipt).Order(StringComparer.Ordinal)]);
    }

    [Theory]
    [MemberData(nameof(S4ValidateCases))]
    public void Segment1BValidate(string input, string damage)
    {
        var ids = S4Fixtures();
        Assert.Equal(0, ConsoleCapture.Run(["segment1b", "run", "--data-root", _root, .. ids]).Exit);
        var file = S4File(input);
        DamagedParquet.Damage(file, damage);
        var before = Snapshot();

        var validate = ConsoleCapture.Run(["segment1b", "validate-s4", "--data-root", _root, .. ids]);

        AssertInputError(validate.Exit, validate.Err, file, before);
    }

    [Theory]
    [MemberData(nameof(S7Cases))]
    public void Segment1AS7Run(string input, string damage)
    {
        Assert.Equal(0, S7("segment1a fixtures", "--merchants", "40").Exit);
        var file = S7File(input);
        DamagedParquet.Damage(file, damage);
        var before = Snapshot();

        var (exit, _, err) = S7("segment1a s7 run");

        AssertInputError(exit, err, file, before);
    }

    [Theory]
    [MemberData(nameof(S7ValidateCases))]
    public void Segment1AValidate(string input, string damage)
    {
        Assert.Equal(0, S7("segment1a fixtures", "--merchants", "40").Exit);
        Assert.Equal(0, S7("segment1a s7 run").Exit);
        var file = S7File(input);
        DamagedParquet.Damage(file, damage);
        var before = Snapshot();

        var (exit, _, err) = S7("segment1a validate-s7");

        AssertInputError(exit, err, file, before);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("empty")]
    public void ApportionInput(string damage)
    {
        var csv = Path.Combine(_root, "in.csv");
        File.WriteAllText(csv, "unit,weight,total\na,2,7\nb,1,7\n");
        var input = Path.Combine(_root, "in.parquet");
        Assert.Equal(0, CliHarness.Run("apportion", "--input", csv, "--output", input).Exit);
        DamagedParquet.Damage(input, damage);
        var output = Path.Combine(_root, "out.csv");
        var before = Snapshot();

        var (exit, _, err) = CliHarness.Run("apportion", "--input", input, "--weight-column", "allocation", "--total", "7", "--output", output);

        AssertInputError(exit, err, input, before);
        Assert.False(File.Exists(output));
    }

    public void Dispose() => Directory.Delete(_root, true);

    private static TheoryData<string, string> Cases(string[] inputs)
    {
        var data = new TheoryData<string, string>();
        foreach (var i in inputs)
        {
            foreach (var d in DamagedParquet.Kinds)
            {
                data.Add(i, d);
            }
        }

        return data;
    }

    private void AssertInputError(int exit, string err, string file, List<string> before)
    {
        Assert.True(exit == 3, $"exit {exit}: {err}");
        Assert.Contains(Path.GetFullPath(file), err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    private List<string> Snapshot() =>
        Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(_root, p)).Order(StringComparer.Ordinal).ToList();

    private string[] S4Fixtures()
    {
        var fx = ConsoleCapture.Run(["segment1b", "fixtures", "--data-root", _root, "--merchants", "30", "--countries", "3", "--tiles-per-country", "40"]);
        Assert.True(fx.Exit == 0, fx.Err);
        var n = JsonNode.Parse(fx.Out)!;
        return ["--seed", n["seed"]!.GetValue<string>(), "--manifest-fingerprint", n["manifest_fingerprint"]!.GetValue<string>(), "--parameter-hash", n["parameter_hash"]!.GetValue<string>()];
    }

    private string S4File(string input) => input == "iso"
        ? Directory.EnumerateFiles(Path.Combine(_root, "reference/iso"), "*.parquet", SearchOption.AllDirectories).Single()
        : Directory.EnumerateFiles(Path.Combine(_root, "data/layer1/1B", input), "*.parquet", SearchOption.AllDirectories).First();

    private string S7File(string input) =>
        Directory.EnumerateFiles(Path.Combine(_root, "data/layer1/1A", input), "*.parquet", SearchOption.AllDirectories).First();

    private (int Exit, string Out, string Err) S7(string command, params string[] extra)
    {
        string[] lineage = ["--data-root", _root, "--seed", "9248923", "--parameter-hash", "p1", "--manifest-fingerprint", Fingerprint];
        return CliHarness.Run([.. command.Split(' '), .. lineage, .. extra]);
    }
}
