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
        var text = new Utf8Text();
        AppendSentence(text, row, i);
        return text.ToString();
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

        if (row.PackSize > 1)
        {
            // Reductions go in whole packs too.
            Add(Bits.Pack);
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

    /// <summary>
    /// <see cref="Sentence"/> appended to <paramref name="text"/> as UTF-8: the pick list's hot path, so the pieces are
    /// UTF-8 already (fixed words as literals, numbers formatted in place, the row's own part and the labels encoded
    /// once) and the line's sentence is never held as characters.
    /// </summary>
    internal static void AppendSentence(Utf8Text text, RowAllocation row, int i)
    {
        var w = row.Weights!;
        var r = row.Row;
        var s = row.Stores[i];
        text.Append(row.Quantities[i]).Append(" of "u8).Append(r.DeltaQty).Append(" units (weight "u8)
            .Append(w.CompositeShare[i] * 100, "0.0").Append("%, "u8)
            .Append(w.Basis switch
            {
                SalesBasis.Subcategory => "subcategory sales"u8,
                SalesBasis.Category => "category sales (no subcategory sales in group)"u8,
                _ => "equal split (no sales in group)"u8,
            })
            .Append(")."u8);

        // The row's own part (trend, confidence, priority) is the same for every store of the row: built once.
        text.Append(row.RationaleRowPart ??= Utf8Text.Encode(RowPart(row)));

        text.Append(" Suitability "u8).Append(w.Temperature[i] switch
        {
            SuitabilityLevel.High => "HIGH"u8,
            SuitabilityLevel.Med => "MED"u8,
            _ => "LOW"u8,
        }).Append(": "u8);
        if (r.CanonicalSeason is { } season)
        {
            text.AppendLabel(season);
        }
        else
        {
            text.Append(r.Season.Length > 0 ? r.Season : "unknown season");
        }

        text.Append(" in a "u8);
        if (s.Climate is { } climate)
        {
            text.AppendLabel(climate);
        }
        else
        {
            text.Append("unknown-climate"u8);
        }

        text.Append(" store"u8);
        switch (w.Alignment[i])
        {
            case StoreTypeAlignment.Aligned:
                text.Append(", type "u8).AppendLabel(s.StoreType).Append(" aligned with group."u8);
                break;
            case StoreTypeAlignment.Mixed:
                text.Append(", type "u8).AppendLabel(s.StoreType).Append(" mixed (group mostly "u8);
                if (w.DominantType.Length > 0)
                {
                    text.AppendLabel(w.DominantType);
                }
                else
                {
                    text.Append("unknown"u8);
                }

                text.Append(")."u8);
                break;
            default:
                text.Append(", store type unknown."u8);
                break;
        }

        if (r.DeltaQty > 0)
        {
            switch (row.CapKinds[i])
            {
                case CapKind.OverCapacity:
                    text.Append(" Cap 0: store over capacity ("u8);
                    if (s.CapacityUtilization is { } utilisation)
                    {
                        text.Append(utilisation);
                    }

                    text.Append(" utilised)"u8);
                    break;
                case CapKind.ExcludedByList:
                    text.Append(" Cap 0: store on the exclusion list"u8);
                    break;
                case CapKind.StorePeriod when row.CapacitiesSharedInSolve:
                    text.Append(" Cap "u8).Append(row.Caps[i]).Append(" (capacity headroom; the store's period capacity is shared by the period's rows)"u8);
                    break;
                case CapKind.Shelf when row.CapacitiesSharedInSolve:
                    text.Append(" Cap "u8).Append(row.Caps[i]).Append(" (per row; the category shelf space is shared by the period's rows)"u8);
                    break;
                case CapKind.StorePeriod:
                    text.Append(" Cap "u8).Append(row.Caps[i]).Append(" (store's period capacity left)"u8);
                    break;
                case CapKind.Shelf:
                    text.Append(" Cap "u8).Append(row.Caps[i]).Append(" (category shelf space left)"u8);
                    break;
                default:
                    text.Append(" Cap "u8).Append(row.Caps[i]).Append(" (capacity headroom)"u8);
                    break;
            }

            if (row.PackSize > 1)
            {
                text.Append("; packs of "u8).Append(row.PackSize);
            }

            if (row.Relaxed[i] > 0)
            {
                text.Append("; relaxed by "u8).Append(row.Relaxed[i]);
                if (row.Unallocatable > 0)
                {
                    text.Append(" (the most allowed); the row still has "u8).Append(row.Unallocatable).Append(" unit(s) no store could take."u8);
                }
                else
                {
                    text.Append(" so the group total reconciles."u8);
                }
            }
            else
            {
                text.Append(row.CapHit[i] ? "; reached."u8 : "."u8);
            }
        }
        else if (r.DeltaQty < 0 && row.PackSize > 1)
        {
            text.Append(" Taken back in packs of "u8).Append(row.PackSize).Append("."u8);
        }

        if (s.Unknown)
        {
            text.Append(" Store not found in meta, tags or sales: defaults used."u8);
        }
        else if (!s.HasMeta)
        {
            text.Append(" Store not in store meta: full headroom assumed."u8);
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
