using Allot.Data.Publishing;
using Allot.Segment1B.Reporting;

namespace Allot.Segment1B;

/// <summary>What <see cref="S4Runner.Run"/> did.</summary>
/// <param name="Outcome">Whether the partition was published or already there with identical bytes.</param>
/// <param name="ReportWritten">False when an identical partition's existing report was kept.</param>
/// <param name="Report">This run's report (its merchant summaries are streamed to the file, written only when <paramref name="ReportWritten"/>).</param>
public sealed record S4RunResult(PublishOutcome Outcome, bool ReportWritten, S4RunReport Report);
