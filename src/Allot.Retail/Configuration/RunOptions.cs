namespace Allot.Retail.Configuration;

/// <summary>Per-run switches of <c>allot retail allocate</c> (everything that is a flag rather than an environment parameter).</summary>
public sealed record RunOptions
{
    /// <summary>Integer method.</summary>
    public AllocationMethod Method { get; init; } = AllocationMethod.Seed;

    /// <summary>When caps cannot absorb a row, flag <c>unallocatable_units</c> instead of relaxing caps (<c>--strict-caps</c>).</summary>
    public bool StrictCaps { get; init; }

    /// <summary>Allocate rows with ΔQty &lt; 0 as negative store quantities by sales weight (<c>--include-reductions</c>).</summary>
    public bool IncludeReductions { get; init; }

    /// <summary>Report rows without stores instead of failing (<c>--allow-unallocatable</c>).</summary>
    public bool AllowUnallocatable { get; init; }

    /// <summary>Also write the Step 33 store file widened with allocated units (<c>--merge-into-store-plugin</c>).</summary>
    public bool MergeIntoStorePlugin { get; init; }

    /// <summary>Worker threads (1 = sequential); never changes a byte of output.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The flags as reported in the reconciliation (thread count is deliberately excluded: it cannot change output).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AsReported() =>
    [
        new("method", Method == AllocationMethod.Seed ? "seed" : "optimal"),
        new("strict_caps", StrictCaps ? "true" : "false"),
        new("include_reductions", IncludeReductions ? "true" : "false"),
        new("allow_unallocatable", AllowUnallocatable ? "true" : "false"),
        new("merge_into_store_plugin", MergeIntoStorePlugin ? "true" : "false"),
    ];
}
