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

        if (options.ThresholdShare is not null && options.ThresholdWeight is not null)
        {
            throw Usage(ApportionJobErrors.BadOptions, "give either --threshold-share or --threshold-weight, not both.");
        }

        if ((options.MinColumn is not null || options.MaxColumn is not null) && !options.Method.TakesBounds)
        {
            throw Usage(ApportionJobErrors.BadBound, $"min/max columns need a bounded method (--method proportional, seed-capped or a divisor method); {options.Method.Name} takes none.");
        }

        string? stdinCopy = null;
        try
        {
            var inputPath = options.InputPath;
            if (inputPath == "-")
            {
                // The table reader reads files: standard input is copied to a temporary CSV first.
                stdinCopy = Path.Combine(Path.GetTempPath(), $"allot-stdin-{Guid.NewGuid():N}.csv");
                File.WriteAllText(stdinCopy, (options.Stdin ?? Console.In).ReadToEnd());
                inputPath = stdinCopy;
            }

            var table = TableReader.Read(inputPath);
            var groups = ReadGroups(table, options);
            ApplyTotals(groups, table, options);
            var lots = options.LotsPath is null ? null : ReadLots(options, groups);
            foreach (var g in groups)
            {
                Apportion(g, options, options.InputPath == "-" ? "-" : table.Path, lots?.GetValueOrDefault(g.Key));
            }

            ApportionOutput.Write(options, groups, table);
            return new ApportionSummary(
                groups.Count,
                groups.Sum(g => g.Units.Count),
                groups.Sum(g => g.Total ?? 0),
                groups.Sum(g => g.Allocation.Sum()),
                groups.Sum(g => g.Outcome!.Missing),
                groups.Sum(g => g.Outcome!.Overflow),
                groups.Sum(g => g.Outcome!.RelaxedUnits.Sum()),
                groups.Sum(g => g.Outcome!.CapHit.Count(h => h)),
                groups.Count(g => g.Outcome!.Ties.HasTie),
                options.OutputPath,
                options.AuditPath);
        }
        finally
        {
            if (stdinCopy is not null)
            {
                File.Delete(stdinCopy);
            }
        }
    }

    /// <summary>Reads the drawn orders: per group, unit indices in drawn order.</summary>
    private static Dictionary<string, int[]> ReadLots(ApportionOptions o, List<ApportionGroup> groups)
    {
        var lots = TableReader.Read(o.LotsPath!);
        var groupCol = o.GroupColumn is null ? null : lots.Column(o.GroupColumn);
        var unitCol = lots.Column(o.UnitColumn);
        var byKey = groups.ToDictionary(g => g.Key, StringComparer.Ordinal);
        var drawn = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var r = 0; r < lots.RowCount; r++)
        {
            var gk = groupCol?[r] ?? string.Empty;
            var unit = unitCol[r] ?? string.Empty;
            var index = byKey.TryGetValue(gk, out var g) ? g.Units.IndexOf(unit) : -1;
            if (index < 0)
            {
                throw Fail(ApportionmentErrors.InvalidLots, $"the drawn order names unit '{unit}' of group '{gk}', which is not in the input.", lots.Path, r + 1, Key(gk, unit));
            }

            if (!drawn.TryGetValue(gk, out var list))
            {
                drawn[gk] = list = [];
            }

            if (list.Contains(index))
            {
                throw Fail(ApportionmentErrors.InvalidLots, $"the drawn order names unit '{unit}' of group '{gk}' twice.", lots.Path, r + 1, Key(gk, unit));
            }

            list.Add(index);
        }

        return drawn.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
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
                throw Fail(ApportionmentErrors.DuplicateKey, $"unit '{unit}' appears twice in group '{gk}'; unit keys must be unique within a group.", table.Path, row, Key(gk, unit));
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

    private static void Apportion(ApportionGroup g, ApportionOptions o, string file, int[]? drawnOrder)
    {
        var total = g.Total!.Value;
        var weights = ExactWeights.FromRationals(g.Weights.ToArray());
        var keys = TieKeysFor(g, o, file);
        var policy = drawnOrder is not null ? TiePolicy.Lots(drawnOrder)
            : o.OnTie == TiePolicyKind.Fail ? TiePolicy.Fail
            : TiePolicy.BreakByDeclaredOrder;
        try
        {
            var threshold = o.ThresholdShare is { } share ? ElectoralThreshold.Share(share)
                : o.ThresholdWeight is { } weight ? ElectoralThreshold.Absolute(weight)
                : null;
            g.Outcome = Core.Apportionment.Apportion.Units(total, weights, o.Method, new ApportionmentOptions
            {
                Minimums = o.MinColumn is null ? null : g.Min,
                Caps = o.MaxColumn is null ? null : g.Max,
                TieKeys = keys.Length == 0 ? null : keys,
                Ties = policy.NamingUnits(i => g.Units[i]),
                OnInfeasible = o.OnInfeasible,
                Threshold = threshold,

                // The audit holds exact fractions per unit: only pay for it when it is written. Summaries come
                // from the outcome's tie report, which exists either way.
                WithAudit = o.AuditPath is not null,
            });
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
                unit is null ? (ex.Error.Key is { } tied && ex.Code == ApportionmentErrors.TieRequiresLots ? Key(g.Key, tied) : g.Key) : Key(g.Key, g.Units[unit.Value]));
        }
        catch (ArgumentException ex)
        {
            throw Usage(ApportionJobErrors.BadOptions, ex.Message);
        }

        g.Allocation = g.Outcome.Allocation;
        g.Audit = g.Outcome.Audit;
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
