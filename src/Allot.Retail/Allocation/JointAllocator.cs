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

        if (parameters.PresentationMin > 1)
        {
            // "At least k units or none" is not convex: no min-cost flow expresses it.
            throw RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, "presentation minimums (ALLOC_PRESENTATION_MIN > 1) are not supported with --method joint; use --method seed|optimal", "ALLOC_PRESENTATION_MIN");
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
        var packOfRow = new List<long>();
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
            // Everything in the flow counts in packs (1 unit each when the pack size is 1): the row's whole packs, each
            // pair's cap and target in packs; the shared capacities are converted once the parts are known (below).
            var pack = row.PackSize ?? parameters.PackSize;
            var packs = row.DeltaQty / pack;
            var rowIndex = rowTotals.Count;
            rowTotals.Add(packs);
            packOfRow.Add(pack);
            var first = pairs.Count;
            var tieRank = TieRanks(stores);
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

                pairs.Add(new JointPair(rowIndex, node, caps[s] / pack, JointTarget.Of(packs * exact[s], sum), tieRank[s]));
            }

            pending.Add((i, stores, weights, caps, kinds, first));
        }

        // Where placements tie on cost, units go to rows in the row-by-row methods' order: business priority, then
        // input row (note 31).
        var byPriority = Enumerable.Range(0, pending.Count)
            .OrderByDescending(k => parameters.UseExpectedBenefitWeighting ? scores[pending[k].Index] : 0)
            .ThenBy(k => k)
            .ToArray();
        var rowPriority = new int[pending.Count];
        for (var place = 0; place < byPriority.Length; place++)
        {
            rowPriority[byPriority[place]] = place;
        }

        var problem = new JointProblem([.. rowTotals], [.. capacities], [.. pairs], rowPriority);
        InPacks(problem, packOfRow, pending.Select(p => recs[p.Index]).ToArray(), capacityIndex);
        var quantities = JointSolver.Solve(problem, options.Threads);
        for (var k = 0; k < pending.Count; k++)
        {
            var (i, stores, weights, caps, kinds, first) = pending[k];
            var n = stores.Length;
            var pack = packOfRow[k];
            var q = new long[n];
            for (var s = 0; s < n; s++)
            {
                q[s] = quantities[first + s] * pack;
            }

            results[i] = new RowAllocation
            {
                Row = recs[i],
                Stores = stores,
                Weights = weights,
                Caps = caps,
                CapKinds = kinds,
                Quantities = q,
                CapHit = Enumerable.Range(0, n).Select(s => q[s] / pack >= caps[s] / pack).ToArray(), // at the cap's last whole pack
                Relaxed = new long[n],
                MinCoverage = new bool[n],
                Unallocatable = recs[i].DeltaQty - q.Sum(),
                PackSize = pack,
                PackRemainder = recs[i].DeltaQty % pack,
                CapacitiesSharedInSolve = true,
                PriorityScore = scores[i],
                PriorityRank = ranks[i],
                PriorityPeers = peers[i],
            };
        }

        return results;
    }

    /// <summary>
    /// Converts the shared capacities to packs: rows that share a capacity, directly or through other rows, form one
    /// part of the flow, and a part's units must be one size for a capacity to count them (a capacity of C units
    /// holds ⌊C / p⌋ packs of p). A part whose rows have different pack sizes is refused, naming two of its rows and
    /// a capacity they share: it would need integer programming, not a flow. Parts of single units are left as they are.
    /// </summary>
    private static void InPacks(JointProblem problem, List<long> packOfRow, GroupRecommendation[] rowOf, Dictionary<(string Store, string Category), int> capacityIndex)
    {
        if (packOfRow.All(p => p == 1))
        {
            return;
        }

        foreach (var part in JointSolver.Components(problem))
        {
            if (part.Rows.Count == 0)
            {
                continue;
            }

            var pack = packOfRow[part.Rows[0]];
            if (part.Rows.FirstOrDefault(r => packOfRow[r] != pack, -1) is var other and >= 0)
            {
                var shared = problem.Pairs.First(p => p.Row == other && p.Capacity >= 0).Capacity;
                var (store, category) = capacityIndex.First(e => e.Value == shared).Key;
                var a = rowOf[part.Rows[0]];
                var b = rowOf[other];
                throw RetailErrorCodes.Usage(
                    RetailErrorCodes.BadParameter,
                    $"--method joint needs one pack size among rows that share a store capacity: row {a.SourceRow} ({a.Category}/{a.Subcategory}) has packs of {pack}, row {b.SourceRow} ({b.Category}/{b.Subcategory}) packs of {packOfRow[other]}, and they draw on the capacity of store {store}{(category.Length > 0 ? $" in {category}" : string.Empty)} (directly or through other rows); use one pack size for them or --method seed|optimal",
                    "Pack_Size");
            }

            if (pack > 1)
            {
                foreach (var c in part.Capacities)
                {
                    problem.Capacities[c] /= pack;
                }
            }
        }
    }

    /// <summary>Each store's place in the kernel's tie order among the row's stores: store code (ordinal), then position.</summary>
    private static int[] TieRanks(StoreProfile[] stores)
    {
        var order = Enumerable.Range(0, stores.Length).OrderBy(s => stores[s].StoreCode, StringComparer.Ordinal).ThenBy(s => s).ToArray();
        var rank = new int[stores.Length];
        for (var k = 0; k < order.Length; k++)
        {
            rank[order[k]] = k;
        }

        return rank;
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
