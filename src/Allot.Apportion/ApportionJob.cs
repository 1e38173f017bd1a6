using System.Globalization;
using Allot.Core.Apportionment;
using Allot.Core.Errors;
using Allot.Data.Tables;

namespace Allot.Apportion;

/// <summary>
/// <c>allot apportion</c>: reads a table of units (group, unit, weight, optional min/max, total), apportions each
/// group's total with the chosen kernel, and writes the allocations (and optionally the audit) atomically.
/// Every rejection names the file, the row and the group/unit; nothing is written unless every group succeeded.
/// </summary>
public static class ApportionJob
{
    /// <summary>Runs the job.</summary>
    public static ApportionSummary Run(ApportionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Total is not null && options.TotalsPath is not null)
        {
            throw Usage(ApportionJobErrors.BadOptions, "give either --total or --totals, not both.");
        }

        if ((options.MinColumn is not null || options.MaxColumn is not null) && options.Method == ApportionMethod.Hamilton)
        {
            throw Usage(ApportionJobErrors.BadBound, "min/max columns need a bounded method (--method proportional, seed-capped or a divisor method).");
        }

        var table = TableReader.Read(options.InputPath);
        var groups = ReadGroups(table, options);
        ApplyTotals(groups, table, options);

        foreach (var g in groups)
        {
            Apportion(g, options, table.Path);
        }

        ApportionOutput.Write(options, groups);
        return new ApportionSummary(
            groups.Count,
            groups.Sum(g => g.Units.Count),
            groups.Sum(g => g.Total ?? 0),
            groups.Sum(g => g.Allocation.Sum()),
            groups.Sum(g => g.Bounded?.Missing ?? 0),
            groups.Sum(g => g.Bounded?.Overflow ?? 0),
            groups.Sum(g => g.Bounded?.RelaxedTotal ?? 0),
            groups.Sum(g => g.Bounded?.CapHits ?? 0),
            groups.Count(g => (g.Audit?.TiedAtCutoff ?? 0) > 0),
            options.OutputPath,
            options.AuditPath);
    }

    private static List<ApportionGroup> ReadGroups(TableReader table, ApportionOptions o)
    {
        var groupCol = o.GroupColumn is null ? null : table.Column(o.GroupColumn);
        var unitCol = table.Column(o.UnitColumn);
        var weightCol = table.Column(o.WeightColumn);
        var minCol = o.MinColumn is null ? null : table.Column(o.MinColumn);
        var maxCol = o.MaxColumn is null ? null : table.Column(o.MaxColumn);
        var totalCol = o.Total is null && o.TotalsPath is null ? table.Column(o.TotalColumn) : null;

        var groups = new List<ApportionGroup>();
        var byKey = new Dictionary<string, ApportionGroup>(StringComparer.Ordinal);
        for (var r = 0; r < table.RowCount; r++)
        {
            long row = r + 1;
            var gk = groupCol?[r] ?? string.Empty;
            if (!byKey.TryGetValue(gk, out var g))
            {
                g = new ApportionGroup(gk);
                byKey.Add(gk, g);
                groups.Add(g);
            }

            var unit = unitCol[r] ?? throw Fail(ApportionJobErrors.BadNumber, $"column '{o.UnitColumn}' is empty: every unit needs a key.", table.Path, row, gk);
            if (!g.Seen.Add(unit))
            {
                throw Fail(ApportionJobErrors.DuplicateUnit, $"unit '{unit}' appears twice in group '{gk}'; unit keys must be unique within a group.", table.Path, row, Key(gk, unit));
            }

            var wText = weightCol[r];
            if (!ExactNumber.TryParse(wText, out var w))
            {
                throw Fail(ApportionJobErrors.BadNumber, $"weight '{wText}' is not a decimal number.", table.Path, row, Key(gk, unit));
            }

            if (w.IsNegative)
            {
                throw Fail(ApportionmentErrors.NegativeWeight, $"weight {wText} is negative; weights must be ≥ 0.", table.Path, row, Key(gk, unit));
            }

            g.Units.Add(unit);
            g.Rows.Add(row);
            g.WeightText.Add(wText!.Trim());
            g.Weights.Add((w.Numerator, w.Denominator));
            g.Min.Add(minCol is null ? 0 : Bound(minCol[r], 0, o.MinColumn!, table.Path, row, Key(gk, unit)));
            g.Max.Add(maxCol is null ? long.MaxValue : Bound(maxCol[r], long.MaxValue, o.MaxColumn!, table.Path, row, Key(gk, unit)));

            if (totalCol is not null)
            {
                var t = ParseTotal(totalCol[r], table.Path, row, gk);
                if (t is not null)
                {
                    if (g.Total is not null && g.Total != t)
                    {
                        throw Fail(ApportionJobErrors.TotalInconsistent, $"group '{gk}' has total {t} here but {g.Total} on row {g.TotalRow}.", table.Path, row, gk);
                    }

                    g.Total = t;
                    g.TotalRow = row;
                }
            }
        }

        return groups;
    }

    private static void ApplyTotals(List<ApportionGroup> groups, TableReader table, ApportionOptions o)
    {
        if (o.Total is { } all)
        {
            if (all < 0)
            {
                throw Fail(ApportionJobErrors.TotalNotInteger, $"--total {all} is negative.", null, null, null);
            }

            groups.ForEach(g => g.Total = all);
        }
        else if (o.TotalsPath is not null)
        {
            var totals = TableReader.Read(o.TotalsPath);
            var keys = o.GroupColumn is null ? null : totals.Column(o.GroupColumn);
            var values = totals.Column(o.TotalColumn);
            var map = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var r = 0; r < totals.RowCount; r++)
            {
                var k = keys?[r] ?? string.Empty;
                var t = ParseTotal(values[r], totals.Path, r + 1, k)
                    ?? throw Fail(ApportionJobErrors.TotalMissing, "the total is empty.", totals.Path, r + 1, k);
                if (!map.TryAdd(k, t))
                {
                    throw Fail(ApportionJobErrors.TotalInconsistent, $"group '{k}' appears twice in the totals file.", totals.Path, r + 1, k);
                }
            }

            foreach (var g in groups)
            {
                g.Total = map.TryGetValue(g.Key, out var t)
                    ? t
                    : throw Fail(ApportionJobErrors.TotalMissing, $"group '{g.Key}' has no row in the totals file.", totals.Path, null, g.Key);
            }
        }

        foreach (var g in groups)
        {
            if (g.Total is null)
            {
                throw Fail(ApportionJobErrors.TotalMissing, $"group '{g.Key}' has no total in column '{o.TotalColumn}'.", table.Path, g.Rows[0], g.Key);
            }
        }
    }

    private static void Apportion(ApportionGroup g, ApportionOptions o, string file)
    {
        var total = g.Total!.Value;
        var weights = ExactWeights.FromRationals(g.Weights.ToArray());
        var keys = TieKeysFor(g, o, file);

        // The audit formats exact fractions per unit: only pay for it when it is written.
        var audit = o.AuditPath is not null;
        try
        {
            switch (o.Method)
            {
                case ApportionMethod.Hamilton when audit:
                    g.Audit = LargestRemainder.ApportionWithAudit(total, weights, keys);
                    g.Allocation = g.Audit.Units.Select(u => u.Allocation).ToArray();
                    break;
                case ApportionMethod.Hamilton:
                    g.Allocation = new long[weights.Count];
                    LargestRemainder.Apportion(total, weights, g.Allocation, keys);
                    break;
                case ApportionMethod.Proportional:
                    g.Bounded = BoundedApportionment.Proportional(total, weights, g.Min.ToArray(), g.Max.ToArray(), keys, o.OnInfeasible, audit);
                    break;
                case ApportionMethod.SeedCapped:
                    g.Bounded = BoundedApportionment.SeedCapped(total, weights, g.Max.ToArray(), keys, o.OnInfeasible, g.Min.ToArray(), audit);
                    break;
                default:
                    g.Bounded = DivisorApportionment.Apportion(ToDivisor(o.Method), total, weights, keys, g.Min.ToArray(), g.Max.ToArray(), o.OnInfeasible);
                    break;
            }
        }
        catch (AllotException ex) when (ex.Error.File is null)
        {
            // The kernel names units by index; name the group, the unit and its row instead.
            var unit = ex.Error.Key is { } k && k.StartsWith("unit ", StringComparison.Ordinal)
                && int.TryParse(k.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : (int?)null;
            throw Fail(
                ex.Code,
                $"group '{g.Key}': {ex.Error.Message}",
                file,
                unit is null ? g.Rows[0] : g.Rows[unit.Value],
                unit is null ? g.Key : Key(g.Key, g.Units[unit.Value]));
        }

        if (g.Bounded is not null)
        {
            g.Allocation = g.Bounded.Allocation;
            g.Audit = g.Bounded.Audit;
        }
    }

    private static ulong[] TieKeysFor(ApportionGroup g, ApportionOptions o, string file)
    {
        switch (o.TieOrder)
        {
            case TieOrderOption.Position:
                return [];
            case TieOrderOption.UnitNumeric:
                var keys = new ulong[g.Units.Count];
                for (var i = 0; i < keys.Length; i++)
                {
                    if (!ulong.TryParse(g.Units[i], NumberStyles.None, CultureInfo.InvariantCulture, out keys[i]))
                    {
                        throw Fail(ApportionJobErrors.BadOptions, $"--tie-order unit-numeric needs numeric unit keys; '{g.Units[i]}' is not one.", file, g.Rows[i], Key(g.Key, g.Units[i]));
                    }
                }

                return keys;
            default:
                return TieKeys.FromOrdinalStrings(g.Units);
        }
    }

    private static DivisorMethod ToDivisor(ApportionMethod m) => m switch
    {
        ApportionMethod.DHondt => DivisorMethod.DHondt,
        ApportionMethod.SainteLague => DivisorMethod.SainteLague,
        ApportionMethod.HuntingtonHill => DivisorMethod.HuntingtonHill,
        ApportionMethod.Adams => DivisorMethod.Adams,
        ApportionMethod.Dean => DivisorMethod.Dean,
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    private static long? ParseTotal(string? text, string file, long row, string group)
    {
        if (text is null)
        {
            return null;
        }

        if (!ExactNumber.TryParse(text, out var n) || !n.TryToInt64(out var t) || t < 0)
        {
            throw Fail(ApportionJobErrors.TotalNotInteger, $"total '{text}' is not a non-negative integer.", file, row, group);
        }

        return t;
    }

    private static long Bound(string? text, long whenEmpty, string column, string file, long row, string key)
    {
        if (text is null)
        {
            return whenEmpty;
        }

        if (!ExactNumber.TryParse(text, out var n) || !n.TryToInt64(out var v) || v < 0)
        {
            throw Fail(ApportionJobErrors.BadBound, $"{column} '{text}' is not a non-negative integer.", file, row, key);
        }

        return v;
    }

    private static string Key(string group, string unit) => group.Length == 0 ? unit : $"{group}/{unit}";

    private static AllotException Usage(string code, string message) =>
        new(new AllotError(code, ErrorClass.Usage, message));

    private static AllotException Fail(string code, string message, string? file, long? row, string? key) =>
        new(new AllotError(code, ErrorClass.Input, message, file, row, key));
}
