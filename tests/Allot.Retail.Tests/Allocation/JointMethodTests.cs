using System.Numerics;
using Allot.Core.Apportionment;
using Allot.Retail.Allocation;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Fixtures;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;
using Allot.Retail.Tests.Support;

namespace Allot.Retail.Tests.Allocation;

public class JointMethodTests
{
    [Fact]
    public void JointObjective_MarginalsNeverDecrease_AndCostIsScaledDeviationPlusSpread()
    {
        // t = 7/3: units 1, 2 save S each; unit 3 crosses (S·(1 − 2/3) rounded); units 4, 5 cost S + 1, S + 2.
        const long s = JointObjective.Scale;
        Assert.Equal([-s, -s, (s + 1) / 3, s + 1, s + 2], Enumerable.Range(1, 5).Select(k => JointObjective.Marginal(7, 3, k)));
        Assert.Equal([-s, -s, s + 1, s + 2], Enumerable.Range(1, 4).Select(k => JointObjective.Marginal(2, 1, k)));
        Assert.Equal(0, JointObjective.Marginal(1, 2, 1)); // exactly half: S·0
        var random = new Random(11);
        for (var trial = 0; trial < 200; trial++)
        {
            var den = random.Next(1, 50);
            var num = random.Next(0, 400);
            var previous = long.MinValue;
            for (var k = 1; k <= 12; k++)
            {
                var c = JointObjective.Marginal(num, den, k);
                Assert.True(c >= previous, $"t={num}/{den}, k={k}");
                previous = c;
            }
        }
    }

    [Fact]
    public void JointSolver_IsOptimal_AgainstBruteForce_On1200RandomSmallPeriods_AndNeverExceedsACapacity()
    {
        // Optimal in order: most units placed, then least cost, then (ties on cost) least units × priority place, then
        // least units × tie rank.
        var random = new Random(20250901);
        int decidedByPriority = 0, decidedByTies = 0;
        for (var trial = 0; trial < 1200; trial++)
        {
            var problem = RandomProblem(random);
            var x = JointSolver.Solve(problem);
            Assert.True(Feasible(problem, x), $"trial {trial}: infeasible solution");
            var best = BruteForce(problem);
            Assert.Equal(best.Placed, x.Sum());
            Assert.Equal(best.Cost, Cost(problem, x));
            Assert.True(best.Priority == PrioritySum(problem, x), $"trial {trial}: priority sum {PrioritySum(problem, x)}, best {best.Priority}");
            Assert.True(best.Ties == TieRankSum(problem, x), $"trial {trial}: tie-rank sum {TieRankSum(problem, x)}, best {best.Ties}");
            decidedByPriority += best.PriorityDecides ? 1 : 0;
            decidedByTies += best.TiesDecide ? 1 : 0;
        }

        // Both tie levels are exercised: in many periods, optima of equal cost differ in which rows get the units,
        // and optima of equal cost and priority in which of a row's stores do.
        Assert.True(decidedByPriority > 40 && decidedByTies > 40, $"{decidedByPriority} periods where priority decides, {decidedByTies} where tie ranks do");
    }

    [Fact]
    public void TieTerms_AllThreeLevels_ThenPriorityOnly_ThenCostAlone_AsTheSolversCostRangeAllows()
    {
        // Two rows on one capacity, priority reversed, one store each (M = 1): scale R²M = 4, row step RM = 2.
        var small = new JointProblem([3, 3], [4], [new JointPair(0, 0, 3, JointTarget.Of(3, 1)), new JointPair(1, 0, 3, JointTarget.Of(3, 1))], [1, 0]);
        var ties = TieTerms.For(small, Assert.Single(JointSolver.Components(small)));
        Assert.Equal((4L, 2L, 0L, true), (ties.Scale, ties.RowCost[0], ties.RowCost[1], ties.Stores));
        Assert.Equal([1L, 3L], JointSolver.Solve(small)); // row 1 comes first: whole; row 0 takes what is left

        // A cap of 2⁵⁶ units above a target of 0 has a marginal of ~2⁵⁶: × 6 nodes leaves room for a factor of 2 under
        // 2⁶⁰, enough for the priority (R = 2) but not for R²M = 4.
        var middle = Huge(1L << 56);
        var tiesMiddle = TieTerms.For(middle, Assert.Single(JointSolver.Components(middle)));
        Assert.Equal((2L, 1L, 0L, false), (tiesMiddle.Scale, tiesMiddle.RowCost[0], tiesMiddle.RowCost[1], tiesMiddle.Stores));

        // 2⁵⁷: no room for any factor; the part is solved on cost alone.
        var large = Huge(1L << 57);
        var tiesLarge = TieTerms.For(large, Assert.Single(JointSolver.Components(large)));
        Assert.Equal((1L, 0L, 0L, false), (tiesLarge.Scale, tiesLarge.RowCost[0], tiesLarge.RowCost[1], tiesLarge.Stores));

        static JointProblem Huge(long cap) =>
            new([cap, 1], [cap], [new JointPair(0, 0, cap, JointTarget.Of(0, 1)), new JointPair(1, 0, 1, JointTarget.Of(1, 1))], [1, 0]);
    }

    [Fact]
    public void JointSolver_WithoutSharedCapacities_IsLargestRemainder_WithTheKernelsTieOrder()
    {
        // No capacity, caps that never bind: each row is Hamilton's rule — floors, then the largest fractions, equal
        // fractions by tie rank (store code in retail) — exactly the core kernel with the tie ranks as tie keys.
        var random = new Random(31);
        var tied = 0;
        for (var trial = 0; trial < 2000; trial++)
        {
            var stores = random.Next(1, 9);
            var weights = Enumerable.Range(0, stores).Select(_ => (ulong)random.Next(0, 4)).ToArray();
            if (weights.All(w => w == 0))
            {
                weights[0] = 1;
            }

            var total = (long)random.Next(0, 25);
            var sum = (long)weights.Aggregate(0UL, (a, w) => a + w);
            var tieRank = Enumerable.Range(0, stores).OrderBy(_ => random.Next()).ToArray();
            var pairs = Enumerable.Range(0, stores).Select(s => new JointPair(0, -1, total, JointTarget.Of(total * (long)weights[s], sum), tieRank[s])).ToArray();
            var x = JointSolver.Solve(new JointProblem([total], [], pairs));
            var expected = new long[stores];
            LargestRemainder.Apportion(total, weights, expected, tieRank.Select(r => (ulong)r).ToArray());
            Assert.True(expected.SequenceEqual(x), $"trial {trial}: weights [{string.Join(',', weights)}], total {total}, ranks [{string.Join(',', tieRank)}]: kernel [{string.Join(',', expected)}], joint [{string.Join(',', x)}]");
            tied += Enumerable.Range(0, stores).Count(s => weights.Count(w => w == weights[s]) > 1) > 0 ? 1 : 0;
        }

        Assert.True(tied > 1000, $"{tied} rows with equal weights");
    }

    [Fact]
    public void TwoRowsWantTheSameFullShelf_TheHigherPriorityRowIsServedFirst_ThenTheEarlierRow()
    {
        // b01's shelf holds 4 units and neither row has another store: every way to place 4 units costs the same
        // (each unit up to a row's target saves one deviation unit), so priority decides, as in the row-by-row
        // methods: Expected_Benefit × Confidence_Score, then input row.
        var joint = new RunOptions { Method = AllocationMethod.Joint, Threads = 1 };
        foreach (var (benefit1, benefit2, first) in new[] { ("10", "20", 1), ("20", "10", 0), (string.Empty, string.Empty, 0) })
        {
            using var t = OneFullShelf(3, 3, benefit1, benefit2);
            var plan = t.Run(SmallPlan.SalesOnly, joint);
            Assert.Equal(3, plan.Rows[first].Allocated);
            Assert.Equal(1, plan.Rows[1 - first].Allocated);
            Assert.Equal(2, plan.Rows[1 - first].Unallocatable);
        }

        // Without benefit weighting the order is the input's: row 1 first even though row 2's benefit is higher.
        using var u = OneFullShelf(3, 3, "10", "20");
        var unweighted = u.Run(SmallPlan.SalesOnly with { UseExpectedBenefitWeighting = false }, joint);
        Assert.Equal((3L, 1L), (unweighted.Rows[0].Allocated, unweighted.Rows[1].Allocated));
    }

    [Fact]
    public void JointSolver_Components_PartitionTheProblem_AndNoCapacityCrossesThem()
    {
        // Solving each component as its own flow is exact only if no constraint links two components: every pair
        // lies with its row and its capacity, and each row, capacity and pair lies in exactly one component.
        var random = new Random(7);
        var multiple = 0;
        for (var trial = 0; trial < 300; trial++)
        {
            var rows = random.Next(1, 30);
            var capacities = Enumerable.Range(0, random.Next(0, 12)).Select(_ => (long)random.Next(0, 20)).ToArray();
            var pairs = Enumerable.Range(0, random.Next(0, 120))
                .Select(_ => new JointPair(random.Next(rows), random.Next(-1, capacities.Length), random.Next(0, 5), JointTarget.Of(random.Next(0, 30), random.Next(1, 7))))
                .ToArray();
            var problem = new JointProblem(Enumerable.Range(0, rows).Select(_ => (long)random.Next(0, 20)).ToArray(), capacities, pairs);
            var components = JointSolver.Components(problem);
            multiple += components.Count(c => c.Pairs.Count > 0) > 1 ? 1 : 0;
            var rowOf = new int[rows];
            var capacityOf = new int[capacities.Length];
            var pairOf = new int[pairs.Length];
            Array.Fill(rowOf, -1);
            Array.Fill(capacityOf, -1);
            Array.Fill(pairOf, -1);
            for (var c = 0; c < components.Count; c++)
            {
                foreach (var r in components[c].Rows)
                {
                    Assert.Equal(-1, rowOf[r]);
                    rowOf[r] = c;
                }

                foreach (var k in components[c].Capacities)
                {
                    Assert.Equal(-1, capacityOf[k]);
                    capacityOf[k] = c;
                }

                foreach (var p in components[c].Pairs)
                {
                    Assert.Equal(-1, pairOf[p]);
                    pairOf[p] = c;
                }

                Assert.True(components[c].Pairs.SequenceEqual(components[c].Pairs.Order()), "pairs keep the problem's order");
            }

            Assert.DoesNotContain(-1, rowOf);
            Assert.DoesNotContain(-1, capacityOf);
            Assert.DoesNotContain(-1, pairOf);
            for (var p = 0; p < pairs.Length; p++)
            {
                Assert.Equal(rowOf[pairs[p].Row], pairOf[p]);
                if (pairs[p].Capacity >= 0)
                {
                    Assert.Equal(capacityOf[pairs[p].Capacity], pairOf[p]);
                }
            }

            Assert.Equal(JointSolver.Solve(problem, threads: 1), JointSolver.Solve(problem, threads: 2));
        }

        Assert.True(multiple > 100, $"only {multiple} trials had several components");
    }

    [Fact]
    public void JointTarget_MarginalsAreThoseOfTheExactRationalTarget()
    {
        // The solver derives ⌊t⌋, wholeness and the crossing cost once per pair; the marginals must be the objective's
        // definition computed from num/den directly.
        var random = new Random(5);
        for (var trial = 0; trial < 2000; trial++)
        {
            var den = new BigInteger(random.NextInt64(1, long.MaxValue)) * random.Next(1, 1000);
            var num = new BigInteger(random.NextInt64(0, 40)) * den + new BigInteger(random.NextInt64(0, long.MaxValue)) % den;
            var target = JointTarget.Of(num, den);
            var floor = (long)(num / den);
            var rem = num % den;
            for (var k = 1L; k <= floor + 4; k++)
            {
                var expected = k <= floor ? -JointObjective.Scale
                    : rem.IsZero ? JointObjective.Scale + (k - floor)
                    : k == floor + 1 ? NearestEven(JointObjective.Scale * (den - (2 * rem)), den)
                    : JointObjective.Scale + (k - floor - 1);
                Assert.True(expected == target.Marginal(k), $"t={num}/{den}, k={k}: {target.Marginal(k)} vs {expected}");
            }
        }

        // The integer nearest to n/d (ties to the even one), by comparing the two candidates' distances.
        static long NearestEven(BigInteger n, BigInteger d)
        {
            var low = BigInteger.Divide(n, d);
            if (low * d > n)
            {
                low -= 1; // Divide truncates toward zero
            }

            var below = n - (low * d);
            var above = ((low + 1) * d) - n;
            return (long)(below < above ? low : above < below ? low + 1 : low.IsEven ? low : low + 1);
        }
    }

    [Fact]
    public void TwoRowsShareAShelf_JointMovesTheFlexibleRow_SeedLeavesUnitsBehind()
    {
        // b01: rack 8, half full, all its sales in T恤 → shelf budget 4 for the period, shared by both rows.
        // Row 1: 4 units over b01, b02 (targets 2, 2). Row 2: 4 units over b01 only (target 4).
        // Joint: row 2 takes b01's 4 units, row 1 goes to b02 → both rows whole. Seed (input order): row 1 takes 2 at
        // b01, row 2 finds 2 left, relaxes 1 and leaves 1 unallocatable.
        using var t = SharedShelf(4, 4);
        var joint = t.Run(SmallPlan.SalesOnly, new RunOptions { Method = AllocationMethod.Joint, Threads = 1 });
        Assert.Equal([0, 4], joint.Rows[0].Quantities);
        Assert.Equal([4], joint.Rows[1].Quantities);
        Assert.All(joint.Rows, r => Assert.Equal(0, r.Unallocatable));
        var binding = Assert.Single(CapacityUse.Binding(joint));
        Assert.Equal(("b01", "T恤", "shelf", 4L, 4L, 2), (binding.StoreCode, binding.Category, binding.Kind, binding.Capacity, binding.Used, binding.Rows));

        var seed = t.Run(SmallPlan.SalesOnly with { UseExpectedBenefitWeighting = false });
        Assert.Equal([2, 2], seed.Rows[0].Quantities);
        Assert.Equal([3], seed.Rows[1].Quantities);
        Assert.Equal(1, seed.Rows[1].Unallocatable);
    }

    [Fact]
    public void TwoRowsShareAShelf_InPacksOf2_JointPlacesWholePacks_CapacityCountsWholePacks()
    {
        // Same shelf as above (b01: 4 units = 2 packs of 2, shared by both rows), packs of 2 (ALLOC_PACK_SIZE).
        // Row 1: 5 units = 2 packs + 1 unit left over, over b01, b02 (targets 1, 1 pack). Row 2: 4 units = 2 packs,
        // b01 only. Joint: row 2 takes b01's 2 packs; row 1 puts its 2 packs at b02 and reports the odd unit.
        using var t = SharedShelf(5, 4);
        var joint = t.Run(SmallPlan.SalesOnly with { PackSize = 2 }, new RunOptions { Method = AllocationMethod.Joint, Threads = 1 });
        Assert.Equal([0, 4], joint.Rows[0].Quantities);
        Assert.Equal([4], joint.Rows[1].Quantities);
        Assert.Equal((2L, 1L, 1L), (joint.Rows[0].PackSize, joint.Rows[0].PackRemainder, joint.Rows[0].Unallocatable));
        Assert.Equal((2L, 0L, 0L), (joint.Rows[1].PackSize, joint.Rows[1].PackRemainder, joint.Rows[1].Unallocatable));
        Assert.Contains(ReasonCodes.Pack, Rationale.Codes(joint.Rows[0], 1), StringComparison.Ordinal);
        Assert.Contains("Cap 10 (per row; the category shelf space is shared by the period's rows); packs of 2", Rationale.Sentence(joint.Rows[1], 0), StringComparison.Ordinal);

        // A shelf of 5 units holds 2 packs of 2, not 3: with rack 10 (budget 5) row 2 still gets 4 units at b01.
        using var odd = SharedShelf(5, 4, rack: 10);
        var five = odd.Run(SmallPlan.SalesOnly with { PackSize = 2 }, new RunOptions { Method = AllocationMethod.Joint, Threads = 1 });
        Assert.True(five.Rows[0].Quantities[0] + five.Rows[1].Quantities[0] <= 4, "b01's 5 units hold 2 packs of 2");
        Assert.Equal(8, five.Rows.Sum(r => r.Allocated));

        // 4 of 5 units used is full for packs of 2: the reconciliation lists it as binding.
        var binding = Assert.Single(CapacityUse.Binding(five));
        Assert.Equal(("b01", 5L, 4L), (binding.StoreCode, binding.Capacity, binding.Used));
    }

    [Fact]
    public void TwoRowsWantTheSameFullShelf_TheShortRowSaysTheSharedCapacityIsFull()
    {
        // b01's shelf holds 4 units; both rows want 4 there and have no other store. Each row's own cap (10) has
        // room, so "room under the caps" cannot explain the shortfall: the shared capacity does.
        using var t = OneFullShelf(4, 4);
        var plan = t.Run(SmallPlan.SalesOnly, new RunOptions { Method = AllocationMethod.Joint, Threads = 1 });
        Assert.Equal(4, plan.Rows.Sum(r => r.Allocated));
        var shortRows = plan.Rows.Where(r => r.Unallocatable > 0).ToList();
        Assert.NotEmpty(shortRows);
        Assert.All(shortRows, r => Assert.Equal("shared capacity full at 1 of its stores (see binding_store_capacities)", Allot.Retail.Reports.SpotCheckReport.Why(plan, r)));

        // Row by row, the second row's cap already shows what the first left: its reason is the cap, as before.
        var seed = t.Run(SmallPlan.SalesOnly with { UseExpectedBenefitWeighting = false }, new RunOptions { RelaxCaps = CapRelaxation.None, Threads = 1 });
        Assert.StartsWith("room for 0 of 4 units under the caps", Allot.Retail.Reports.SpotCheckReport.Why(seed, seed.Rows[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void Joint_InPacks_OnAFixture_WholePacks_SharedCapacitiesHold_RowsReconcile_AndValidates()
    {
        // Few stores in many rows, caps above the shelves: the shared shelf budgets bind.
        using var t = new TempFolder();
        FixtureRun.Generate(t, new FixtureSpec { Stores = 30, Rows = 200, StoresPerGroup = 20, Seed = 3 });
        var parameters = new AllocationParameters { PackSize = 3, MaxPerStore = 30 };
        var summary = FixtureRun.Allocate(t, 'A', "out", new RunOptions { Method = AllocationMethod.Joint, Threads = 2 }, parameters);
        var inputs = RetailInputs.Load(TargetPeriod.Parse("202509", "A"), new InputPaths { InputDir = t.Sub("in") });
        var plan = StoreAllocator.Run(inputs, parameters, new RunOptions { Method = AllocationMethod.Joint, Threads = 1 });
        var used = new Dictionary<(string, string), long>();
        var capacityOf = new Dictionary<(string, string), long>();
        foreach (var row in plan.Rows.Where(r => r.SkipReason is null && r.Row.DeltaQty > 0))
        {
            Assert.Equal(3, row.PackSize);
            Assert.Equal(row.Row.DeltaQty % 3, row.PackRemainder);
            Assert.Equal(row.Row.DeltaQty, row.Allocated + row.Unallocatable);
            for (var i = 0; i < row.Stores.Length; i++)
            {
                Assert.Equal(0, row.Quantities[i] % 3);
                Assert.InRange(row.Quantities[i], 0, row.Caps[i]);
                if (Allot.Retail.Caps.StoreCapacity.Of(row.Stores[i], row.Row.Category, inputs.Sales, parameters) is { } capacity)
                {
                    used[capacity.Key] = used.GetValueOrDefault(capacity.Key) + row.Quantities[i];
                    capacityOf[capacity.Key] = capacity.Units;
                }
            }
        }

        Assert.Contains(used, u => capacityOf[u.Key] - u.Value < 3); // at least one shelf is full, to its last whole pack
        Assert.All(used, u => Assert.True(u.Value <= capacityOf[u.Key], $"{u.Key}: {u.Value} > {capacityOf[u.Key]}"));
        Assert.Contains(plan.Rows, r => r.PackRemainder > 0);
        Allot.Retail.Validation.PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), summary.OutputDir);
    }

    [Fact]
    public void Joint_RowsSharingACapacityWithDifferentPackSizes_IsAnErrorNamingRowsAndStore()
    {
        using var t = new SmallPlan
        {
            Recs = "Store_Group_Name,Target_Style_Tags,Category,Subcategory,Season,Gender,Location,ΔQty,Store_Codes_In_Group,Store_Count_In_Group,Expected_Benefit,Confidence_Score,Pack_Size\n"
                + "G1,\"[夏]\",T恤,POLO衫,夏,男,前台,4,\"b01,b02\",2,,,2\n"
                + "G2,\"[夏]\",T恤,POLO衫,夏,男,前台,6,\"b01\",1,,,3\n",
            Meta = SmallPlan.MetaHeader + "b01,,Fashion,0.5,8\nb02,,Fashion,,\n",
            Sales = SmallPlan.SalesHeader + "b01,T恤,POLO衫,50\nb02,T恤,POLO衫,50\n",
        };
        var error = Expect.Error(() => t.Run(SmallPlan.SalesOnly, new RunOptions { Method = AllocationMethod.Joint, Threads = 1 }));
        Assert.Equal(RetailErrorCodes.BadParameter, error.Code);
        Assert.Contains("row 1 (T恤/POLO衫) has packs of 2, row 2 (T恤/POLO衫) packs of 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("store b01 in T恤", error.Message, StringComparison.Ordinal);

        // Rows that share no capacity may differ: b02 has no shelf budget, so its own row in packs of 3 is fine.
        using var apart = new SmallPlan
        {
            Recs = t.Recs.Replace("\"b01,b02\",2,,,2", "\"b02\",1,,,2", StringComparison.Ordinal),
            Meta = t.Meta,
            Sales = t.Sales,
        };
        var plan = apart.Run(SmallPlan.SalesOnly, new RunOptions { Method = AllocationMethod.Joint, Threads = 1 });
        Assert.Equal([4], plan.Rows[0].Quantities);
        Assert.Equal([3], plan.Rows[1].Quantities); // b01's shelf of 4 units holds one pack of 3
    }

    [Fact]
    public void Joint_WithPresentationMinimum_IsAnErrorNamingTheParameter()
    {
        using var t = new SmallPlan { Recs = SmallPlan.RecsHeader + "G1,\"[夏]\",T恤,POLO衫,夏,男,前台,4,\"b01\",1,,\n", Sales = SmallPlan.SalesHeader + "b01,T恤,POLO衫,1\n" };
        var error = Expect.Error(() => t.Run(new AllocationParameters { PresentationMin = 2 }, new RunOptions { Method = AllocationMethod.Joint, Threads = 1 }));
        Assert.Equal(RetailErrorCodes.BadParameter, error.Code);
        Assert.Contains("ALLOC_PRESENTATION_MIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StorePeriodCapacity_SharedAcrossCategories_InBothMethods()
    {
        // No rack capacity: ALLOC_MAX_PER_STORE_PERIOD=5 is b01's capacity for the whole period, across categories.
        using var t = new SmallPlan
        {
            Recs = SmallPlan.RecsHeader
                + "G1,\"[夏]\",T恤,POLO衫,夏,男,前台,4,\"b01\",1,,\n"
                + "G2,\"[夏]\",裤子,短裤,夏,男,前台,4,\"b01\",1,,\n",
            Meta = SmallPlan.MetaHeader + "b01,,Fashion,,\n",
            Sales = SmallPlan.SalesHeader + "b01,T恤,POLO衫,50\nb01,裤子,短裤,50\n",
        };
        var parameters = SmallPlan.SalesOnly with { MaxPerStorePeriod = 5 };
        foreach (var method in new[] { AllocationMethod.Seed, AllocationMethod.Joint })
        {
            var plan = t.Run(parameters, new RunOptions { Method = method, RelaxCaps = CapRelaxation.None, Threads = 1 });
            Assert.Equal(5, plan.Rows.Sum(r => r.Allocated));
            Assert.Equal(3, plan.Rows.Sum(r => r.Unallocatable));
            var binding = Assert.Single(CapacityUse.Binding(plan));
            Assert.Equal(("b01", string.Empty, "store_period", 5L, 5L), (binding.StoreCode, binding.Category, binding.Kind, binding.Capacity, binding.Used));
        }
    }

    [Fact]
    public void Joint_SameBytesAtAnyThreadCount_AndValidates()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var one = FixtureRun.Allocate(t, 'A', "one", new RunOptions { Method = AllocationMethod.Joint, Threads = 1 });
        var four = FixtureRun.Allocate(t, 'A', "four", new RunOptions { Method = AllocationMethod.Joint, Threads = 4 });
        foreach (var name in new[] { PickListWriter.FileName("202509A"), ReconciliationWriter.FileName("202509A") })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(one.OutputDir, name)), File.ReadAllBytes(Path.Combine(four.OutputDir, name)));
        }

        Assert.Equal(0, one.Totals.RelaxedUnits);
        Assert.Equal(one.Totals.UnitsRequested, one.Totals.UnitsAllocated + one.Totals.UnallocatableUnits);
        Allot.Retail.Validation.PickListValidator.Validate(TargetPeriod.Parse("202509", "A"), one.OutputDir);
    }

    [Fact]
    public void Joint_WithMinimumCoverage_IsAnErrorNamingTheParameter()
    {
        using var t = new SmallPlan { Recs = SmallPlan.RecsHeader + "G1,\"[夏]\",T恤,POLO衫,夏,男,前台,4,\"b01\",1,,\n", Sales = SmallPlan.SalesHeader + "b01,T恤,POLO衫,1\n" };
        var error = Expect.Error(() => t.Run(new AllocationParameters { MinStores = 2 }, new RunOptions { Method = AllocationMethod.Joint, Threads = 1 }));
        Assert.Equal(RetailErrorCodes.BadParameter, error.Code);
        Assert.Contains("ALLOC_MIN_STORES", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two rows of T恤 sharing one shelf: b01 (rack <paramref name="rack"/>, half full, all its sales in T恤 → a shelf
    /// budget of rack / 2 units for the period) and b02 (no rack: no shared capacity). Row 1 lists b01 and b02 (sales
    /// 50/50), row 2 only b01.
    /// </summary>
    private static SmallPlan SharedShelf(long row1, long row2, int rack = 8) => new()
    {
        Recs = SmallPlan.RecsHeader
            + $"G1,\"[夏]\",T恤,POLO衫,夏,男,前台,{row1},\"b01,b02\",2,,\n"
            + $"G2,\"[夏]\",T恤,POLO衫,夏,男,前台,{row2},\"b01\",1,,\n",
        Meta = SmallPlan.MetaHeader + $"b01,,Fashion,0.5,{rack}\nb02,,Fashion,,\n",
        Sales = SmallPlan.SalesHeader + "b01,T恤,POLO衫,50\nb02,T恤,POLO衫,50\n",
    };

    /// <summary>Two rows of T恤 that list only b01, whose shelf budget is 4 units (rack 8, half full).</summary>
    private static SmallPlan OneFullShelf(long row1, long row2, string benefit1 = "", string benefit2 = "") => new()
    {
        Recs = SmallPlan.RecsHeader
            + $"G1,\"[夏]\",T恤,POLO衫,夏,男,前台,{row1},\"b01\",1,{benefit1},\n"
            + $"G2,\"[夏]\",T恤,POLO衫,夏,男,前台,{row2},\"b01\",1,{benefit2},\n",
        Meta = SmallPlan.MetaHeader + "b01,,Fashion,0.5,8\n",
        Sales = SmallPlan.SalesHeader + "b01,T恤,POLO衫,50\n",
    };

    private static JointProblem RandomProblem(Random random)
    {
        var rows = random.Next(1, 4);
        var capacities = Enumerable.Range(0, random.Next(1, 3)).Select(_ => (long)random.Next(0, 6)).ToArray();
        var totals = Enumerable.Range(0, rows).Select(_ => (long)random.Next(0, 8)).ToArray();
        var pairs = new List<JointPair>();
        var budget = 6;
        for (var r = 0; r < rows && budget > 0; r++)
        {
            var stores = Math.Min(budget, random.Next(1, 4));
            budget -= stores;
            var weights = Enumerable.Range(0, stores).Select(_ => random.Next(1, 6)).ToArray();
            var sum = weights.Sum();
            var tieRank = Enumerable.Range(0, stores).OrderBy(_ => random.Next()).ToArray();
            for (var s = 0; s < stores; s++)
            {
                var capacity = random.Next(-1, capacities.Length);
                pairs.Add(new JointPair(r, capacity, random.Next(0, 4), JointTarget.Of(new BigInteger(totals[r] * weights[s]), sum), tieRank[s]));
            }
        }

        var priority = Enumerable.Range(0, rows).OrderBy(_ => random.Next()).ToArray();
        return new JointProblem(totals, capacities, [.. pairs], priority);
    }

    private static bool Feasible(JointProblem p, long[] x)
    {
        var rowSum = new long[p.RowTotals.Length];
        var capSum = new long[p.Capacities.Length];
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] < 0 || x[i] > p.Pairs[i].Cap)
            {
                return false;
            }

            rowSum[p.Pairs[i].Row] += x[i];
            if (p.Pairs[i].Capacity >= 0)
            {
                capSum[p.Pairs[i].Capacity] += x[i];
            }
        }

        return rowSum.Zip(p.RowTotals).All(z => z.First <= z.Second) && capSum.Zip(p.Capacities).All(z => z.First <= z.Second);
    }

    private static long Cost(JointProblem p, long[] x) =>
        Enumerable.Range(0, x.Length).Sum(i => p.Pairs[i].Target.Cost(x[i]));

    /// <summary>Σ over pairs of units × the row's place in the priority order.</summary>
    private static long PrioritySum(JointProblem p, long[] x) =>
        Enumerable.Range(0, x.Length).Sum(i => x[i] * (p.RowPriority?[p.Pairs[i].Row] ?? p.Pairs[i].Row));

    /// <summary>Σ over pairs of units × the pair's tie rank among its row's stores.</summary>
    private static long TieRankSum(JointProblem p, long[] x) =>
        Enumerable.Range(0, x.Length).Sum(i => x[i] * p.Pairs[i].TieRank);

    /// <summary>
    /// The best (placed, cost, priority sum, tie-rank sum) in that order by enumeration, and whether the priority sum,
    /// or the tie-rank sum, differs between optima of the levels above it (so that level decides).
    /// </summary>
    private static (long Placed, long Cost, long Priority, long Ties, bool PriorityDecides, bool TiesDecide) BruteForce(JointProblem p)
    {
        var x = new long[p.Pairs.Length];
        var all = new List<(long Placed, long Cost, long Priority, long Ties)>();
        void Visit(int i)
        {
            if (i == x.Length)
            {
                if (Feasible(p, x))
                {
                    all.Add((x.Sum(), Cost(p, x), PrioritySum(p, x), TieRankSum(p, x)));
                }

                return;
            }

            for (x[i] = 0; x[i] <= p.Pairs[i].Cap; x[i]++)
            {
                Visit(i + 1);
            }

            x[i] = 0;
        }

        Visit(0);
        var best = all.OrderByDescending(a => a.Placed).ThenBy(a => a.Cost).ThenBy(a => a.Priority).ThenBy(a => a.Ties).First();
        var optima = all.Where(a => a.Placed == best.Placed && a.Cost == best.Cost).ToList();
        var priorityDecides = optima.Any(a => a.Priority != best.Priority);
        var tiesDecide = optima.Any(a => a.Priority == best.Priority && a.Ties != best.Ties);
        return (best.Placed, best.Cost, best.Priority, best.Ties, priorityDecides, tiesDecide);
    }
}
