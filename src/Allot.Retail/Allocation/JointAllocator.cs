using System.Numerics;
using Allot.Core.Apportionment;
using Allot.Retail.Caps;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Allocation;

/// <summary>
/// <c>--method joint</c>: every positive row of the period in one <see cref="JointProblem"/>. Each (row, store) pair
/// has its own cap (0 for an excluded store; <c>ALLOC_MAX_PER_STORE</c> where a shelf budget bounds the store, else
/// the headroom cap) and draws on the store's one period capacity (<see cref="StoreCapacity"/>), shared by every row
/// that touches the store. Caps are hard here (nothing is relaxed): whatever the capacities cannot hold is the row's
/// <c>unallocatable_units</c>. Skipped rows and reductions are handled as in the row-by-row methods.
/// </summary>
internal static class JointAllocator
{
    /// <summary>Allocates every row of <paramref name="inputs"/> jointly.</summary>
    public static RowAllocation[] Run(RetailInputs inputs, Dictionary<string, StoreProfile> profiles, AllocationParameters parameters, RunOptions options, TemperatureSuitabilityTable table)
    {
        if (parameters.MinStores > 0)
        {
            throw RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, "ALLOC_MIN_STORES > 0 is not supported with --method joint (minimum coverage is a row-by-row rule); set it to 0 or use --method seed|optimal", "ALLOC_MIN_STORES");
        }

        if (parameters.PresentationMin > 1 || parameters.PackSize > 1 || inputs.Recommendations.Any(r => r.PackSize > 1))
        {
            throw RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, "pack sizes (ALLOC_PACK_SIZE, Pack_Size) and presentation minimums (ALLOC_PRESENTATION_MIN) are not supported with --method joint; use --method seed|optimal", "ALLOC_PACK_SIZE");
        }

        var recs = inputs.Recommendations;
        var results = new RowAllocation[recs.Count];
        var scores = recs.Select(StoreAllocator.Priority).ToArray();
        var (ranks, peers) = CategoryRanks(recs, scores, parameters.UseExpectedBenefitWeighting);
        var unusedLedger = new StoreCapacityLedger(inputs.Sales, parameters);
        var capacityIndex = new Dictionary<(string Store, string Category), int>();
        var capacities = new List<long>();
        var pairs = new List<JointPair>();
        var rowTotals = new List<long>();
        var pending = new List<(int Index, StoreProfile[] Stores, RowWeights Weights, long[] Caps, CapKind[] Kinds, int FirstPair)>();
        for (var i = 0; i < recs.Count; i++)
        {
            var row = recs[i];
            var stores = row.StoreCodes.Select(c => profiles[c]).ToArray();
            if (row.DeltaQty <= 0 || stores.Length == 0)
            {
                // Skips and reductions never touch capacities: the row-by-row allocator handles them.
                results[i] = RowAllocator.Allocate(row, stores, inputs.Sales, unusedLedger, parameters, options, table, scores[i], ranks[i], peers[i]);
                continue;
            }

            var weights = WeightCalculator.Compute(row, stores, inputs.Sales, parameters, table);
            var exact = ExactWeights.FromDoubles(weights.Composite);
            var sum = exact.NumeratorSum;
            var n = stores.Length;
            var caps = new long[n];
            var kinds = new CapKind[n];
            var rowIndex = rowTotals.Count;
            rowTotals.Add(row.DeltaQty);
            var first = pairs.Count;
            for (var s = 0; s < n; s++)
            {
                var capacity = StoreCapacity.Of(stores[s], row.Category, inputs.Sales, parameters);
                var node = -1;
                if (CapCalculator.Exclusion(stores[s], parameters) is { } exclusion)
                {
                    kinds[s] = exclusion;
                }
                else
                {
                    kinds[s] = capacity?.Kind ?? CapKind.Headroom;
                    caps[s] = capacity?.Kind == CapKind.Shelf ? parameters.MaxPerStore : CapCalculator.HeadroomCap(stores[s].Headroom, parameters);
                    if (capacity is not null)
                    {
                        if (!capacityIndex.TryGetValue(capacity.Key, out node))
                        {
                            node = capacityIndex[capacity.Key] = capacities.Count;
                            capacities.Add(capacity.Units);
                        }
                    }
                }

                pairs.Add(new JointPair(rowIndex, node, caps[s], JointTarget.Of(row.DeltaQty * exact[s], sum)));
            }

            pending.Add((i, stores, weights, caps, kinds, first));
        }

        var quantities = JointSolver.Solve(new JointProblem([.. rowTotals], [.. capacities], [.. pairs]), options.Threads);
        foreach (var (i, stores, weights, caps, kinds, first) in pending)
        {
            var n = stores.Length;
            var q = quantities.AsSpan(first, n).ToArray();
            results[i] = new RowAllocation
            {
                Row = recs[i],
                Stores = stores,
                Weights = weights,
                Caps = caps,
                CapKinds = kinds,
                Quantities = q,
                CapHit = Enumerable.Range(0, n).Select(s => q[s] >= caps[s]).ToArray(),
                Relaxed = new long[n],
                MinCoverage = new bool[n],
                Unallocatable = recs[i].DeltaQty - q.Sum(),
                PriorityScore = scores[i],
                PriorityRank = ranks[i],
                PriorityPeers = peers[i],
            };
        }

        return results;
    }

    private static (int[] Ranks, int[] Peers) CategoryRanks(IReadOnlyList<GroupRecommendation> recs, double[] scores, bool useBenefit)
    {
        var ranks = new int[recs.Count];
        var peers = new int[recs.Count];
        foreach (var group in Enumerable.Range(0, recs.Count).GroupBy(i => recs[i].Category, StringComparer.Ordinal))
        {
            var order = useBenefit ? group.OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray() : group.OrderBy(i => i).ToArray();
            for (var r = 0; r < order.Length; r++)
            {
                ranks[order[r]] = r + 1;
                peers[order[r]] = order.Length;
            }
        }

        return (ranks, peers);
    }
}
