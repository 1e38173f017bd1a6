namespace Allot.Retail.Allocation;

/// <summary>
/// One (row, store) pair of a joint problem: the row, the shared capacity it draws on (index into
/// <see cref="JointProblem.Capacities"/>, or −1 for none), its own cap, its exact target (<see cref="JointTarget"/>)
/// and its place among the row's stores in the tie order (store code, then position; 0 first).
/// </summary>
internal readonly record struct JointPair(int Row, int Capacity, long Cap, JointTarget Target, int TieRank = 0);

/// <summary>
/// All rows of a period with shared store capacities: find integers <c>0 ≤ x_p ≤ cap_p</c>, Σ over a row's pairs ≤ the
/// row's total, Σ over a capacity's pairs ≤ the capacity, with the largest total placed; among those, the least
/// <see cref="JointObjective"/> cost; among those, the least Σ over rows of units placed × the row's place in
/// <paramref name="RowPriority"/> (where placements tie on cost, the units go to the rows that come first); among
/// those, the least Σ over pairs of units × <see cref="JointPair.TieRank"/> (a row's unit goes to its first store in
/// the tie order among stores of equal cost).
/// </summary>
/// <param name="RowTotals">Units to place per row (≥ 0).</param>
/// <param name="Capacities">Shared capacities (≥ 0).</param>
/// <param name="Pairs">The pairs, in a fixed order (rows in input order, stores in listed order).</param>
/// <param name="RowPriority">Each row's place in the period's priority order (0 first; ties by row index); null for row order.</param>
internal sealed record JointProblem(long[] RowTotals, long[] Capacities, JointPair[] Pairs, int[]? RowPriority = null);
