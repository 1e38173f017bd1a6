using System.Diagnostics;
using System.Text.Json.Nodes;
using Allot.Data.Diagnostics;
using Allot.Data.Publishing;
using Allot.Segment1B.Allocation;
using Allot.Segment1B.Gate;
using Allot.Segment1B.Reporting;

namespace Allot.Segment1B;

/// <summary>
/// Runs S0 (unless skipped) then S4: load and check inputs, allocate every pair, stream the plan into a staging
/// folder, publish it write-once (identical ⇒ success without rewrite, different ⇒ E411), then write the run
/// report. On a re-run that finds an identical partition, an existing report is left untouched (it describes the
/// run that produced the partition); a missing one (e.g. after a crash between publish and report) is written.
/// </summary>
public static class S4Runner
{
    /// <summary>Runs the state; throws <see cref="Core.Errors.AllotException"/> with an S0/S4 code on failure.</summary>
    /// <param name="layout">Resolved paths and tokens.</param>
    /// <param name="workers">Worker threads for the allocation (≥ 1); never changes a byte of output.</param>
    /// <param name="skipS0">Use the existing gate receipt instead of re-verifying the bundle.</param>
    /// <param name="rowGroupRows">Rows per Parquet row group (tests use small values to exercise many groups).</param>
    public static S4RunResult Run(Segment1BLayout layout, int workers, bool skipS0, int rowGroupRows = 1 << 20)
    {
        using var meter = RunMeter.Start();
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        if (!skipS0)
        {
            ValidationBundleGate.Run(layout, DateTimeOffset.UtcNow);
        }

        ValidationBundleGate.RequireReceipt(layout);
        timings["s0_gate"] = Lap(clock);

        var inputs = S4InputLoader.Load(layout, workers);
        timings["load_inputs"] = Lap(clock);

        PlanTotals? totals = null;
        var publish = PartitionPublisher.Publish(layout.AllocPlan, staging =>
        {
            using var sink = new PlanRowSink(staging, rowGroupRows);
            totals = PlanAllocator.Allocate(inputs, workers, sink);
            meter.Sample();
            sink.Complete();
        }, S4Codes.ImmutableConflict);
        timings["allocate_write_publish"] = Lap(clock);

        var measurement = meter.Stop();
        var report = S4RunReport.Build(layout, inputs, totals!, publish.Sha256Hex, measurement, timings);
        var reportWritten = false;
        if (publish.Outcome == PublishOutcome.Published || !File.Exists(layout.RunReport))
        {
            S4RunReport.Write(layout.RunReport, report, inputs.Pairs, totals!.RowsPerPair);
            reportWritten = true;
        }

        return new S4RunResult(publish.Outcome, reportWritten, report);
    }

    private static double Lap(Stopwatch clock)
    {
        var s = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return s;
    }
}
