using System.Globalization;
using System.Text;
using Allot.Retail.Allocation;
using Allot.Retail.Caps;
using Allot.Retail.Weights;

namespace Allot.Retail.Outputs;

/// <summary>Builds the pick list's readable <c>rationale</c> sentence and the <c>reason_codes</c> list for one store of a row.</summary>
internal static class Rationale
{
    /// <summary>The reason codes of store <paramref name="i"/> in <paramref name="row"/>, in the catalogue's order, joined by ';'.</summary>
    public static string Codes(RowAllocation row, int i)
    {
        ArgumentNullException.ThrowIfNull(row);
        var sb = new StringBuilder(96);
        AppendCodes(sb, row, i);
        return sb.ToString();
    }

    /// <summary>A short readable sentence: quantity and weight, trend/performance, confidence and priority, suitability, cap note.</summary>
    public static string Sentence(RowAllocation row, int i)
    {
        ArgumentNullException.ThrowIfNull(row);
        var sb = new StringBuilder(256);
        AppendSentence(sb, row, i);
        return sb.ToString();
    }

    /// <summary>The catalogue's codes in the order a store's list gives them; bit <c>k</c> of a code set stands for entry <c>k</c>.</summary>
    private static readonly string[] CodeOrder =
    [
        ReasonCodes.Reduction, ReasonCodes.SalesSubcategory, ReasonCodes.SalesCategory, ReasonCodes.SalesUniform,
        ReasonCodes.TempHigh, ReasonCodes.TempMed, ReasonCodes.TempLow, ReasonCodes.TypeAligned, ReasonCodes.TypeMixed,
        ReasonCodes.TypeUnknown, ReasonCodes.UniformFallback, ReasonCodes.MinCoverage, ReasonCodes.ShelfCap,
        ReasonCodes.OverCapacity, ReasonCodes.ExcludedByList, ReasonCodes.IncludedByList, ReasonCodes.Pack,
        ReasonCodes.PresentationMin, ReasonCodes.CapHit, ReasonCodes.CapRelaxed, ReasonCodes.UnknownStore, ReasonCodes.NoMeta,
    ];

    /// <summary>The bit of each code in a code set (its position in <see cref="CodeOrder"/>).</summary>
    private static class Bits
    {
        public const int Reduction = 1 << 0;
        public const int SalesSubcategory = 1 << 1;
        public const int SalesCategory = 1 << 2;
        public const int SalesUniform = 1 << 3;
        public const int TempHigh = 1 << 4;
        public const int TempMed = 1 << 5;
        public const int TempLow = 1 << 6;
        public const int TypeAligned = 1 << 7;
        public const int TypeMixed = 1 << 8;
        public const int TypeUnknown = 1 << 9;
        public const int UniformFallback = 1 << 10;
        public const int MinCoverage = 1 << 11;
        public const int ShelfCap = 1 << 12;
        public const int OverCapacity = 1 << 13;
        public const int ExcludedByList = 1 << 14;
        public const int IncludedByList = 1 << 15;
        public const int Pack = 1 << 16;
        public const int PresentationMin = 1 << 17;
        public const int CapHit = 1 << 18;
        public const int CapRelaxed = 1 << 19;
        public const int UnknownStore = 1 << 20;
        public const int NoMeta = 1 << 21;
    }

    /// <summary><see cref="Codes"/> appended to <paramref name="sb"/>.</summary>
    internal static void AppendCodes(StringBuilder sb, RowAllocation row, int i) => AppendCodes(sb, CodeSet(row, i));

    /// <summary>The codes of a <see cref="CodeSet"/>, joined by ';'.</summary>
    internal static void AppendCodes(StringBuilder sb, int set)
    {
        var first = true;
        for (var k = 0; k < CodeOrder.Length; k++)
        {
            if ((set & (1 << k)) != 0)
            {
                if (!first)
                {
                    sb.Append(';');
                }

                sb.Append(CodeOrder[k]);
                first = false;
            }
        }
    }

    /// <summary>
    /// Which codes apply to store <paramref name="i"/> of <paramref name="row"/>, as bits over the catalogue's order:
    /// a line's list is a function of this number alone, so the pick list renders each distinct list once.
    /// </summary>
    internal static int CodeSet(RowAllocation row, int i)
    {
        ArgumentNullException.ThrowIfNull(row);
        var w = row.Weights!;
        var set = 0;
        void Add(int bit) => set |= bit;

        if (row.Row.DeltaQty < 0)
        {
            Add(Bits.Reduction);
        }

        Add(w.Basis switch
        {
            SalesBasis.Subcategory => Bits.SalesSubcategory,
            SalesBasis.Category => Bits.SalesCategory,
            _ => Bits.SalesUniform,
        });
        Add(w.Temperature[i] switch
        {
            SuitabilityLevel.High => Bits.TempHigh,
            SuitabilityLevel.Med => Bits.TempMed,
            _ => Bits.TempLow,
        });
        Add(w.Alignment[i] switch
        {
            StoreTypeAlignment.Aligned => Bits.TypeAligned,
            StoreTypeAlignment.Mixed => Bits.TypeMixed,
            _ => Bits.TypeUnknown,
        });
        if (w.UniformFallback)
        {
            Add(Bits.UniformFallback);
        }

        if (row.MinCoverage[i])
        {
            Add(Bits.MinCoverage);
        }

        if (row.Row.DeltaQty > 0)
        {
            if (row.CapKinds[i] == CapKind.Shelf)
            {
                Add(Bits.ShelfCap);
            }

            if (row.CapKinds[i] == CapKind.OverCapacity)
            {
                Add(Bits.OverCapacity);
            }

            if (row.CapKinds[i] == CapKind.ExcludedByList)
            {
                Add(Bits.ExcludedByList);
            }
            else if (row.Stores[i].ListedIncluded)
            {
                Add(Bits.IncludedByList);
            }

            if (row.PackSize > 1)
            {
                Add(Bits.Pack);
            }

            if (row.PresentationMin > 1 && row.Quantities[i] > 0)
            {
                Add(Bits.PresentationMin);
            }

            if (row.CapHit[i])
            {
                Add(Bits.CapHit);
            }

            if (row.Relaxed[i] > 0)
            {
                Add(Bits.CapRelaxed);
            }
        }

        if (row.Stores[i].Unknown)
        {
            Add(Bits.UnknownStore);
        }
        else if (!row.Stores[i].HasMeta)
        {
            Add(Bits.NoMeta);
        }

        return set;
    }

    /// <summary><see cref="Sentence"/> appended to <paramref name="sb"/> (the pick list's hot path: formatted in place, no intermediate strings).</summary>
    internal static void AppendSentence(StringBuilder sb, RowAllocation row, int i)
    {
        var w = row.Weights!;
        var r = row.Row;
        var s = row.Stores[i];
        var inv = CultureInfo.InvariantCulture;
        var basis = w.Basis switch
        {
            SalesBasis.Subcategory => "subcategory sales",
            SalesBasis.Category => "category sales (no subcategory sales in group)",
            _ => "equal split (no sales in group)",
        };
        sb.Append(inv, $"{row.Quantities[i]} of {r.DeltaQty} units (weight {w.CompositeShare[i] * 100:0.0}%, ").Append(basis).Append(").");

        // The row's own part (trend, confidence, priority) is the same for every store of the row: built once.
        sb.Append(row.RationaleRowPart ??= RowPart(row));

        var level = w.Temperature[i] switch
        {
            SuitabilityLevel.High => "HIGH",
            SuitabilityLevel.Med => "MED",
            _ => "LOW",
        };
        sb.Append(" Suitability ").Append(level).Append(": ")
            .Append(r.CanonicalSeason ?? (r.Season.Length > 0 ? r.Season : "unknown season"))
            .Append(" in a ").Append(s.Climate ?? "unknown-climate").Append(" store");
        switch (w.Alignment[i])
        {
            case StoreTypeAlignment.Aligned:
                sb.Append(", type ").Append(s.StoreType).Append(" aligned with group.");
                break;
            case StoreTypeAlignment.Mixed:
                sb.Append(", type ").Append(s.StoreType).Append(" mixed (group mostly ").Append(w.DominantType.Length > 0 ? w.DominantType : "unknown").Append(").");
                break;
            default:
                sb.Append(", store type unknown.");
                break;
        }

        if (r.DeltaQty > 0)
        {
            switch (row.CapKinds[i])
            {
                case CapKind.OverCapacity:
                    sb.Append(inv, $" Cap 0: store over capacity ({s.CapacityUtilization} utilised)");
                    break;
                case CapKind.ExcludedByList:
                    sb.Append(" Cap 0: store on the exclusion list");
                    break;
                case CapKind.StorePeriod:
                    sb.Append(inv, $" Cap {row.Caps[i]} (store's period capacity left)");
                    break;
                case CapKind.Shelf:
                    sb.Append(inv, $" Cap {row.Caps[i]} (category shelf space left)");
                    break;
                default:
                    sb.Append(inv, $" Cap {row.Caps[i]} (capacity headroom)");
                    break;
            }

            if (row.PackSize > 1)
            {
                sb.Append(inv, $"; packs of {row.PackSize}");
            }

            if (row.Relaxed[i] > 0)
            {
                if (row.Unallocatable > 0)
                {
                    sb.Append(inv, $"; relaxed by {row.Relaxed[i]} (the most allowed); the row still has {row.Unallocatable} unit(s) no store could take.");
                }
                else
                {
                    sb.Append(inv, $"; relaxed by {row.Relaxed[i]} so the group total reconciles.");
                }
            }
            else
            {
                sb.Append(row.CapHit[i] ? "; reached." : ".");
            }
        }

        if (s.Unknown)
        {
            sb.Append(" Store not found in meta, tags or sales: defaults used.");
        }
        else if (!s.HasMeta)
        {
            sb.Append(" Store not in store meta: full headroom assumed.");
        }
    }

    /// <summary>The row-level part of the sentence: trend, confidence, expected benefit and priority.</summary>
    private static string RowPart(RowAllocation row)
    {
        var r = row.Row;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(160);
        var trend = new List<string>(3);
        if (r.TrendClusterPerformance.Length > 0)
        {
            trend.Add($"performance {r.TrendClusterPerformance}");
        }

        if (r.ClusterTrendScore.Length > 0)
        {
            trend.Add($"trend score {r.ClusterTrendScore}");
        }

        if (r.ClusterTrendConfidence.Length > 0)
        {
            trend.Add($"trend confidence {r.ClusterTrendConfidence}");
        }

        sb.Append(trend.Count > 0 ? $" Trend: {string.Join(", ", trend)}." : " Trend: not given.");
        sb.Append(r.ConfidenceScore is { } c ? $" Confidence {c.ToString("0.###", inv)}" : " Confidence not given");
        if (r.ExpectedBenefit is { } b)
        {
            sb.Append(inv, $", expected benefit {b.ToString("0.##", inv)}");
        }

        sb.Append(inv, $"; priority {row.PriorityRank} of {row.PriorityPeers} in {r.Category}.");
        return sb.ToString();
    }
}
