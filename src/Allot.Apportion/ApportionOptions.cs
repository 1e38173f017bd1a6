using Allot.Core.Apportionment;

namespace Allot.Apportion;

/// <summary>Options of one <c>allot apportion</c> run. Column names default to the documented CSV layout.</summary>
public sealed record ApportionOptions
{
    /// <summary>Input table (CSV or .parquet).</summary>
    public required string InputPath { get; init; }

    /// <summary>Output allocation table (CSV, or .parquet by extension).</summary>
    public required string OutputPath { get; init; }

    /// <summary>Group column; null for a single group.</summary>
    public string? GroupColumn { get; init; }

    /// <summary>Unit key column.</summary>
    public string UnitColumn { get; init; } = "unit";

    /// <summary>Weight column (exact decimal numbers).</summary>
    public string WeightColumn { get; init; } = "weight";

    /// <summary>Per-row total column (identical within a group); used when neither <see cref="Total"/> nor <see cref="TotalsPath"/> is set.</summary>
    public string TotalColumn { get; init; } = "total";

    /// <summary>One total for every group.</summary>
    public long? Total { get; init; }

    /// <summary>A table of group totals (columns: the group column and <see cref="TotalColumn"/>).</summary>
    public string? TotalsPath { get; init; }

    /// <summary>Optional minimum column.</summary>
    public string? MinColumn { get; init; }

    /// <summary>Optional maximum (cap) column.</summary>
    public string? MaxColumn { get; init; }

    /// <summary>Apportionment method.</summary>
    public ApportionMethod Method { get; init; } = ApportionMethod.Hamilton;

    /// <summary>Secondary tie order.</summary>
    public TieOrderOption TieOrder { get; init; } = TieOrderOption.Unit;

    /// <summary>What to do when bounds cannot hold a group's total.</summary>
    public InfeasiblePolicy OnInfeasible { get; init; } = InfeasiblePolicy.Fail;

    /// <summary>Where to write the JSON audit, if anywhere.</summary>
    public string? AuditPath { get; init; }

    /// <summary>Replace an existing output that differs (otherwise that is <see cref="ApportionJobErrors.OutputConflict"/>).</summary>
    public bool Overwrite { get; init; }
}
