using System.Text.RegularExpressions;
using Allot.Data.Diagnostics;
using Allot.Segment1A;
using Allot.Segment1A.Validation;
using DuckDB.NET.Data;

namespace Allot.Segment1A.Tests;

public sealed partial class S7LogCompressionTests
{
    private static readonly DateTime Start = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    [GeneratedRegex("\"ts_utc\":\"[^\"]*\"")]
    private static partial Regex Timestamps();

    [Fact]
    public void Zstd_WritesTheSameJsonl_Compressed_AndValidateReadsIt()
    {
        using var plain = new S7TestRoot(merchants: 3000);
        using var packed = new S7TestRoot(merchants: 3000);
        var a = S7Runner.Run(new S7RunOptions(plain.Inputs, 2, Start));
        var b = S7Runner.Run(new S7RunOptions(packed.Inputs, 2, Start, S7LogCompression.Zstd));
        Assert.Equal(a.Cache.Sha256Hex, b.Cache.Sha256Hex);
        foreach (var (left, right) in new[]
        {
            (plain.EventFile(S7Names.GammaLabel, a.RunId), packed.EventFile(S7Names.GammaLabel, b.RunId) + ".zst"),
            (plain.EventFile(S7Names.ResidualLabel, a.RunId), packed.EventFile(S7Names.ResidualLabel, b.RunId) + ".zst"),
            (plain.TraceFile(a.RunId), packed.TraceFile(b.RunId) + ".zst"),
        })
        {
            Assert.False(File.Exists(right[..^4]));
            Assert.True(new FileInfo(right).Length * 4 < new FileInfo(left).Length, "zstd should shrink the JSONL at least 4×");
            using var reader = new StreamReader(S7LogCompressionFormat.OpenRead(right));
            Assert.Equal(Timestamps().Replace(File.ReadAllText(left), "*"), Timestamps().Replace(reader.ReadToEnd(), "*"));
        }

        var report = S7Validator.Validate(new S7ValidationOptions(packed.Inputs, b.RunId));
        Assert.Equal(b.GammaEvents + b.ResidualEvents, report.TraceRows);
        var replay = S7MerchantReplay.Replay(packed.Inputs, 1_000_003, b.RunId);
        Assert.NotEqual(false, replay.MatchesEvents);
    }

    [Fact]
    public void Zstd_TamperedEvent_IsStillCaught()
    {
        using var root = new S7TestRoot(merchants: 400);
        var run = S7Runner.Run(new S7RunOptions(root.Inputs, 1, Start, S7LogCompression.Zstd));
        var file = root.EventFile(S7Names.ResidualLabel, run.RunId) + ".zst";
        string text;
        using (var reader = new StreamReader(S7LogCompressionFormat.OpenRead(file)))
        {
            text = reader.ReadToEnd();
        }

        var at = text.IndexOf("\"residual_rank\":1}", StringComparison.Ordinal);
        text = string.Concat(text.AsSpan(0, at), "\"residual_rank\":7}", text.AsSpan(at + "\"residual_rank\":1}".Length));
        using (var compressor = new ZstdSharp.Compressor(3))
        {
            File.WriteAllBytes(file, compressor.Wrap(System.Text.Encoding.UTF8.GetBytes(text)).ToArray());
        }

        Assert.Throws<Allot.Core.Errors.AllotException>(() => S7Validator.Validate(new S7ValidationOptions(root.Inputs, run.RunId)));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    [InlineData("flipped")]
    public void DamagedCompressedLog_IsAnEnvelopeError_NamingTheFile_ForValidateAndReplay(string damage)
    {
        // Found by hand: validate-s7 said "the residual_rank log ends before the events of the merchant" (row 0) for a
        // .zst that is not zstd at all, and replay-s7 crashed (E_INTERNAL ZstdException, or E_IO "Premature end of
        // stream" naming no file) on the same logs.
        using var root = new S7TestRoot(merchants: 400);
        var run = S7Runner.Run(new S7RunOptions(root.Inputs, 1, Start, S7LogCompression.Zstd));
        var file = root.EventFile(S7Names.ResidualLabel, run.RunId) + ".zst";
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, damage switch
        {
            "truncated" => bytes[..^20],
            "garbage" => System.Text.Encoding.ASCII.GetBytes("this is not a zstd stream\n"),
            _ => [.. bytes[..4], (byte)(bytes[4] ^ 0xff), .. bytes[5..]], // the first frame's header descriptor
        });

        var validate = Assert.Throws<Allot.Core.Errors.AllotException>(() => S7Validator.Validate(new S7ValidationOptions(root.Inputs, run.RunId)));
        var replay = Assert.Throws<Allot.Core.Errors.AllotException>(() => S7MerchantReplay.Replay(root.Inputs, 1_000_003, run.RunId));
        foreach (var ex in new[] { validate, replay })
        {
            Assert.Equal((S7Errors.RngEnvelope, Allot.Core.Errors.ErrorClass.Validation), (ex.Code, ex.Error.Class));
            Assert.Contains(file, ex.Message, StringComparison.Ordinal);
            Assert.Contains("zstd", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DuckDb_ReadsTheCompressedLogsDirectly()
    {
        using var root = new S7TestRoot(merchants: 1500);
        var run = S7Runner.Run(new S7RunOptions(root.Inputs, 2, Start, S7LogCompression.Zstd));
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(run.ResidualEvents, Scalar($"SELECT count(*) FROM read_json('{root.EventFile(S7Names.ResidualLabel, run.RunId)}.zst')"));
        Assert.Equal(run.GammaEvents, Scalar($"SELECT count(*) FROM read_json('{root.EventFile(S7Names.GammaLabel, run.RunId)}.zst')"));
        Assert.Equal(run.Rows, Scalar($"SELECT CAST(sum(len(country_isos)) + {run.DomesticOnly} AS BIGINT) FROM read_json('{root.EventFile(S7Names.GammaLabel, run.RunId)}.zst')"));
        Assert.Equal(run.GammaEvents + run.ResidualEvents, Scalar($"SELECT count(*) FROM read_json('{root.TraceFile(run.RunId)}.zst')"));
    }

    [Fact]
    public void Run_ReportsLiveProgress_InMerchantsUpToTheTotal()
    {
        using var root = new S7TestRoot(merchants: 40_000);
        var ticks = new List<PhaseProgress>();
        var progress = new Recorder(ticks);
        S7Runner.Run(new S7RunOptions(root.Inputs, 2, Start), progress);
        Assert.True(ticks.Count >= 4, $"{ticks.Count} ticks");
        Assert.All(ticks, t => Assert.Equal(("sample+write", 40_000L, "merchants"), (t.Phase, t.Total, t.Unit)));
        Assert.Contains(ticks, t => t.Done > 0 && t.Done < t.Total);
        Assert.Equal(ticks.Select(t => t.Done).Order(), ticks.Select(t => t.Done));
        Assert.True(ticks[^1].IsComplete);
        Assert.Single(ticks, t => t.IsComplete);
    }

    /// <summary>Records reports synchronously (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class Recorder(List<PhaseProgress> ticks) : IProgress<PhaseProgress>
    {
        public void Report(PhaseProgress value)
        {
            lock (ticks)
            {
                ticks.Add(value);
            }
        }
    }
}
