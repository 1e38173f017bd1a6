using Allot.Retail.Allocation;
using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using CsCheck;

namespace Allot.Retail.Tests.Allocation;

/// <summary>Invariants of the whole row allocation over random small plans built in memory.</summary>
public class AllocationPropertyTests
{
    private static readonly Gen<(int Stores, int[] Sales, int[] UtilPct, int[] Racks, int Delta, int Method, int Mode, int MinStores)> Cases =
        Gen.Int[1, 8].SelectMany(n => Gen.Select(
            Gen.Int[0, 50].Array[n],
            Gen.Int[-1, 120].Array[n],
            Gen.Int[0, 40].Array[n],
            Gen.Int[1, 120],
            Gen.Int[0, 1],
            Gen.Int[0, 2],
            Gen.Int[0, 3],
            (s, u, r, d, m, strict, k) => (n, s, u, r, d, m, strict, k)));

    [Fact]
    public void EveryRow_ReconcilesOrFlags_NonNegative_WithinCapsPlusBoundedRelaxation_ExcludedStoresNeverRelaxed()
    {
        Cases.Sample(c =>
        {
            var codes = Enumerable.Range(0, c.Stores).Select(i => $"0{i:D3}").ToArray();
            var meta = new Dictionary<string, StoreMetaRecord>(StringComparer.Ordinal);
            var sales = new StoreSales();
            for (var i = 0; i < c.Stores; i++)
            {
                meta[codes[i]] = new StoreMetaRecord(codes[i], string.Empty, i % 3 == 0 ? "Fashion" : "Basic", c.UtilPct[i] < 0 ? null : c.UtilPct[i] / 100m, c.Racks[i] == 0 ? null : c.Racks[i] * 10m);
                sales.Add(codes[i], "T恤", "POLO衫", c.Sales[i]);
            }

            var rec = new GroupRecommendation
            {
                SourceRow = 1,
                StoreGroup = "G",
                StyleTags = "[]",
                Category = "T恤",
                Subcategory = "POLO衫",
                Season = "夏",
                CanonicalSeason = "夏",
                Gender = "男",
                Location = "前台",
                DeltaQty = c.Delta,
                StoreCodes = codes,
                DuplicateStoreCodes = 0,
                StoreCountInGroup = c.Stores,
                ExpectedBenefit = null,
                ConfidenceScore = null,
                TrendClusterPerformance = string.Empty,
                ClusterTrendScore = string.Empty,
                ClusterTrendConfidence = string.Empty,
            };
            var inputs = new RetailInputs
            {
                Period = TargetPeriod.Parse("202509", "A"),
                Recommendations = [rec, rec with { SourceRow = 2 }],
                Meta = meta,
                Tags = new Dictionary<string, StoreTagRecord>(),
                Clusters = new Dictionary<string, string>(),
                Sales = sales,
                Files = [],
                StoreMetaPath = string.Empty,
            };
            var mode = (CapRelaxation)c.Mode;
            var options = new RunOptions { Method = c.Method == 0 ? AllocationMethod.Seed : AllocationMethod.Optimal, RelaxCaps = mode, Threads = 1 };
            var parameters = new AllocationParameters { MinStores = c.MinStores, MaxRelaxPerStore = 1 };
            var plan = StoreAllocator.Run(inputs, parameters, options);
            foreach (var row in plan.Rows)
            {
                Assert.All(row.Quantities, q => Assert.True(q >= 0));
                var eligible = 0;
                for (var i = 0; i < row.Stores.Length; i++)
                {
                    Assert.True(row.Quantities[i] <= row.Caps[i] + row.Relaxed[i], $"store {i}: {row.Quantities[i]} > cap {row.Caps[i]} + relaxed {row.Relaxed[i]}");
                    if (row.CapKinds[i] == Allot.Retail.Caps.CapKind.OverCapacity)
                    {
                        Assert.Equal(0, row.Quantities[i]);
                        Assert.Equal(0, row.Relaxed[i]);
                    }
                    else if (row.Weights!.Composite[i] > 0)
                    {
                        eligible++;
                        if (mode == CapRelaxation.Bounded)
                        {
                            Assert.InRange(row.Relaxed[i], 0, parameters.MaxRelaxPerStore);
                        }
                    }
                }

                Assert.Equal(c.Delta, row.Allocated + row.Unallocatable);
                Assert.Equal(row.Unallocatable, row.Residual);
                Assert.Equal(row.RelaxedUnits > 0 || row.Unallocatable > 0, row.HasWarning);
                switch (mode)
                {
                    case CapRelaxation.None:
                        Assert.Equal(0, row.RelaxedUnits);
                        break;
                    case CapRelaxation.Bounded when row.Unallocatable > 0:
                        Assert.Equal(eligible * parameters.MaxRelaxPerStore, row.RelaxedUnits);
                        break;
                    case CapRelaxation.Unlimited when row.Unallocatable > 0:
                        Assert.Equal(0, eligible);
                        break;
                }
            }
        });
    }
}
