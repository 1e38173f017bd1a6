using Google.OrTools.Graph;

namespace Allot.Retail.Allocation;

/// <summary>
/// Solves a <see cref="JointProblem"/> as a min-cost flow with OR-Tools' <c>SimpleMinCostFlow</c> (C# <c>MinCostFlow</c>):
/// source → row (capacity = the row's total) → capacity node or sink (one arc per marginal-cost segment of
/// <see cref="JointObjective"/>) → sink (capacity = the shared capacity). <c>SolveMaxFlowWithMinCost</c> places as many
/// units as the capacities allow and, among those placements, finds the least cost. Arcs are added in the problem's
/// fixed order and the solver is single-threaded, so the result is deterministic.
/// </summary>
internal static class JointSolver
{
    /// <summary>The quantity per pair.</summary>
    public static long[] Solve(JointProblem problem)
    {
        var rows = problem.RowTotals.Length;
        var caps = problem.Capacities.Length;
        const int source = 0, sink = 1;
        int RowNode(int r) => 2 + r;
        int CapacityNode(int c) => 2 + rows + c;
        var flow = new MinCostFlow();
        long total = 0;
        for (var r = 0; r < rows; r++)
        {
            flow.AddArcWithCapacityAndUnitCost(source, RowNode(r), problem.RowTotals[r], 0);
            total += problem.RowTotals[r];
        }

        for (var c = 0; c < caps; c++)
        {
            flow.AddArcWithCapacityAndUnitCost(CapacityNode(c), sink, problem.Capacities[c], 0);
        }

        var arcsOfPair = new List<int>[problem.Pairs.Length];
        for (var p = 0; p < problem.Pairs.Length; p++)
        {
            var pair = problem.Pairs[p];
            var head = pair.Capacity < 0 ? sink : CapacityNode(pair.Capacity);
            var tail = RowNode(pair.Row);
            var limit = Math.Min(pair.Cap, problem.RowTotals[pair.Row]);
            var arcs = arcsOfPair[p] = [];
            long k = 1;
            while (k <= limit)
            {
                // Consecutive units with the same marginal cost share one arc.
                var cost = JointObjective.Marginal(pair.TargetNum, pair.TargetDen, k);
                var run = 1L;
                while (k + run <= limit && JointObjective.Marginal(pair.TargetNum, pair.TargetDen, k + run) == cost)
                {
                    run++;
                }

                arcs.Add(flow.AddArcWithCapacityAndUnitCost(tail, head, run, cost));
                k += run;
            }
        }

        flow.SetNodeSupply(source, total);
        flow.SetNodeSupply(sink, -total);
        var status = flow.SolveMaxFlowWithMinCost();
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"min-cost flow ended with status {status}");
        }

        var result = new long[problem.Pairs.Length];
        for (var p = 0; p < result.Length; p++)
        {
            foreach (var a in arcsOfPair[p])
            {
                result[p] += flow.Flow(a);
            }
        }

        return result;
    }
}
