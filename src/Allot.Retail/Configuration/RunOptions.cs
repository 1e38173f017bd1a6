namespace Allot.Retail.Configuration;

/// <summary>Per-run switches of <c>allot retail allocate</c> (everything that is a flag rather than an environment parameter).</summary>
public sealed record RunOptions
{
    /// <summary>Integer method.</summary>
    public AllocationMethod Method { get; init; } = AllocationMethod.Seed;

    /// <summary>What to do with units no cap can take (<c>--relax-caps none|bounded|unlimited</c>; default bounded).</summary>
    public CapRelaxation RelaxCaps { get; init; } = CapRelaxation.Bounded;

    /// <summary>The mode in force: <see cref="RelaxCaps"/>, except that <c>--method joint</c> keeps every cap (<see cref="CapRelaxation.None"/>).</summary>
    public CapRelaxation EffectiveRelaxCaps => Method == AllocationMethod.Joint ? CapRelaxation.None : RelaxCaps;

    /// <summary>True when nothing may go above a cap (<c>--relax-caps none</c>, <c>--strict-caps</c> or <c>--method joint</c>).</summary>
    public bool StrictCaps => EffectiveRelaxCaps == CapRelaxation.None;

    /// <summary>Allocate rows with ΔQty &lt; 0 as negative store quantities by sales weight (<c>--include-reductions</c>).</summary>
    public bool IncludeReductions { get; init; }

    /// <summary>Report rows without stores instead of failing (<c>--allow-unallocatable</c>).</summary>
    public bool AllowUnallocatable { get; init; }

    /// <summary>Also write the Step 33 store file widened with allocated units (<c>--merge-into-store-plugin</c>).</summary>
    public bool MergeIntoStorePlugin { get; init; }

    /// <summary>Write the CSV outputs with a UTF-8 BOM (default; <c>--no-bom</c> turns it off) so Excel detects UTF-8.</summary>
    public bool CsvBom { get; init; } = true;

    /// <summary>Also write the pick list as <c>.xlsx</c> with a per-store totals sheet (<c>--xlsx</c>).</summary>
    public bool Xlsx { get; init; }

    /// <summary>Worker threads (1 = sequential); never changes a byte of output.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Where live progress goes (rows allocated, outputs written); none by default. Never changes output.</summary>
    public IProgress<Data.Diagnostics.PhaseProgress>? Progress { get; init; }

    /// <summary>The flags as reported in the reconciliation (thread count is deliberately excluded: it cannot change output).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AsReported() =>
    [
        new("method", MethodName(Method)),
        new("relax_caps", RelaxationName(EffectiveRelaxCaps)),
        new("strict_caps", StrictCaps ? "true" : "false"),
        new("include_reductions", IncludeReductions ? "true" : "false"),
        new("allow_unallocatable", AllowUnallocatable ? "true" : "false"),
        new("merge_into_store_plugin", MergeIntoStorePlugin ? "true" : "false"),
        new("csv_bom", CsvBom ? "true" : "false"),
        new("xlsx", Xlsx ? "true" : "false"),
    ];

    /// <summary>The flag spelling of a method.</summary>
    public static string MethodName(AllocationMethod method) => method switch
    {
        AllocationMethod.Seed => "seed",
        AllocationMethod.Optimal => "optimal",
        _ => "joint",
    };

    /// <summary>Parses a <c>--method</c> value (case-insensitive); null when it is not one of seed, optimal, joint.</summary>
    public static AllocationMethod? ParseMethod(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "seed" => AllocationMethod.Seed,
        "optimal" => AllocationMethod.Optimal,
        "joint" => AllocationMethod.Joint,
        _ => null,
    };

    /// <summary>The flag spelling of a relaxation mode.</summary>
    public static string RelaxationName(CapRelaxation mode) => mode switch
    {
        CapRelaxation.None => "none",
        CapRelaxation.Bounded => "bounded",
        _ => "unlimited",
    };

    /// <summary>Parses a <c>--relax-caps</c> value (case-insensitive); null when it is not one of none, bounded, unlimited.</summary>
    public static CapRelaxation? ParseRelaxation(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "none" => CapRelaxation.None,
        "bounded" => CapRelaxation.Bounded,
        "unlimited" => CapRelaxation.Unlimited,
        _ => null,
    };
}
