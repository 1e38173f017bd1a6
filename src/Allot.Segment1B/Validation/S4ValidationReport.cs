using Allot.Data.Json;

namespace Allot.Segment1B.Validation;

/// <summary>What <c>validate-s4</c> found when every check passed (failures are errors); printed as one JSON line.</summary>
public sealed record S4ValidationReport
{
    /// <summary><see cref="RunStatus.Ok"/>.</summary>
    public string Status { get; init; } = RunStatus.Ok;

    /// <summary>The partition checked, relative to the data root.</summary>
    public required string PartitionPath { get; init; }

    /// <summary>The partition's hash, recomputed.</summary>
    public required string Sha256Hex { get; init; }

    /// <summary>Plan rows checked.</summary>
    public required long Rows { get; init; }

    /// <summary>Requirement pairs checked.</summary>
    public required long Pairs { get; init; }

    /// <summary>Merchants checked.</summary>
    public required long Merchants { get; init; }

    /// <summary>+1 increments recomputed.</summary>
    public required long ShortfallTotal { get; init; }

    /// <summary>Increments decided by the tile_id rule.</summary>
    public required long TiesBrokenTotal { get; init; }

    /// <summary>"allot", or the original engine's format (whose merchant_summaries.pairs counts tiles).</summary>
    public required string ReportFormat { get; init; }
}
