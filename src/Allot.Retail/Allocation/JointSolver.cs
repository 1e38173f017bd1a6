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
/// Ties are broken exactly, in one solve, by scaling: with R rows in a part and M the most stores a row lists, every
/// marginal cost is multiplied by R²M, a unit leaving the source for a row costs the row's priority place
/// (0..R−1, <see cref="JointProblem.RowPriority"/>) × RM, and a unit on a pair arc costs the pair's
/// <see cref="JointPair.TieRank"/> (0..M−1). Any two max flows differ by cycles through the residual graph. A simple
/// cycle passes the source at most once and each row node once, so its store term lies within ±R(M−1) &lt; RM and
/// its priority term is a multiple of RM within ±(R−1)RM &lt; R²M, while a cycle that changes the cost changes it by a
/// whole unit, scaled to at least R²M. So the scaled optimum minimises the cost, then Σ units × priority place, then
/// Σ units × tie rank. Still the solver's (deterministic, the same at every thread count): two rows swapping stores
/// at equal cost and equal totals of both terms.
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
        var ties = TieTerms.For(problem, component);
        long total = 0;
        foreach (var r in component.Rows)
        {
            rowNode[r] = 2 + rowNode.Count;
            flow.AddArcWithCapacityAndUnitCost(source, rowNode[r], problem.RowTotals[r], ties.RowCost[r]);
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

                var arc = flow.AddArcWithCapacityAndUnitCost(tail, head, run, (cost * ties.Scale) + ties.PairCost(pair));
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

/// <summary>
/// The tie terms of one part's flow (see <see cref="JointSolver"/>): the factor for the marginal costs, each row's
/// source-arc cost and whether pair arcs carry their tie rank. All three levels when the scaled costs stay well inside
/// what the solver accepts (it multiplies costs by its node count inside, and they must fit 64 bits: here
/// largest marginal × factor × nodes ≤ 2⁶⁰); else cost and priority; else cost alone (ties the solver's). With rows of
/// 50 stores the first fallback comes at some 2,000 rows in one part (docs/retail-decisions.md note 31).
/// </summary>
internal sealed class TieTerms
{
    private TieTerms(long scale, Dictionary<int, long> rowCost, bool stores)
    {
        Scale = scale;
        RowCost = rowCost;
        Stores = stores;
    }

    /// <summary>The factor for every marginal cost.</summary>
    public long Scale { get; }

    /// <summary>Per row (problem index): the cost of each of its units leaving the source.</summary>
    public Dictionary<int, long> RowCost { get; }

    /// <summary>True when pair arcs carry their tie rank.</summary>
    public bool Stores { get; }

    /// <summary>The tie term added to each unit on <paramref name="pair"/>'s arcs.</summary>
    public long PairCost(JointPair pair) => Stores ? pair.TieRank : 0;

    /// <summary>The terms for <paramref name="component"/> of <paramref name="problem"/>.</summary>
    public static TieTerms For(JointProblem problem, JointComponent component)
    {
        var order = component.Rows.OrderBy(r => problem.RowPriority?[r] ?? r).ThenBy(r => r).ToArray();
        long rows = order.Length;
        long largest = JointObjective.Scale, stores = 1;
        foreach (var p in component.Pairs)
        {
            var pair = problem.Pairs[p];
            stores = Math.Max(stores, pair.TieRank + 1L);
            var limit = Math.Min(pair.Cap, problem.RowTotals[pair.Row]);
            if (limit > 0)
            {
                // Marginals never decrease: the largest magnitude is at one end.
                largest = Math.Max(largest, Math.Max(Math.Abs(pair.Target.Marginal(1)), Math.Abs(pair.Target.Marginal(limit))));
            }
        }

        var room = (long.MaxValue >> 3) / (3 + component.Rows.Count + component.Capacities.Count) / largest;
        var (scale, step, withStores) =
            rows * rows <= room / stores ? (rows * rows * stores, rows * stores, true)
            : rows <= room ? (rows, 1L, false)
            : (1L, 0L, false);
        var rowCost = new Dictionary<int, long>(order.Length);
        for (var i = 0; i < order.Length; i++)
        {
            rowCost[order[i]] = i * step;
        }

        return new TieTerms(scale, rowCost, withStores);
    }
}

/// <summary>One independent part of a <see cref="JointProblem"/>: indices of its rows, capacities and pairs, in order.</summary>
internal sealed class JointComponent
{
    public List<int> Rows { get; } = [];

    public List<int> Capacities { get; } = [];

    public List<int> Pairs { get; } = [];
}
