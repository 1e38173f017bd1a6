using System.Text.Json.Nodes;
using Allot.Data.Publishing;

namespace Allot.Segment1B;

/// <summary>What <see cref="S4Runner.Run"/> did.</summary>
/// <param name="Outcome">Whether the partition was published or already there with identical bytes.</param>
/// <param name="ReportWritten">False when an identical partition's existing report was kept.</param>
/// <param name="Report">This run's report without merchant_summaries, which are streamed to the file (written only when <paramref name="ReportWritten"/>).</param>
public sealed record S4RunResult(PublishOutcome Outcome, bool ReportWritten, JsonObject Report);
