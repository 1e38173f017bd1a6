using System.Security.Cryptography;
using System.Text;
using Allot.Segment1B.Fixtures;

namespace Allot.Segment1B.Tests;

/// <summary>
/// The bytes of a fixed fixture's plan and of its report's merchant summaries, pinned before the S4 speed work
/// (issue 13): any optimisation of the loader, the allocator, the writer or the report must keep them.
/// </summary>
public sealed class PinnedReceiptTests
{
    private static readonly FixtureOptions Shape = new(Merchants: 3000, Countries: 15, TilesPerCountry: 400, Seed: 11);

    [Theory]
    [InlineData(1, 1 << 20, Allocation.S4Shards.DefaultPairsPerShard, "74892034ded0e9e317144454fac63a2829d8ddc44cf3c6f4f48ab18be7f0f788 d987d11c87f654826f25026211e52314014e27797d18edca1a796f0b499e42a9 18071")]
    [InlineData(2, 1000, 4000, "c443e5b65fe123eec5256cd6916a5d3615b3edf2befb959560080f7bf0d47a94 d987d11c87f654826f25026211e52314014e27797d18edca1a796f0b499e42a9 18071")]
    public void Run_FixedFixture_KeepsItsPinnedReceiptAndSummaries(int workers, int rowGroupRows, int pairsPerShard, string expected)
    {
        var root = Path.Combine(Path.GetTempPath(), "allot-s4-pin-" + Guid.NewGuid().ToString("N"));
        try
        {
            var id = FixtureGenerator.Generate(root, Shape);
            var layout = new Segment1BLayout(root, id);
            var local = new Allocation.LocalS4ShardExecutor(workers);
            var result = S4Runner.RunSharded(layout, workers, skipS0: false, rowGroupRows, pairsPerShard, local, () => local.WorkersUsed, execution: null);

            var report = File.ReadAllText(layout.RunReport);
            var summaries = report[report.IndexOf("\"merchant_summaries\"", StringComparison.Ordinal)..report.IndexOf("\"merchants_total\"", StringComparison.Ordinal)];
            var summariesHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(summaries)));
            Assert.Equal(expected, $"{result.Report.DeterminismReceipt.Sha256Hex} {summariesHash} {result.Report.RowsEmitted}");
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
