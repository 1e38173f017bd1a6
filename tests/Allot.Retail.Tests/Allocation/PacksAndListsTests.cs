using Allot.Retail.Allocation;
using Allot.Retail.Caps;
using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;
using Allot.Retail.Tests.Support;
using CsCheck;

namespace Allot.Retail.Tests.Allocation;

public class PacksAndListsTests
{
    private const string Sales603010 = SmallPlan.SalesHeader + "b01,T恤,POLO衫,60\nb02,T恤,POLO衫,30\nb03,T恤,POLO衫,10\n";

    // Sales weights only and caps out of the way (headroom 1 → 100 units), so the hand computations stay short.
    private static readonly AllocationParameters Roomy = SmallPlan.SalesOnly with { MaxPerStore = 100, HeadroomUnitScale = 100 };

    private static string Rec(long delta, string pack = "") =>
        $"G1,\"[夏]\",T恤,POLO衫,夏,男,前台,{delta},\"b01,b02,b03\",3,,,{pack}\n";

    private const string RecsWithPack = "Store_Group_Name,Target_Style_Tags,Category,Subcategory,Season,Gender,Location,ΔQty,Store_Codes_In_Group,Store_Count_In_Group,Expected_Benefit,Confidence_Score,Pack_Size\n";

    [Fact]
    public void PackSize_WholePacksBySeedRule_RemainderReportedUnallocatable()
    {
        // 20 units in packs of 6: 3 packs, 2 units left. Pack quotas 1.8 / 0.9 / 0.3 → floors 1 / 0 / 0, the two
        // remaining packs by remainder: b02 (0.9), b01 (0.8) → 2 / 1 / 0 packs = 12 / 6 / 0 units.
        using var t = new SmallPlan { Recs = RecsWithPack + Rec(20, "6"), Sales = Sales603010 };
        var row = t.Run(Roomy).Rows[0];
        Assert.Equal([12, 6, 0], row.Quantities);
        Assert.Equal(6, row.PackSize);
        Assert.Equal(2, row.PackRemainder);
        Assert.Equal(2, row.Unallocatable);
        Assert.True(row.HasWarning);
        Assert.Contains(ReasonCodes.Pack, Rationale.Codes(row, 0), StringComparison.Ordinal);
    }

    [Fact]
    public void PackSize_FromTheEnvironmentWhenTheRowHasNone_RowColumnWins()
    {
        using var t = new SmallPlan { Recs = RecsWithPack + Rec(12) + Rec(12, "4"), Sales = Sales603010 };
        var plan = t.Run(Roomy with { PackSize = 3 });
        Assert.Equal(3, plan.Rows[0].PackSize);
        Assert.Equal([6, 3, 3], plan.Rows[0].Quantities); // 4 packs: 2.4 / 1.2 / 0.4 → 2 / 1 / 0, last pack to b03 (0.4)
        Assert.Equal(4, plan.Rows[1].PackSize);
        Assert.Equal([8, 4, 0], plan.Rows[1].Quantities); // 3 packs: 1.8 / 0.9 / 0.3 → 1 / 0 / 0, then b02, b01
    }

    [Fact]
    public void PackSizesFile_PerCategory_RowColumnWins_EnvironmentCoversTheRest_DuplicateIsAnError()
    {
        using var t = new SmallPlan { Recs = RecsWithPack + Rec(12) + Rec(12, "6"), Sales = Sales603010 };
        var file = t.Folder + "/packs.csv";
        File.WriteAllText(file, "Category,Pack_Size\nT恤,4\n裤,2\n");
        var inputs = RetailInputs.Load(SmallPlan.Period, t.Paths() with { PackSizesFile = file });
        Assert.Contains(inputs.Files, f => f.Role == "pack_sizes");
        var plan = StoreAllocator.Run(inputs, Roomy with { PackSize = 3 }, new RunOptions { Threads = 1 });
        Assert.Equal(4, plan.Rows[0].PackSize);
        Assert.Equal([8, 4, 0], plan.Rows[0].Quantities); // 3 packs: 1.8 / 0.9 / 0.3 → 1 / 0 / 0, then b02, b01
        Assert.Equal(6, plan.Rows[1].PackSize);
        Assert.Equal([6, 6, 0], plan.Rows[1].Quantities); // 2 packs: 1.2 / 0.6 / 0.2 → 1 / 0 / 0, then b02

        File.WriteAllText(file, "Category,Pack_Size\nT恤,4\nT恤,6\n");
        var error = Expect.Error(() => RetailInputs.Load(SmallPlan.Period, t.Paths() with { PackSizesFile = file }));
        // A category listed twice is a duplicate key naming both rows, like a store listed twice in the store file
        // (it was "bad number", with only the second row).
        Assert.Equal(Allot.Retail.Errors.RetailErrorCodes.DuplicateKey, error.Code);
        Assert.Equal(2, error.Row);
        Assert.Contains("rows 1 and 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reductions_InWholePacks_ExcludedStoresGiveNothingBack_RemainderIsAWarningCountedInTheTotals()
    {
        // Found by hand: --include-reductions ignored the pack size (lines of -1 and -2 with ALLOC_PACK_SIZE=3, the
        // reconciliation saying pack_size 1) and the exclusion list (listed stores got reduction lines).
        // -32 in packs of 3 over sales 60 / 30 / 10: 10 packs (2 units left) → 6 / 3 / 1 packs.
        using var t = new SmallPlan { Recs = RecsWithPack + Rec(-32) + Rec(10), Sales = Sales603010 };
        var packed = t.Run(Roomy with { PackSize = 3 }, new RunOptions { IncludeReductions = true, Threads = 1 });
        var reduction = packed.Rows[0];
        Assert.Equal([-18, -9, -3], reduction.Quantities);
        Assert.Equal(3, reduction.PackSize);
        Assert.Equal(-2, reduction.PackRemainder);
        Assert.Equal(-2, reduction.Unallocatable);
        Assert.Equal(reduction.Residual, reduction.Unallocatable);
        Assert.True(reduction.HasWarning);
        Assert.Contains(ReasonCodes.Pack, Rationale.Codes(reduction, 0), StringComparison.Ordinal);

        // The add row (10 in packs of 3: 1 unit left) and the reduction's 2 units add up; neither cancels the other.
        var totals = ReconciliationTotals.From(packed);
        Assert.Equal(3, totals.UnallocatableUnits);
        Assert.Equal(2, totals.UnallocatableRows);
        Assert.Equal(2, totals.RowsWithWarnings);

        // b01 on the exclusion list gives nothing back; its share goes to the others by the same rule: 32 × 30 / 40, 32 × 10 / 40.
        var lists = t.Folder + "/exclude.csv";
        File.WriteAllText(lists, "store_code\nb01\n");
        var inputs = RetailInputs.Load(SmallPlan.Period, t.Paths() with { ExcludeStoresFile = lists });
        var excluded = StoreAllocator.Run(inputs, Roomy, new RunOptions { IncludeReductions = true, Threads = 1 }).Rows[0];
        Assert.Equal([0, -24, -8], excluded.Quantities);
        Assert.Equal(CapKind.ExcludedByList, excluded.CapKinds[0]);
        Assert.Equal(1, excluded.StoresExcluded);
        Assert.Equal(0, excluded.Unallocatable);

        // Every store listed: nothing is taken back and all 32 units are reported.
        File.WriteAllText(lists, "store_code\nb01\nb02\nb03\n");
        var none = StoreAllocator.Run(RetailInputs.Load(SmallPlan.Period, t.Paths() with { ExcludeStoresFile = lists }), Roomy, new RunOptions { IncludeReductions = true, Threads = 1 }).Rows[0];
        Assert.Equal([0, 0, 0], none.Quantities);
        Assert.Equal(-32, none.Unallocatable);
        Assert.True(none.HasWarning);
    }

    [Fact]
    public void ReductionWithoutStores_Allowed_IsAWarning_AndDoesNotCancelAnAddsUnallocatableUnits()
    {
        // Found by hand: with --include-reductions --allow-unallocatable a reduction of 18 without stores made the
        // period's unallocatable_units 18 smaller (149 → 131) and its row said "ok".
        using var t = new SmallPlan { Recs = RecsWithPack + Rec(-18).Replace("\"b01,b02,b03\"", "[]", StringComparison.Ordinal) + Rec(10, "3"), Sales = Sales603010 };
        var plan = t.Run(Roomy, new RunOptions { IncludeReductions = true, AllowUnallocatable = true, Threads = 1 });
        Assert.Equal(-18, plan.Rows[0].Unallocatable);
        Assert.True(plan.Rows[0].HasWarning);
        var totals = ReconciliationTotals.From(plan);
        Assert.Equal(19, totals.UnallocatableUnits);
        Assert.Equal(2, totals.UnallocatableRows);
    }

    [Theory]
    [InlineData(10, new long[] { 4, 3, 3 }, 0)]
    [InlineData(7, new long[] { 4, 3, 0 }, 1)]
    [InlineData(2, new long[] { 0, 0, 0 }, 3)]
    public void PresentationMinimum_EveryReceivingStoreGetsAtLeastThree_LowestWeightLeftOut(long delta, long[] expected, int leftOut)
    {
        // Minimum 3: as many stores as the total can give 3 (10 → 3 stores, 7 → 2, 2 → none), by weight.
        // 10: floors max(3, 6 / 3 / 1) = 6 / 3 / 3 = 12, two taken back from b01 (the only store above its minimum).
        using var t = new SmallPlan { Recs = RecsWithPack + Rec(delta), Sales = Sales603010 };
        var row = t.Run(Roomy with { PresentationMin = 3 }).Rows[0];
        Assert.Equal(expected, row.Quantities);
        Assert.Equal(leftOut, row.PresentationExcluded);
        Assert.Equal(delta - expected.Sum(), row.Unallocatable);
        Assert.All(row.Quantities, q => Assert.True(q == 0 || q >= 3));
    }

    [Fact]
    public void PresentationMinimum_DoesNotMarkStoresAsMinimumCoverage_LeftOutCountsOnlyEligibleStores()
    {
        // b03 is over CAPACITY_MAX_UTIL (excluded, not "left out"); 7 units, minimum 3 → b01, b02 chosen.
        using var t = new SmallPlan
        {
            Recs = RecsWithPack + Rec(7),
            Meta = SmallPlan.MetaHeader + "b01,,Fashion,,\nb02,,Fashion,,\nb03,,Fashion,0.95,\n",
            Sales = Sales603010,
        };
        var row = t.Run(Roomy with { PresentationMin = 3 }).Rows[0];
        Assert.Equal([4, 3, 0], row.Quantities);
        Assert.Equal(0, row.PresentationExcluded);
        Assert.Equal([false, false, false], row.MinCoverage);
        Assert.Contains(ReasonCodes.PresentationMin, Rationale.Codes(row, 0), StringComparison.Ordinal);
        Assert.DoesNotContain(ReasonCodes.MinCoverage, Rationale.Codes(row, 0), StringComparison.Ordinal);
    }

    [Fact]
    public void PacksAndPresentationMinimum_Together_MinimumRoundsUpToWholePacks()
    {
        // Packs of 2, minimum 3 → 2 packs (4 units) per receiving store. 11 units = 5 packs + 1: 2 stores (5 / 2).
        using var t = new SmallPlan { Recs = RecsWithPack + Rec(11, "2"), Sales = Sales603010 };
        var row = t.Run(Roomy with { PresentationMin = 3 }).Rows[0];
        Assert.Equal([6, 4, 0], row.Quantities); // pack quotas 3 / 1.5 / 0.5 over b01, b02: floors max(2, 3), max(2, 1) = 3, 2
        Assert.Equal(1, row.Unallocatable);
    }

    [Fact]
    public void ExclusionList_GlobalAndPerPeriodRows_StoreNeverConsideredNorRelaxed()
    {
        // b01 excluded globally; b02's line is for period B only. Quotas 6 / 3 / 1 with b01's cap 0: floors 0 / 3 / 1,
        // the 6 left go one per pass to b02, b03 (equal remainders 0, store code) → 0 / 6 / 4.
        using var t = new SmallPlan { Recs = RecsWithPack + Rec(10), Sales = Sales603010 };
        var lists = t.Folder + "/exclude.csv";
        File.WriteAllText(lists, "store_code,period\nb01,\nb02,202509B\n");
        var inputs = RetailInputs.Load(SmallPlan.Period, t.Paths() with { ExcludeStoresFile = lists });
        Assert.Equal(["b01"], inputs.ExcludedStores);
        Assert.Contains(inputs.Files, f => f.Role == "exclude_stores");
        foreach (var mode in new[] { CapRelaxation.Bounded, CapRelaxation.Unlimited })
        {
            var row = StoreAllocator.Run(inputs, SmallPlan.SalesOnly, new RunOptions { RelaxCaps = mode, Threads = 1 }).Rows[0];
            Assert.Equal([0, 6, 4], row.Quantities);
            Assert.Equal(CapKind.ExcludedByList, row.CapKinds[0]);
            Assert.Contains(ReasonCodes.ExcludedByList, Rationale.Codes(row, 0), StringComparison.Ordinal);
        }

        // Everything excluded: nothing relaxed even under unlimited; all units reported.
        File.WriteAllText(lists, "str_code\nb01\nb02\nb03\n");
        var all = StoreAllocator.Run(RetailInputs.Load(SmallPlan.Period, t.Paths() with { ExcludeStoresFile = lists }), SmallPlan.SalesOnly, new RunOptions { RelaxCaps = CapRelaxation.Unlimited, Threads = 1 }).Rows[0];
        Assert.Equal([0, 0, 0], all.Quantities);
        Assert.Equal(10, all.Unallocatable);
    }

    [Theory]
    [InlineData("202509")] // a month without its half: read as "every period" it would have been silently ignored
    [InlineData("2025-09A")]
    [InlineData("202509C")]
    [InlineData("202513A")]
    [InlineData("Sept A")]
    public void StoreList_PeriodCellThatIsNotAHalfMonth_IsAnErrorNamingFileRowAndColumn(string period)
    {
        // Found by hand: such a row was skipped without a word, so the store it excludes received units.
        using var t = new SmallPlan { Recs = RecsWithPack + Rec(10), Sales = Sales603010 };
        var lists = t.Folder + "/exclude.csv";
        File.WriteAllText(lists, $"store_code,period\nb02,202509A\nb01,{period}\n");
        foreach (var paths in new[] { t.Paths() with { ExcludeStoresFile = lists }, t.Paths() with { IncludeStoresFile = lists } })
        {
            var error = Expect.Error(() => RetailInputs.Load(SmallPlan.Period, paths));
            Assert.Equal(Allot.Retail.Errors.RetailErrorCodes.BadStoreList, error.Code);
            Assert.Equal(lists, error.File);
            Assert.Equal(2, error.Row);
            Assert.Contains("period", error.Message, StringComparison.Ordinal);
            Assert.Contains($"'{period}'", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\"b01,b02\"")]
    [InlineData("b01;b02")]
    [InlineData("b01 b02")]
    [InlineData("b01，b02")]
    public void StoreList_ACellWithSeveralCodes_IsAnError(string cell)
    {
        // Noticed by hand: "b01,b02" in one cell was read as one code that matches no store, so neither was excluded.
        using var t = new SmallPlan { Recs = RecsWithPack + Rec(10), Sales = Sales603010 };
        var lists = t.Folder + "/exclude.csv";
        File.WriteAllText(lists, $"store_code,period\nb03,\n{cell},\n");
        var error = Expect.Error(() => RetailInputs.Load(SmallPlan.Period, t.Paths() with { ExcludeStoresFile = lists }));
        Assert.Equal(Allot.Retail.Errors.RetailErrorCodes.BadStoreList, error.Code);
        Assert.Equal(2, error.Row); // data rows count from 1
        Assert.Contains("holds several codes; list one store code per row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreList_PeriodCells_OtherHalfIgnored_LowerCaseAndMissingMarkersAccepted()
    {
        using var t = new SmallPlan { Recs = RecsWithPack + Rec(10), Sales = Sales603010 };
        var lists = t.Folder + "/exclude.csv";
        File.WriteAllText(lists, "store_code,period\nb01,202509a\nb02,202509B\nb03,nan\nb03,\n");
        Assert.Equal(["b01", "b03"], RetailInputs.Load(SmallPlan.Period, t.Paths() with { ExcludeStoresFile = lists }).ExcludedStores.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StoreList_CodeThatMatchesAStoreOfTheRecommendationsButForLeadingZeros_IsAnError()
    {
        // Found by hand: an exclusion list re-saved by a spreadsheet ('01004' became 1004) excluded nothing, and store
        // 01004 received units. Codes are compared as text, so the list is refused naming the row and both spellings.
        using var t = new SmallPlan
        {
            Recs = RecsWithPack + "G1,\"[夏]\",T恤,POLO衫,夏,男,前台,10,\"01000,01004,S0100\",3,,,\n",
            Sales = SmallPlan.SalesHeader + "01000,T恤,POLO衫,60\n01004,T恤,POLO衫,30\nS0100,T恤,POLO衫,10\n",
        };
        var lists = t.Folder + "/exclude.csv";
        File.WriteAllText(lists, "store_code\n01000\n1004\n99999\n");
        foreach (var paths in new[] { t.Paths() with { ExcludeStoresFile = lists }, t.Paths() with { IncludeStoresFile = lists } })
        {
            var error = Expect.Error(() => RetailInputs.Load(SmallPlan.Period, paths));
            Assert.Equal(Allot.Retail.Errors.RetailErrorCodes.BadStoreList, error.Code);
            Assert.Equal(lists, error.File);
            Assert.Equal(2, error.Row);
            Assert.Contains("'1004'", error.Message, StringComparison.Ordinal);
            Assert.Contains("'01004'", error.Message, StringComparison.Ordinal);
        }

        // A code of another period's stores (99999) or one that is exact is fine.
        File.WriteAllText(lists, "store_code\n01004\n99999\n");
        Assert.Equal(["01004", "99999"], RetailInputs.Load(SmallPlan.Period, t.Paths() with { ExcludeStoresFile = lists }).ExcludedStores.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void InclusionList_KeepsAStoreAboveMaxUtil_ExclusionListWins()
    {
        // b01 is 92 % full: normally excluded; included, its cap is round(0.08 · 10) = 1.
        using var t = new SmallPlan
        {
            Recs = RecsWithPack + Rec(10),
            Meta = SmallPlan.MetaHeader + "b01,,Fashion,0.92,\nb02,,Fashion,,\nb03,,Fashion,,\n",
            Sales = Sales603010,
        };
        Assert.Equal(0, t.Run(SmallPlan.SalesOnly).Rows[0].Quantities[0]);
        var include = t.Folder + "/include.csv";
        File.WriteAllText(include, "store_code\nb01\n");
        var row = StoreAllocator.Run(RetailInputs.Load(SmallPlan.Period, t.Paths() with { IncludeStoresFile = include }), SmallPlan.SalesOnly, new RunOptions { Threads = 1 }).Rows[0];
        Assert.Equal(1, row.Caps[0]);
        Assert.Equal(1, row.Quantities[0]);
        Assert.Equal(10, row.Allocated);
        Assert.Contains(ReasonCodes.IncludedByList, Rationale.Codes(row, 0), StringComparison.Ordinal);
        var exclude = t.Folder + "/exclude.csv";
        File.WriteAllText(exclude, "store_code\nb01\n");
        var both = StoreAllocator.Run(RetailInputs.Load(SmallPlan.Period, t.Paths() with { IncludeStoresFile = include, ExcludeStoresFile = exclude }), SmallPlan.SalesOnly, new RunOptions { Threads = 1 }).Rows[0];
        Assert.Equal(CapKind.ExcludedByList, both.CapKinds[0]);
        Assert.Equal(0, both.Quantities[0]);
    }

    [Fact]
    public void PacksMinimumsAndLists_Property_SumBoundsMultiplesMinimumAndExclusions()
    {
        var gen = Gen.Int[1, 7].SelectMany(n => Gen.Select(
            Gen.Int[1, 50].Array[n],
            Gen.Int[-1, 100].Array[n],
            Gen.Int[0, 3].Array[n],
            Gen.Int[1, 80],
            Gen.Int[1, 5],
            Gen.Int[0, 7],
            Gen.Int[0, 2],
            (sales, util, list, delta, pack, min, mode) => (n, sales, util, list, delta, pack, min, mode)));
        gen.Sample(c =>
        {
            var codes = Enumerable.Range(0, c.n).Select(i => $"s{i:D2}").ToArray();
            var meta = string.Concat(Enumerable.Range(0, c.n).Select(i => $"{codes[i]},,Fashion,{(c.util[i] < 0 ? string.Empty : (c.util[i] / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture))},\n"));
            var sales = string.Concat(Enumerable.Range(0, c.n).Select(i => $"{codes[i]},T恤,POLO衫,{c.sales[i]}\n"));
            using var t = new SmallPlan
            {
                Recs = RecsWithPack + $"G1,\"[夏]\",T恤,POLO衫,夏,男,前台,{c.delta},\"{string.Join(',', codes)}\",{c.n},,,{c.pack}\n",
                Meta = SmallPlan.MetaHeader + meta,
                Sales = SmallPlan.SalesHeader + sales,
            };
            var exclude = t.Folder + "/x.csv";
            var include = t.Folder + "/i.csv";
            File.WriteAllText(exclude, "store_code\n" + string.Concat(Enumerable.Range(0, c.n).Where(i => c.list[i] == 1).Select(i => codes[i] + "\n")));
            File.WriteAllText(include, "store_code\n" + string.Concat(Enumerable.Range(0, c.n).Where(i => c.list[i] == 2).Select(i => codes[i] + "\n")));
            var inputs = RetailInputs.Load(SmallPlan.Period, t.Paths() with { ExcludeStoresFile = exclude, IncludeStoresFile = include });
            var parameters = new AllocationParameters { PresentationMin = c.min };
            var row = StoreAllocator.Run(inputs, parameters, new RunOptions { RelaxCaps = (CapRelaxation)c.mode, Threads = 1 }).Rows[0];
            Assert.Equal(c.delta, row.Allocated + row.Unallocatable);
            Assert.Equal(c.delta % c.pack, row.PackRemainder);
            for (var i = 0; i < c.n; i++)
            {
                var q = row.Quantities[i];
                Assert.True(q >= 0 && q % c.pack == 0, $"store {i}: {q} not whole packs of {c.pack}");
                Assert.True(q == 0 || q >= c.min, $"store {i}: {q} below the minimum {c.min}");
                if (c.list[i] == 1 || row.CapKinds[i] == CapKind.OverCapacity)
                {
                    Assert.Equal(0, q);
                }

                if ((CapRelaxation)c.mode == CapRelaxation.None)
                {
                    Assert.True(q <= row.Caps[i], $"store {i}: {q} above cap {row.Caps[i]}");
                }
                else if ((CapRelaxation)c.mode == CapRelaxation.Bounded)
                {
                    Assert.True(q <= row.Caps[i] + parameters.MaxRelaxPerStore, $"store {i}: {q} above cap {row.Caps[i]} + 1");
                }
            }
        }, iter: 100);
    }
}
