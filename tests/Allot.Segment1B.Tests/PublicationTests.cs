using Allot.Core.Errors;
using Allot.Data.Json;
using Allot.Data.Publishing;
using Allot.Segment1B;
using Allot.Segment1B.Validation;

namespace Allot.Segment1B.Tests;

/// <summary>Issue #10 for S4: whole-set validation, exact counters, concurrent writers.</summary>
public sealed class PublicationTests
{
    /// <summary>Case 11: four pairs of 6e18 sites; the merchant's n_sites_total is 2.4e19, written exactly; a wrapped value is refused.</summary>
    [Fact]
    public void Case11_NSitesTotalIsExactBeyond64Bits_AndAWrappedReportFails()
    {
        using var h = new HandRoot();
        h.WriteIso("DE", "FR", "GB", "IT");
        h.WriteIndex(("DE", 1), ("FR", 2), ("GB", 3), ("IT", 4));
        h.WriteWeights(0, ("DE", 1, 1), ("FR", 2, 1), ("GB", 3, 1), ("IT", 4, 1));
        const long n = 6_000_000_000_000_000_000;
        h.WriteRequirements((7, "DE", n), (7, "FR", n), (7, "GB", n), (7, "IT", n));
        h.WriteBundle();
        S4Runner.Run(h.Layout, 1, skipS0: false);
        var text = File.ReadAllText(h.Layout.RunReport);
        Assert.Contains("\"n_sites_total\": 24000000000000000000", text, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Ok, S4Validator.Validate(h.Layout).Status);

        File.WriteAllText(h.Layout.RunReport, text.Replace("24000000000000000000", "5553255926290448384", StringComparison.Ordinal));
        var ex = Assert.Throws<AllotException>(() => S4Validator.Validate(h.Layout));
        Assert.Equal(S4Codes.Determinism, ex.Code);
        Assert.Contains("n_sites_total", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Case 9: a stray file in the plan fails even when the report's receipt is recomputed to include it.</summary>
    [Theory]
    [InlineData("notes.txt")]
    [InlineData(".hidden")]
    [InlineData("sub/part-00000.parquet")]
    public void Case9_StrayEntryInThePlan_FailsEvenWithARecomputedReceipt(string stray)
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, skipS0: false);
        var path = Path.Combine(h.Layout.AllocPlan, stray);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "stray");
        var report = File.ReadAllText(h.Layout.RunReport);
        var oldSha = System.Text.RegularExpressions.Regex.Match(report, "\"sha256_hex\": \"([0-9a-f]{64})\"").Groups[1].Value;
        File.WriteAllText(h.Layout.RunReport, report.Replace(oldSha, DeterminismReceipt.ComputeSha256Hex(h.Layout.AllocPlan), StringComparison.Ordinal));

        var ex = Assert.Throws<AllotException>(() => S4Validator.Validate(h.Layout));
        Assert.Equal(S4Codes.Determinism, ex.Code);
        Assert.Contains("never writes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HalfPublishedSet_IsReportedAsSuch()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, skipS0: false);
        var staged = Path.Combine(Path.GetDirectoryName(h.Layout.RunReport)!, ".staging-1-1-00000000-s4_run_report.json");
        File.Move(h.Layout.RunReport, staged);
        PublishJournal.Write(h.Root, ".allot-journal-1-1-00000000.json", new ProcessIdentity(1, 1), [h.Root], [new JournalEntry(staged, h.Layout.RunReport, false, null)]);
        var ex = Assert.Throws<AllotException>(() => S4Validator.Validate(h.Layout));
        Assert.Equal(PublishCodes.HalfPublished, ex.Code);
        Assert.Equal(ErrorClass.Validation, ex.Error.Class);
    }

    /// <summary>2 and 4 writers of one partition at once: same content ⇒ all succeed, one publishes; different content ⇒ exactly one succeeds.</summary>
    [Theory]
    [InlineData(2, true)]
    [InlineData(4, true)]
    [InlineData(2, false)]
    [InlineData(4, false)]
    public void ConcurrentWriters(int writers, bool sameContent)
    {
        using var h = HandRoot.SpecExamples();
        h.WriteRequirements(Enumerable.Range(1, 200).Select(m => ((long)m, m % 2 == 0 ? "GB" : "FR", (long)(m % 13 + 1))).ToArray());
        ValidationBundleGateRun(h);
        var results = Enumerable.Range(0, writers).AsParallel().WithDegreeOfParallelism(writers).Select(i =>
        {
            try
            {
                // Row-group size changes the file bytes, never the rows: "different content" for the same partition.
                var r = S4Runner.Run(h.Layout, 1, skipS0: true, rowGroupRows: sameContent ? 64 : 64 + (i % 2));
                return (Ok: true, Outcome: r.Outcome.ToString(), Code: (string?)null, Content: i % 2);
            }
            catch (AllotException ex)
            {
                return (Ok: false, Outcome: string.Empty, Code: ex.Code, Content: i % 2);
            }
        }).ToList();
        Assert.Equal(1, results.Count(r => r.Outcome == "Published"));
        if (sameContent)
        {
            Assert.All(results, r => Assert.True(r.Ok, r.Code));
        }
        else
        {
            // Every success carries the same content; every writer of the other content got the conflict code.
            var winner = results.Single(r => r.Outcome == "Published").Content;
            Assert.All(results, r => Assert.Equal(r.Content == winner, r.Ok));
            Assert.All(results.Where(r => !r.Ok), r => Assert.Equal(S4Codes.ImmutableConflict, r.Code));
        }

        Assert.Equal(RunStatus.Ok, S4Validator.Validate(h.Layout).Status);
        Assert.Empty(Directory.EnumerateFileSystemEntries(h.Root, ".staging-*", SearchOption.AllDirectories));
        Assert.Empty(PublishJournal.In(h.Root));
    }

    private static void ValidationBundleGateRun(HandRoot h) => Allot.Segment1B.Gate.ValidationBundleGate.Run(h.Layout, DateTimeOffset.UtcNow);
}
