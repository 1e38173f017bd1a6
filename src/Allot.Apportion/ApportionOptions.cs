using Allot.Core.Apportionment;

namespace Allot.Apportion;

/// <summary>Options of one <c>allot apportion</c> run. Column names default to the documented CSV layout.</summary>
public sealed record ApportionOptions
{
    /// <summary>Input table (CSV or .parquet); <c>-</c> reads CSV from <see cref="Stdin"/>.</summary>
    public required string InputPath { get; init; }

    /// <summary>Output allocation table (CSV, or .parquet by extension); <c>-</c> writes CSV to <see cref="Stdout"/>.</summary>
    public required string OutputPath { get; init; }

    /// <summary>Where <c>--input -</c> reads text from (takes precedence over <see cref="StdinBytes"/>).</summary>
    public TextReader? Stdin { get; init; }

    /// <summary>
    /// Where <c>--input -</c> reads bytes from when <see cref="Stdin"/> is null (the console's standard input when this
    /// is null too). Bytes, not text: the CSV reader then checks UTF-8 and skips a BOM exactly as for a file.
    /// </summary>
    public Stream? StdinBytes { get; init; }

    /// <summary>Where <c>--output -</c> writes to (the console's standard output when null).</summary>
    public TextWriter? Stdout { get; init; }

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

    /// <summary>Apportionment method, in the core vocabulary (<c>--method</c> takes its <see cref="ApportionmentMethod.Name"/>).</summary>
    public ApportionmentMethod Method { get; init; } = ApportionmentMethod.Hamilton;

    /// <summary>What to do when units tie at the cutoff (break by the tie order, or fail with <c>E_TIE_REQUIRES_LOTS</c>).</summary>
    public TiePolicyKind OnTie { get; init; } = TiePolicyKind.BreakByDeclaredOrder;

    /// <summary>
    /// A table of drawn orders (the unit column, and the group column when there are groups; row order = drawn
    /// order). A group listed there breaks ties by its drawn order; other groups follow <see cref="OnTie"/>.
    /// </summary>
    public string? LotsPath { get; init; }

    /// <summary>Electoral threshold as a share of the group's total weight (units below it get nothing).</summary>
    public decimal? ThresholdShare { get; init; }

    /// <summary>Electoral threshold as an absolute weight (units below it get nothing).</summary>
    public decimal? ThresholdWeight { get; init; }

    /// <summary>Secondary tie order.</summary>
    public TieOrderOption TieOrder { get; init; } = TieOrderOption.Unit;

    /// <summary>What to do when bounds cannot hold a group's total.</summary>
    public InfeasiblePolicy OnInfeasible { get; init; } = InfeasiblePolicy.Fail;

    /// <summary>The policies by their command-line names, which the audit writes too.</summary>
    public static IReadOnlyDictionary<string, InfeasiblePolicy> PolicyNames { get; } = new Dictionary<string, InfeasiblePolicy>(StringComparer.Ordinal)
    {
        ["fail"] = InfeasiblePolicy.Fail,
        ["flag"] = InfeasiblePolicy.Flag,
        ["relax"] = InfeasiblePolicy.RelaxCaps,
    };

    /// <summary>The command-line name of <paramref name="policy"/>.</summary>
    public static string PolicyName(InfeasiblePolicy policy) => PolicyNames.First(p => p.Value == policy).Key;

    /// <summary>Where to write the audit, if anywhere: JSON, or CSV / Parquet (one row per unit) by extension.</summary>
    public string? AuditPath { get; init; }

    /// <summary>Replace an existing output that differs (otherwise that is <see cref="ApportionJobErrors.OutputConflict"/>).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Threads apportioning groups in parallel (default: processor count). Never changes a byte of output.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;
}
