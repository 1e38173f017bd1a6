using System.Text.Json;

namespace Allot.Cli.Tests.Segment1A;

public sealed class Segment1ACommandTests : IDisposable
{
    private const string Fingerprint = "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709";
    private readonly string _root = Directory.CreateTempSubdirectory("allot-s7-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Exit, string Out, string Err) Allot(string command, params string[] extra)
    {
        string[] lineage = ["--data-root", _root, "--seed", "9248923", "--parameter-hash", "p1", "--manifest-fingerprint", Fingerprint];
        var args = command.Split(' ').Concat(lineage).Concat(extra).ToArray();
        return CliHarness.Run(args);
    }

    [Fact]
    public void Fixtures_Run_Validate_EndToEnd()
    {
        var (exit, stdout, stderr) = Allot("segment1a fixtures", "--merchants", "150");
        Assert.True(exit == 0, stderr);
        Assert.Equal(150, JsonDocument.Parse(stdout).RootElement.GetProperty("merchants").GetInt32());

        (exit, stdout, stderr) = Allot("segment1a s7 run", "--workers", "2");
        Assert.True(exit == 0, stderr);
        using var report = JsonDocument.Parse(stdout);
        var runId = report.RootElement.GetProperty("run_id").GetString();
        Assert.Equal(150, report.RootElement.GetProperty("merchants").GetInt64());
        Assert.True(File.Exists(report.RootElement.GetProperty("report_path").GetString()));

        (exit, stdout, stderr) = Allot("segment1a validate-s7", "--run-id", runId!);
        Assert.True(exit == 0, stderr);
        using var validation = JsonDocument.Parse(stdout);
        Assert.Equal("ok", validation.RootElement.GetProperty("status").GetString());
        Assert.Equal(report.RootElement.GetProperty("cache").GetProperty("sha256").GetString(), validation.RootElement.GetProperty("cache_sha256").GetString());

        var gammaEvents = Directory.EnumerateFiles(Path.Combine(_root, "logs/rng/events/dirichlet_gamma_vector"), "*.jsonl", SearchOption.AllDirectories).Single();
        var merchant = JsonDocument.Parse(File.ReadLines(gammaEvents).First()).RootElement.GetProperty("merchant_id").GetInt64();
        (exit, stdout, stderr) = Allot("segment1a replay-s7", "--merchant-id", merchant.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exit == 0, stderr);
        using var replay = JsonDocument.Parse(stdout);
        Assert.True(replay.RootElement.GetProperty("matches_events").GetBoolean());
        Assert.True(replay.RootElement.GetProperty("gamma_raw").GetArrayLength() > 1);
    }

    [Fact]
    public void Run_WithZstdLogs_WritesJsonlZst_ThatValidateAndReplayRead()
    {
        var (exit, _, stderr) = Allot("segment1a fixtures", "--merchants", "200");
        Assert.True(exit == 0, stderr);
        (exit, var stdout, stderr) = Allot("segment1a s7 run", "--workers", "2", "--log-compression", "zstd");
        Assert.True(exit == 0, stderr);
        var runId = JsonDocument.Parse(stdout).RootElement.GetProperty("run_id").GetString()!;
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_root, "logs/rng/events/residual_rank"), "part-00000.jsonl.zst", SearchOption.AllDirectories));
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(_root, "logs/rng/events"), "*.jsonl", SearchOption.AllDirectories), f => !f.Contains("nb_final", StringComparison.Ordinal));
        (exit, _, stderr) = Allot("segment1a validate-s7", "--run-id", runId);
        Assert.True(exit == 0, stderr);
        (exit, _, stderr) = Allot("segment1a replay-s7", "--run-id", runId, "--merchant-id", "1000003");
        Assert.True(exit == 0, stderr);
        (exit, _, _) = Allot("segment1a s7 run", "--log-compression", "lz4");
        Assert.Equal(2, exit);
    }

    [Fact]
    public void Run_WithBadFingerprint_ExitsWithInputCode()
    {
        var (exit, _, stderr) = CliHarness.Run("segment1a", "s7", "run", "--data-root", _root, "--seed", "1", "--parameter-hash", "p1", "--manifest-fingerprint", "XYZ");
        Assert.Equal(3, exit);
        Assert.Contains("E_SCHEMA_INVALID", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WithoutInputs_ExitsWithUpstreamMissing()
    {
        var (exit, _, stderr) = Allot("segment1a s7 run");
        Assert.Equal(3, exit);
        Assert.Contains("E_UPSTREAM_MISSING", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TamperedEvent_ExitsWithValidationCode()
    {
        Assert.Equal(0, Allot("segment1a fixtures", "--merchants", "60", "--domestic-share", "0").Exit);
        Assert.Equal(0, Allot("segment1a s7 run").Exit);
        var events = Directory.EnumerateFiles(Path.Combine(_root, "logs/rng/events/dirichlet_gamma_vector"), "*.jsonl", SearchOption.AllDirectories).Single();
        var lines = File.ReadAllLines(events);
        lines[0] = lines[0].Replace("\"draws\":\"", "\"draws\":\"1", StringComparison.Ordinal);
        File.WriteAllLines(events, lines);
        var (exit, _, stderr) = Allot("segment1a validate-s7");
        Assert.Equal(4, exit);
        Assert.Contains("RNG_ACCOUNTING_FAIL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequiredOption_IsUsageError()
    {
        var (exit, _, _) = CliHarness.Run("segment1a", "s7", "run", "--seed", "1");
        Assert.Equal(2, exit);
    }
}
