using System.Text.Json;

namespace Allot.Cli.Tests.Json;

/// <summary>Every system prints one JSON line on stdout with the same status words, and accepts <c>--json</c>.</summary>
public sealed class CliJsonConsistencyTests : IDisposable
{
    private const string Fingerprint = "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709";
    private readonly string _dir = Directory.CreateTempSubdirectory("allot-cli-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement OneLine(string stdout)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stdout, got {lines.Length}:\n{stdout}");
        return JsonDocument.Parse(lines[0]).RootElement.Clone();
    }

    private string[] S7(params string[] command) =>
        [.. command, "--data-root", _dir, "--seed", "9248923", "--parameter-hash", "p1", "--manifest-fingerprint", Fingerprint, "--json"];

    [Fact]
    public void Apportion_PrintsOneLine_StatusOk_AndAcceptsJson()
    {
        var input = Path.Combine(_dir, "in.csv");
        File.WriteAllText(input, "unit,weight,total\na,1,3\nb,2,3\n");
        var (exit, stdout, stderr) = CliHarness.Run("apportion", "--input", input, "--output", Path.Combine(_dir, "o.csv"), "--json");
        Assert.True(exit == 0, stderr);
        Assert.Equal("ok", OneLine(stdout).GetProperty("status").GetString());
    }

    [Fact]
    public void Segment1A_RunAndValidate_PrintOneLine_StatusOk_AndAcceptJson()
    {
        Assert.Equal(0, CliHarness.Run("segment1a", "fixtures", "--data-root", _dir, "--seed", "9248923", "--parameter-hash", "p1", "--manifest-fingerprint", Fingerprint, "--merchants", "40").Exit);
        var (exit, stdout, stderr) = CliHarness.Run(S7("segment1a", "s7", "run"));
        Assert.True(exit == 0, stderr);
        var run = OneLine(stdout);
        Assert.Equal("ok", run.GetProperty("status").GetString());
        Assert.Equal(40, run.GetProperty("merchants").GetInt64());
        (exit, stdout, stderr) = CliHarness.Run(S7("segment1a", "validate-s7"));
        Assert.True(exit == 0, stderr);
        Assert.Equal("ok", OneLine(stdout).GetProperty("status").GetString());
    }

    [Fact]
    public void Segment1A_Error_PrintsAJsonRecordOnStderr_LikeS4()
    {
        var (exit, _, stderr) = CliHarness.Run(S7("segment1a", "s7", "run"));
        Assert.Equal(3, exit);
        var record = JsonDocument.Parse(stderr.Split('\n')[0]).RootElement;
        Assert.Equal("S7_ERROR", record.GetProperty("event").GetString());
        Assert.Equal("E_UPSTREAM_MISSING", record.GetProperty("code").GetString());
        Assert.Equal("input", record.GetProperty("class").GetString());
        Assert.Equal("9248923", record.GetProperty("seed").GetString());
        Assert.Equal(Fingerprint, record.GetProperty("manifest_fingerprint").GetString());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("message").GetString()));
        Assert.Contains("error E_UPSTREAM_MISSING", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment1A_ValidateError_IsAValidationErrorRecord()
    {
        var (exit, _, stderr) = CliHarness.Run(S7("segment1a", "validate-s7"));
        Assert.NotEqual(0, exit);
        Assert.Equal("S7_VALIDATION_ERROR", JsonDocument.Parse(stderr.Split('\n')[0]).RootElement.GetProperty("event").GetString());
    }

    [Fact]
    public void Segment1A_WorkersBelowOne_IsUsageError()
    {
        var (exit, _, stderr) = CliHarness.Run([.. S7("segment1a", "s7", "run"), "--workers", "0"]);
        Assert.Equal(2, exit);
        Assert.Contains("E_USAGE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment1B_AcceptsJson()
    {
        var (exit, _, stderr) = CliHarness.Run("segment1b", "validate-s4", "--data-root", _dir, "--seed", "1", "--manifest-fingerprint", "f", "--parameter-hash", "p", "--json");
        Assert.NotEqual(2, exit);
        Assert.DoesNotContain("E_USAGE", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apportion")]
    [InlineData("segment1b run")]
    [InlineData("segment1b validate-s4")]
    [InlineData("segment1b fixtures")]
    [InlineData("segment1a s7 run")]
    [InlineData("segment1a validate-s7")]
    [InlineData("segment1a replay-s7")]
    [InlineData("segment1a fixtures")]
    [InlineData("demo")]
    [InlineData("report")]
    [InlineData("retail allocate")]
    [InlineData("retail validate")]
    [InlineData("retail fixtures")]
    [InlineData("retail diff")]
    [InlineData("gc")]
    public void EveryCommand_DeclaresJson(string command)
    {
        var parsed = AllotCli.Build().Parse([.. command.Split(' '), "--json"]);
        Assert.DoesNotContain(parsed.Errors, e => e.Message.Contains("--json", StringComparison.Ordinal));
    }

    /// <summary>
    /// Found by hand (thirteenth session): <c>allot gc --json</c> was refused (E_USAGE, exit 2), so a script that passes
    /// --json to every command could not clear leftovers; gc always printed its one JSON line anyway.
    /// </summary>
    [Fact]
    public void Gc_AcceptsJson_AndPrintsOneLine()
    {
        var (exit, stdout, stderr) = CliHarness.Run("gc", "--output-dir", _dir, "--json");
        Assert.True(exit == 0, stderr);
        var line = OneLine(stdout);
        Assert.Equal("ok", line.GetProperty("status").GetString());
        Assert.Equal(0, line.GetProperty("removed").GetInt32());
    }
}
