using Allot.Data.Diagnostics;
using Allot.Retail.Caps;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Allocation;

/// <summary>
/// Runs Step 32 over every recommendation row. Rows of one category share the stores' category shelf budgets, so
/// they are processed in business-priority order (Expected_Benefit × Confidence_Score descending when
/// <c>USE_EXPECTED_BENEFIT_WEIGHTING=1</c>, then input row); categories are independent and run in parallel.
/// Results land in input-row order, so the thread count never changes a byte of output.
/// </summary>
public static class StoreAllocator
{
    /// <summary>Allocates every row of <paramref name="inputs"/>.</summary>
    public static AllocationPlan Run(RetailInputs inputs, AllocationParameters parameters, RunOptions options, TemperatureSuitabilityTable? table = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        table ??= TemperatureSuitabilityTable.Default;
        var recs = inputs.Recommendations;
        var joined = StoreProfiles.Join(inputs);
        var profiles = joined.ByCode;

        foreach (var rec in recs)
        {
            if (rec.StoreCodes.Length == 0 && rec.DeltaQty != 0 && !options.AllowUnallocatable && (rec.DeltaQty > 0 || options.IncludeReductions))
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.EmptyGroup, $"recommendation for group '{rec.StoreGroup}' ({rec.Category}/{rec.Subcategory}) lists no stores in Store_Codes_In_Group; fix the row or pass --allow-unallocatable", inputs.Files[0].Path, rec.SourceRow);
            }
        }

        var progress = new ProgressCounter(options.Progress, "allocate", recs.Count, "rows");
        var results = options.Method == AllocationMethod.Joint
            ? JointAllocator.Run(inputs, profiles, parameters, options, table)
            : RowByRow(inputs, joined.OfRow, parameters, options, table, progress);
        progress.Complete();

        var referenced = joined.Codes;
        return new AllocationPlan
        {
            Inputs = inputs,
            Parameters = parameters,
            Options = options,
            Rows = results,
            StoresNotInInputs = referenced.Where(c => profiles[c].Unknown).ToArray(),
            StoresWithoutMeta = referenced.Where(c => !profiles[c].HasMeta).ToArray(),
            StoresWithoutTags = referenced.Where(c => !profiles[c].HasTags).ToArray(),
            StoresWithoutSales = referenced.Where(c => !profiles[c].HasSales).ToArray(),
        };
    }

    /// <summary>
    /// Rows that can share a store capacity run one after the other in priority order with one ledger: rows of one
    /// category (they share shelf budgets), or every row when <c>ALLOC_MAX_PER_STORE_PERIOD</c> makes a store's
    /// capacity shared across categories. Independent partitions run in parallel.
    /// </summary>
    private static RowAllocation[] RowByRow(RetailInputs inputs, StoreProfile[][] storesOfRow, AllocationParameters parameters, RunOptions options, TemperatureSuitabilityTable table, ProgressCounter progress)
    {
        var recs = inputs.Recommendations;
        var storeWide = parameters.MaxPerStorePeriod is not null;
        var partitions = Enumerable.Range(0, recs.Count)
            .GroupBy(i => storeWide ? string.Empty : recs[i].Category, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.ToArray())
            .ToArray();
        var results = new RowAllocation[recs.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads) };
        Parallel.ForEach(partitions, parallel, partition =>
        {
            var scores = partition.ToDictionary(i => i, i => Priority(recs[i]));
            var order = parameters.UseExpectedBenefitWeighting
                ? partition.OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray()
                : partition.OrderBy(i => i).ToArray();
            var ledger = new StoreCapacityLedger(inputs.Sales, parameters);
            var peers = order.GroupBy(i => recs[i].Category, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var i in order)
            {
                var rank = ranks[recs[i].Category] = ranks.GetValueOrDefault(recs[i].Category) + 1;
                results[i] = RowAllocator.Allocate(recs[i], storesOfRow[i], inputs.Sales, ledger, parameters, options, table, scores[i], rank, peers[recs[i].Category]);
                progress.Add(1);
            }
        });

        return results;
    }

    /// <summary><c>Expected_Benefit × Confidence_Score</c>; a missing benefit counts 0 and a missing confidence 1 (neutral).</summary>
    public static double Priority(GroupRecommendation row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var score = (row.ExpectedBenefit ?? 0) * (row.ConfidenceScore ?? 1);
        return double.IsFinite(score) ? score : 0;
    }
}
