using Google.OrTools.Graph;

namespace Allot.Retail.Allocation;

/// <summary>
/// Solves a <see cref="JointProblem"/> as a min-cost flow with OR-Tools' <c>SimpleMinCostFlow</c> (C# <c>MinCostFlow</c>):
/// source → row (capacity = the row's total) → capacity node or sink (one arc per marginal-cost segment of
/// <see cref="JointObjective"/>) → sink (capacity = the shared capacity). <c>SolveMaxFlowWithMinCost</c> places as many
/// units as the capacities allow and, among those, finds the least cost.
/// <para>
/// Rows that share no capacity, directly or through other rows, are independent problems: the objective is a sum
/// over pairs and the constraints never cross them. Each such component (in retail, typically one category: its rows
/// share the stores' shelf budgets) is solved as its own flow, so the solver's memory is that of the largest
/// component, not of the period, and components run in parallel. Components are formed and numbered from the
/// problem alone, arcs are added in the problem's fixed order and each solve is single-threaded, so the result does
/// not depend on the thread count.
/// </para>
/// </summary>
internal static class JointSolver
{
    /// <summary>The quantity per pair.</summary>
    public static long[] Solve(JointProblem problem, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var result = new long[problem.Pairs.Length];
        var components = Components(problem);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        Parallel.ForEach(components.Where(c => c.Pairs.Count > 0), parallel, component => SolveComponent(problem, component, result));
        return result;
    }

    /// <summary>
    /// The independent parts of <paramref name="problem"/>: rows joined through the capacities their pairs draw on
    /// (union–find), each with its rows, capacities and pairs in the problem's order; numbered by first row.
    /// </summary>
    internal static List<JointComponent> Components(JointProblem problem)
    {
        var rows = problem.RowTotals.Length;
        var parent = new int[rows + problem.Capacities.Length];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        int Find(int x)
        {
            while (parent[x] != x)
            {
                x = parent[x] = parent[parent[x]];
            }

            return x;
        }

        foreach (var pair in problem.Pairs)
        {
            if (pair.Capacity >= 0)
            {
                var a = Find(pair.Row);
                var b = Find(rows + pair.Capacity);
                if (a != b)
                {
                    parent[Math.Max(a, b)] = Math.Min(a, b);
                }
            }
        }

        var byRoot = new Dictionary<int, JointComponent>();
        var components = new List<JointComponent>();
        JointComponent Of(int node)
        {
            var root = Find(node);
            if (!byRoot.TryGetValue(root, out var c))
            {
                c = byRoot[root] = new JointComponent();
                components.Add(c);
            }

            return c;
        }

        for (var r = 0; r < rows; r++)
        {
            Of(r).Rows.Add(r);
        }

        for (var c = 0; c < problem.Capacities.Length; c++)
        {
            Of(rows + c).Capacities.Add(c);
        }

        for (var p = 0; p < problem.Pairs.Length; p++)
        {
            Of(problem.Pairs[p].Row).Pairs.Add(p);
        }

        return components;
    }

    private static void SolveComponent(JointProblem problem, JointComponent component, long[] result)
    {
        const int source = 0, sink = 1;
        var rowNode = new Dictionary<int, int>(component.Rows.Count);
        var capacityNode = new Dictionary<int, int>(component.Capacities.Count);
        var flow = new MinCostFlow();
        long total = 0;
        foreach (var r in component.Rows)
        {
            rowNode[r] = 2 + rowNode.Count;
            flow.AddArcWithCapacityAndUnitCost(source, rowNode[r], problem.RowTotals[r], 0);
            total += problem.RowTotals[r];
        }

        foreach (var c in component.Capacities)
        {
            capacityNode[c] = 2 + component.Rows.Count + capacityNode.Count;
            flow.AddArcWithCapacityAndUnitCost(capacityNode[c], sink, problem.Capacities[c], 0);
        }

        // Each pair's arcs are consecutive: the first arc's index and the count locate them.
        var firstArc = new int[component.Pairs.Count];
        var arcCount = new int[component.Pairs.Count];
        for (var i = 0; i < component.Pairs.Count; i++)
        {
            var pair = problem.Pairs[component.Pairs[i]];
            var head = pair.Capacity < 0 ? sink : capacityNode[pair.Capacity];
            var tail = rowNode[pair.Row];
            var limit = Math.Min(pair.Cap, problem.RowTotals[pair.Row]);
            var target = pair.Target;
            long k = 1;
            while (k <= limit)
            {
                // Consecutive units with the same marginal cost share one arc: the units up to the target all at
                // once, then one unit at a time (the marginals above the target increase).
                var cost = target.Marginal(k);
                var run = k <= target.Floor ? Math.Min(target.Floor, limit) - k + 1 : 1;
                while (k + run <= limit && target.Marginal(k + run) == cost)
                {
                    run++;
                }

                var arc = flow.AddArcWithCapacityAndUnitCost(tail, head, run, cost);
                if (arcCount[i]++ == 0)
                {
                    firstArc[i] = arc;
                }

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

        for (var i = 0; i < component.Pairs.Count; i++)
        {
            long x = 0;
            for (var a = 0; a < arcCount[i]; a++)
            {
                x += flow.Flow(firstArc[i] + a);
            }

            result[component.Pairs[i]] = x;
        }
    }
}

/// <summary>One independent part of a <see cref="JointProblem"/>: indices of its rows, capacities and pairs, in order.</summary>
internal sealed class JointComponent
{
    public List<int> Rows { get; } = [];

    public List<int> Capacities { get; } = [];

    public List<int> Pairs { get; } = [];
}
