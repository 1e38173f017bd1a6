using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Allot.Core.Errors;
using Allot.Segment1A;
using Allot.Segment1A.Validation;
using static Allot.Segment1A.Validation.S7Validator;

namespace Allot.Segment1A.Tests;

/// <summary>
/// The validator's fast path (re-rendered canonical lines compared as bytes, <see cref="CanonicalLogCheck"/>) proves a
/// run's own logs, and on anything else hands over to the full parse with the verdict, code, message, file and line
/// the full parse alone gives — at any batch size and worker count, wherever in the logs the difference is.
/// </summary>
public sealed class S7ValidatorFastPathTests
{
    private const int Merchants = 200;
    private const int SmallBatch = 16;

    private static (S7TestRoot Root, S7RunResult Run) Fresh()
    {
        var root = new S7TestRoot(Merchants, domesticShare: 0.3, maxCountries: 6);
        return (root, root.Run(workers: 2));
    }

    /// <summary>The report or the error of a validation, for comparing outcomes.</summary>
    private static object Outcome(S7TestRoot root, FastPathSettings settings, int workers, out long proven)
    {
        try
        {
            return Validate(new S7ValidationOptions(root.Inputs, null, workers), null, settings);
        }
        catch (AllotException ex)
        {
            return ex.Error;
        }
        finally
        {
            proven = settings.Proven;
        }
    }

    /// <summary>
    /// The full parse alone and the fast path (small and default batches, one to three workers) agree exactly; with
    /// small batches the fast path proved at least <paramref name="provenAtLeast"/> merchants before handing over.
    /// </summary>
    private static object AssertSameOutcome(S7TestRoot root, long provenAtLeast = 0)
    {
        var full = Outcome(root, new FastPathSettings(enabled: false), 1, out _);
        foreach (var (batch, workers) in new[] { (SmallBatch, 1), (SmallBatch, 2), (7, 3), (CanonicalLogCheck.DefaultMerchantsPerBatch, 2) })
        {
            Assert.Equal(full, Outcome(root, new FastPathSettings(true, batch), workers, out var proven));
            Assert.True(batch > SmallBatch || proven >= provenAtLeast, $"the fast path proved {proven} merchants before handing over; expected at least {provenAtLeast}");
        }

        return full;
    }

    // Tampering at or after LateMerchant: the fast path proves the batches before it, then the full parse takes over.
    private static void AssertSameError(S7TestRoot root, string code)
    {
        var error = Assert.IsType<AllotError>(AssertSameOutcome(root, provenAtLeast: 100));
        Assert.Equal(code, error.Code);
    }

    private static bool MultiCountry(JsonObject o) => o["country_isos"]!.AsArray().Count > 1;

    private static bool Late(JsonObject o) => o["merchant_id"]!.GetValue<long>() >= LateMerchant;

    // The fixture generator's id of merchant 150 (1_000_000 + 7k + 3): well past the first batches of SmallBatch merchants.
    private static long LateMerchant => 1_000_000 + (7 * 150) + 3;

    [Fact]
    public void RunsOwnLogs_AreProvenByTheFastPath_AtAnyBatchSizeAndWorkerCount()
    {
        var (root, _) = Fresh();
        using (root)
        {
            var full = Outcome(root, new FastPathSettings(enabled: false), 1, out _);
            Assert.IsType<S7ValidationReport>(full);
            foreach (var (batch, workers) in new[] { (SmallBatch, 1), (SmallBatch, 2), (1, 2), (CanonicalLogCheck.DefaultMerchantsPerBatch, 3) })
            {
                Assert.Equal(full, Outcome(root, new FastPathSettings(true, batch), workers, out var proven));
                Assert.Equal(Merchants, proven);
            }
        }
    }

    /// <summary>
    /// Logs partly evicted from the page cache (every other 2 MB piece): on Linux the evicted pieces are read with
    /// O_DIRECT and the others from the cache (LogFeed), and the fast path still proves every merchant.
    /// </summary>
    [Fact]
    public void LogsPartlyOutOfThePageCache_AreProvenByTheFastPath()
    {
        using var root = new S7TestRoot(3000);
        var run = root.Run(workers: 2);
        foreach (var file in new[] { root.EventFile(S7Names.GammaLabel, run.RunId), root.EventFile(S7Names.ResidualLabel, run.RunId), root.TraceFile(run.RunId) })
        {
            Evict(file, everyOther: LogFeed.ReadBytes);
        }

        Assert.IsType<S7ValidationReport>(Outcome(root, new FastPathSettings(true, 256), 2, out var proven));
        Assert.Equal(3000, proven);
    }

    [Fact]
    public void CompressedLogs_AreProvenByTheFastPath()
    {
        using var root = new S7TestRoot(Merchants, domesticShare: 0.3, maxCountries: 6);
        S7Runner.Run(new S7RunOptions(root.Inputs, 2, LogCompression: S7LogCompression.Zstd));
        Assert.IsType<S7ValidationReport>(Outcome(root, new FastPathSettings(true, SmallBatch), 2, out var proven));
        Assert.Equal(Merchants, proven);
    }

    [Fact]
    public void LateChangedGammaValue_SameErrorAsTheFullParse()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.EditLine(root.EventFile(S7Names.GammaLabel, run.RunId), o => MultiCountry(o) && Late(o), o =>
            {
                var g = o["gamma_raw"]!.AsArray();
                g[1] = Math.BitIncrement(g[1]!.GetValue<double>());
            });
            AssertSameError(root, S7Errors.ReplayMismatch);
        }
    }

    [Fact]
    public void LateChangedTraceTotal_SameErrorAsTheFullParse()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.RewriteLines(root.TraceFile(run.RunId), lines =>
            {
                var i = lines.Count - 40;
                var o = JsonNode.Parse(lines[i])!.AsObject();
                o["events_total"] = o["events_total"]!.GetValue<ulong>() + 1;
                lines[i] = o.ToJsonString();
                return lines;
            });
            AssertSameError(root, S7Errors.RngAccounting);
        }
    }

    [Fact]
    public void LateDroppedResidualEvent_SameErrorAsTheFullParse()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.RewriteLines(root.EventFile(S7Names.ResidualLabel, run.RunId), lines =>
            {
                lines.RemoveAt(lines.Count - 30);
                return lines;
            });
            AssertSameError(root, S7Errors.RngAccounting);
        }
    }

    [Fact]
    public void LateTruncatedLine_SameErrorAsTheFullParse()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.RewriteLines(root.EventFile(S7Names.ResidualLabel, run.RunId), lines =>
            {
                lines[^25] = lines[^25][..40];
                return lines;
            });
            AssertSameError(root, S7Errors.RngEnvelope);
        }
    }

    [Fact]
    public void LateBadTimestamp_SameErrorAsTheFullParse()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.EditLine(root.EventFile(S7Names.GammaLabel, run.RunId), Late, o => o["ts_utc"] = "2025-06-01T12:00:00.00000Z");
            AssertSameError(root, S7Errors.RngEnvelope);
        }
    }

    [Fact]
    public void ExtraLineAtTheEnd_SameErrorAsTheFullParse()
    {
        var (root, run) = Fresh();
        using (root)
        {
            S7TestRoot.RewriteLines(root.TraceFile(run.RunId), lines => [.. lines, lines[^1]]);
            AssertSameError(root, S7Errors.RngAccounting);
        }
    }

    [Fact]
    public void LateSwappedRanksInTheCache_SameErrorAsTheFullParse()
    {
        var (root, _) = Fresh();
        using (root)
        {
            S7TestRoot.EditParquet(root.CacheFile, c =>
            {
                var ranks = (int[])c["residual_rank"];
                var ids = (long[])c["merchant_id"];
                var i = Array.FindIndex(ids, id => id >= LateMerchant && ids.Count(x => x == id) > 1);
                (ranks[i], ranks[i + 1]) = (ranks[i + 1], ranks[i]);
            });
            AssertSameError(root, S7Errors.ReplayMismatch);
        }
    }

    [Fact]
    public void CrLfLineEndsAndNoFinalNewline_ValidateThroughTheFullParse()
    {
        var (root, run) = Fresh();
        using (root)
        {
            var file = root.EventFile(S7Names.ResidualLabel, run.RunId);
            var lines = File.ReadAllLines(file);
            File.WriteAllText(file, string.Join("\r\n", lines.Take(lines.Length - 50)) + "\r\n" + string.Join("\n", lines.Skip(lines.Length - 50)));
            Assert.IsType<S7ValidationReport>(AssertSameOutcome(root));
        }
    }

    /// <summary>
    /// Logs written by another producer — keys in another order, whitespace, doubles in exponent form — carry the
    /// same values: they validate (through the full parse), and a tampered value gives the full parse's error.
    /// </summary>
    [Fact]
    public void LogsOfAnotherProducer_Validate_AndTamperingGivesTheFullParsesError()
    {
        var (root, run) = Fresh();
        using (root)
        {
            var files = new[] { root.EventFile(S7Names.GammaLabel, run.RunId), root.EventFile(S7Names.ResidualLabel, run.RunId), root.TraceFile(run.RunId) };
            foreach (var file in files)
            {
                S7TestRoot.RewriteLines(file, lines => lines.Select(Reformat).ToList());
            }

            Assert.IsType<S7ValidationReport>(AssertSameOutcome(root));
            Assert.IsType<S7ValidationReport>(Outcome(root, new FastPathSettings(true, SmallBatch), 2, out var proven));
            Assert.Equal(0, proven);

            S7TestRoot.RewriteLines(files[1], lines =>
            {
                var i = lines.Count - 20;
                lines[i] = lines[i].Replace("\"residual_rank\" : ", "\"residual_rank\" : 1", StringComparison.Ordinal);
                return lines;
            });
            Assert.Equal(S7Errors.SchemaInvalid, Assert.IsType<AllotError>(AssertSameOutcome(root)).Code);
        }
    }

    /// <summary>The same object as another producer might write it: reversed keys, spaces, doubles as <c>d.ddddE±x</c>.</summary>
    private static string Reformat(string line)
    {
        var sb = new StringBuilder("{ ");
        var properties = JsonNode.Parse(line)!.AsObject().Reverse().ToList();
        for (var p = 0; p < properties.Count; p++)
        {
            if (p > 0)
            {
                sb.Append(" , ");
            }

            sb.Append('"').Append(properties[p].Key).Append("\" : ");
            Value(sb, properties[p].Value!);
        }

        return sb.Append(" }").ToString();

        static void Value(StringBuilder sb, JsonNode node)
        {
            if (node is JsonArray array)
            {
                sb.Append("[ ");
                for (var i = 0; i < array.Count; i++)
                {
                    sb.Append(i > 0 ? " , " : string.Empty);
                    Value(sb, array[i]!);
                }

                sb.Append(" ]");
                return;
            }

            var element = node.GetValue<JsonElement>();
            var raw = element.GetRawText();
            sb.Append(element.ValueKind == JsonValueKind.Number && raw.Contains('.', StringComparison.Ordinal)
                ? element.GetDouble().ToString("E16", CultureInfo.InvariantCulture)
                : raw);
        }
    }

    /// <summary>Writes <paramref name="file"/> back and drops every other <paramref name="everyOther"/> bytes of it from the page cache (Linux).</summary>
    private static void Evict(string file, int everyOther)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Flush(flushToDisk: true);
        var fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        for (long at = 0; at < stream.Length; at += 2L * everyOther)
        {
            _ = PosixFadvise(fd, at, everyOther, 4); // POSIX_FADV_DONTNEED
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "posix_fadvise")]
    private static extern int PosixFadvise(int fd, long offset, long length, int advice);
}
