using Allot.Retail.Allocation;

namespace Allot.Retail.Outputs;

/// <summary>Plan-wide counts for the reconciliation report and the spot-check page.</summary>
public sealed record ReconciliationTotals
{
    /// <summary>Recommendation rows.</summary>
    public long Rows { get; init; }

    /// <summary>Rows allocated.</summary>
    public long RowsAllocated { get; init; }

    /// <summary>Rows skipped (zero, reductions without the flag, no stores).</summary>
    public long RowsSkipped { get; init; }

    /// <summary>Σ ΔQty of allocated rows.</summary>
    public long UnitsRequested { get; init; }

    /// <summary>Σ store quantities.</summary>
    public long UnitsAllocated { get; init; }

    /// <summary>Σ |ΔQty| of reductions left unallocated.</summary>
    public long ReductionUnitsSkipped { get; init; }

    /// <summary>(row, store) pairs of allocated rows.</summary>
    public long StoreRowsConsidered { get; init; }

    /// <summary>(row, store) pairs with a non-zero quantity (pick list lines).</summary>
    public long StoreRowsAllocated { get; init; }

    /// <summary>(row, store) pairs at cap.</summary>
    public long CapHits { get; init; }

    /// <summary>Units placed above caps.</summary>
    public long RelaxedUnits { get; init; }

    /// <summary>Rows with at least one relaxed unit.</summary>
    public long RowsRelaxed { get; init; }

    /// <summary>Rows whose residual is not 0.</summary>
    public long ResidualRows { get; init; }

    /// <summary>Units flagged unallocatable.</summary>
    public long UnallocatableUnits { get; init; }

    /// <summary>Rows with at least one unallocatable unit.</summary>
    public long UnallocatableRows { get; init; }

    /// <summary>Rows in the warning state (a relaxed unit or an unallocatable unit).</summary>
    public long RowsWithWarnings { get; init; }

    /// <summary>True when some cap was exceeded or some unit was left over: the run "completed with warnings".</summary>
    public bool HasWarnings => RowsWithWarnings > 0;

    /// <summary><c>ok</c> (all checks pass) or <c>warnings</c> (completed with warnings).</summary>
    public string Status => HasWarnings ? "warnings" : "ok";

    /// <summary>Counts <paramref name="plan"/>.</summary>
    public static ReconciliationTotals From(AllocationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        long rowsAllocated = 0, requested = 0, allocated = 0, reductions = 0, considered = 0, lines = 0, hits = 0, relaxed = 0, rowsRelaxed = 0, residual = 0, unalloc = 0, unallocRows = 0, warnings = 0;
        foreach (var row in plan.Rows)
        {
            if (row.SkipReason == SkipReason.ReductionNotAllocated)
            {
                reductions += -row.Row.DeltaQty;
            }

            if (row.Residual != 0)
            {
                residual++;
            }

            // Counted as units whatever the row's direction: a reduction's units not taken back must not cancel an add's.
            unalloc += row.UnallocatableMagnitude;
            unallocRows += row.Unallocatable != 0 ? 1 : 0;
            warnings += row.HasWarning ? 1 : 0;
            if (row.SkipReason is not null)
            {
                continue;
            }

            rowsAllocated++;
            requested += row.Row.DeltaQty;
            allocated += row.Allocated;
            considered += row.Stores.Length;
            lines += row.StoresAllocated;
            hits += row.CapHits;
            relaxed += row.RelaxedUnits;
            rowsRelaxed += row.RelaxedUnits > 0 ? 1 : 0;
        }

        return new ReconciliationTotals
        {
            Rows = plan.Rows.Count,
            RowsAllocated = rowsAllocated,
            RowsSkipped = plan.Rows.Count - rowsAllocated,
            UnitsRequested = requested,
            UnitsAllocated = allocated,
            ReductionUnitsSkipped = reductions,
            StoreRowsConsidered = considered,
            StoreRowsAllocated = lines,
            CapHits = hits,
            RelaxedUnits = relaxed,
            RowsRelaxed = rowsRelaxed,
            ResidualRows = residual,
            UnallocatableUnits = unalloc,
            UnallocatableRows = unallocRows,
            RowsWithWarnings = warnings,
        };
    }
}
