using Allot.Retail.Configuration;
using Allot.Retail.Inputs;

namespace Allot.Retail.Allocation;

/// <summary>The whole Step 32 result for one period: one <see cref="RowAllocation"/> per input row, in input order.</summary>
public sealed class AllocationPlan
{
    /// <summary>The inputs.</summary>
    public required RetailInputs Inputs { get; init; }

    /// <summary>The parameters used.</summary>
    public required AllocationParameters Parameters { get; init; }

    /// <summary>The run switches used.</summary>
    public required RunOptions Options { get; init; }

    /// <summary>Per-row outcomes in input-row order.</summary>
    public required IReadOnlyList<RowAllocation> Rows { get; init; }

    /// <summary>Store codes that appear in groups but in none of the input files (ordinal order).</summary>
    public required IReadOnlyList<string> StoresNotInInputs { get; init; }

    /// <summary>Store codes that appear in groups but not in the store meta file (ordinal order).</summary>
    public required IReadOnlyList<string> StoresWithoutMeta { get; init; }

    /// <summary>Store codes that appear in groups but not in the store tags file (ordinal order).</summary>
    public IReadOnlyList<string> StoresWithoutTags { get; init; } = [];

    /// <summary>Store codes that appear in groups but have no sales row (ordinal order).</summary>
    public IReadOnlyList<string> StoresWithoutSales { get; init; } = [];
}
