using Allot.Data.Json;

namespace Allot.Segment1B.Reporting;

/// <summary>The one-line JSON summary <c>allot segment1b run</c> prints, built from the run's typed report.</summary>
public sealed record S4RunSummary
{
    /// <summary><see cref="RunStatus.Ok"/>: failures are errors.</summary>
    public string Status { get; init; } = RunStatus.Ok;

    /// <summary>Always "S4".</summary>
    public string State { get; init; } = "S4";

    /// <summary>Published, or AlreadyPresent for an identical partition.</summary>
    public required string Outcome { get; init; }

    /// <summary>The partition, relative to the data root.</summary>
    public required string PartitionPath { get; init; }

    /// <summary>The partition's determinism receipt.</summary>
    public required string Sha256Hex { get; init; }

    /// <summary>Plan rows.</summary>
    public required long RowsEmitted { get; init; }

    /// <summary>Requirement pairs.</summary>
    public required long PairsTotal { get; init; }

    /// <summary>+1 increments.</summary>
    public required long ShortfallTotal { get; init; }

    /// <summary>Increments decided by the tile_id rule.</summary>
    public required long TiesBrokenTotal { get; init; }

    /// <summary>Peak concurrent chunks.</summary>
    public required long WorkersUsed { get; init; }

    /// <summary>Wall time, seconds.</summary>
    public required double WallClockSecondsTotal { get; init; }

    /// <summary>Peak RSS, bytes.</summary>
    public required long MaxWorkerRssBytes { get; init; }

    /// <summary>The run report, relative to the data root.</summary>
    public required string ReportPath { get; init; }

    /// <summary>False when an identical partition's existing report was kept.</summary>
    public required bool ReportWritten { get; init; }

    /// <summary>The S0 gate receipt, relative to the data root.</summary>
    public required string GateReceiptPath { get; init; }

    /// <summary>The summary of <paramref name="result"/>.</summary>
    public static S4RunSummary From(Segment1BLayout layout, S4RunResult result)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(result);
        var r = result.Report;
        return new S4RunSummary
        {
            Outcome = result.Outcome.ToString(),
            PartitionPath = layout.AllocPlanRelative,
            Sha256Hex = r.DeterminismReceipt.Sha256Hex,
            RowsEmitted = r.RowsEmitted,
            PairsTotal = r.PairsTotal,
            ShortfallTotal = r.ShortfallTotal,
            TiesBrokenTotal = r.TiesBrokenTotal,
            WorkersUsed = r.WorkersUsed,
            WallClockSecondsTotal = r.WallClockSecondsTotal,
            MaxWorkerRssBytes = r.MaxWorkerRssBytes,
            ReportPath = layout.Relative(layout.RunReport),
            ReportWritten = result.ReportWritten,
            GateReceiptPath = layout.Relative(layout.GateReceipt),
        };
    }
}
