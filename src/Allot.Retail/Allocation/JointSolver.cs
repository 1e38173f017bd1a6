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
/// <para>
/// Where placements tie on cost, the rows that come first in <see cref="JointProblem.RowPriority"/> get the units: every
/// marginal cost is multiplied by the part's row count R and each unit leaving the source for a row costs the row's
/// place (0..R−1) among the part's rows. Any two max flows differ by cycles through the residual graph; a cycle passes
/// the source at most once, so its priority term lies within ±(R−1), while a cycle that changes the cost changes it by
/// a whole unit, scaled to at least R. So the scaled optimum is an optimum of the cost and, among those, places the
/// fewest units × place — exactly, in one solve. Remaining ties (which of a row's equal stores, or two rows swapping
/// stores at equal cost and equal priority total) are the solver's, deterministic but not declared.
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
        var (scale, place) = PriorityScale(problem, component);
        long total = 0;
        foreach (var r in component.Rows)
        {
            rowNode[r] = 2 + rowNode.Count;
            flow.AddArcWithCapacityAndUnitCost(source, rowNode[r], problem.RowTotals[r], place[r]);
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

                var arc = flow.AddArcWithCapacityAndUnitCost(tail, head, run, cost * scale);
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

    /// <summary>
    /// The factor for a part's marginal costs and each row's place among the part's rows (see the class remarks):
    /// (R, places) when the scaled costs stay well inside what the solver accepts (its costs are multiplied by the
    /// node count inside, and must fit 64 bits), else (1, zeros) — the cost alone, ties the solver's. That happens
    /// only for a part of some 10⁵ rows or more (costs up to ~2²⁰ per unit): see docs/retail-decisions.md note 31.
    /// </summary>
    internal static (long Scale, Dictionary<int, long> Place) PriorityScale(JointProblem problem, JointComponent component)
    {
        var order = component.Rows.OrderBy(r => problem.RowPriority?[r] ?? r).ThenBy(r => r).ToArray();
        var place = new Dictionary<int, long>(order.Length);
        long largest = JointObjective.Scale;
        foreach (var p in component.Pairs)
        {
            var pair = problem.Pairs[p];
            var limit = Math.Min(pair.Cap, problem.RowTotals[pair.Row]);
            if (limit > 0)
            {
                // Marginals never decrease: the largest magnitude is at one end.
                largest = Math.Max(largest, Math.Max(Math.Abs(pair.Target.Marginal(1)), Math.Abs(pair.Target.Marginal(limit))));
            }
        }

        var nodes = 3 + component.Rows.Count + component.Capacities.Count;
        var fits = order.Length > 1 && largest <= (long.MaxValue >> 3) / order.Length / nodes;
        for (var i = 0; i < order.Length; i++)
        {
            place[order[i]] = fits ? i : 0;
        }

        return (fits ? order.Length : 1, place);
    }
}

/// <summary>One independent part of a <see cref="JointProblem"/>: indices of its rows, capacities and pairs, in order.</summary>
internal sealed class JointComponent
{
    public List<int> Rows { get; } = [];

    public List<int> Capacities { get; } = [];

    public List<int> Pairs { get; } = [];
}
