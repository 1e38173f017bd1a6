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
    /// <summary>
    /// Extensions of formats Allot does not write, which a planner would open in the tool they name: found by hand,
    /// <c>--output alloc.xlsx</c> wrote CSV under that name (Excel then calls the file corrupt) and exited 0.
    /// </summary>
    // Compressed names too: "alloc.csv.gz" got plain CSV, which gunzip and pandas (compression read from the name) reject.
    private static readonly string[] ForeignFormats = [".xlsx", ".xlsm", ".xls", ".ods", ".json", ".jsonl", ".ndjson", ".tsv", ".arrow", ".feather", ".orc", ".avro", ".gz", ".gzip", ".bz2", ".xz", ".zst", ".zip", ".lz4"];

    private static void RequireWrittenFormat(string option, string? path, string written)
    {
        var extension = path is null or "-" ? string.Empty : Path.GetExtension(path);
        if (ForeignFormats.Contains(extension, StringComparer.OrdinalIgnoreCase)
            && !(option == "--audit" && extension.Equals(".json", StringComparison.OrdinalIgnoreCase)))
        {
            throw Usage(ApportionJobErrors.BadOptions, $"{option} {path}: Allot writes {written} here, not {extension.TrimStart('.')}; name the file .csv or .parquet{(option == "--audit" ? " or .json" : string.Empty)}.");
        }
    }

    /// <summary>Runs the job.</summary>
    public static ApportionSummary Run(ApportionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Total is not null && options.TotalsPath is not null)
        {
            throw Usage(ApportionJobErrors.BadOptions, "give either --total or --totals, not both.");
        }

        if (options.OutputPath == "-" && options.AuditPath == "-")
        {
            throw Usage(ApportionJobErrors.BadOptions, "--output - and --audit - both name standard output; write one of them to a file.");
        }

        if (options.ThresholdShare is not null && options.ThresholdWeight is not null)
        {
            throw Usage(ApportionJobErrors.BadOptions, "give either --threshold-share or --threshold-weight, not both.");
        }

        RequireWrittenFormat("--output", options.OutputPath, "CSV (or Parquet when it ends in .parquet)");
        RequireWrittenFormat("--audit", options.AuditPath, "JSON (or CSV/Parquet when it ends in .csv/.parquet)");

        // The threshold is a command-line value: checked before any file is read, so its error names the option and
        // not "row 1 of group ''" of the input (where the first group's apportionment used to meet it).
        _ = ThresholdOf(options);

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
                // The table reader reads files: standard input is copied to a temporary CSV first — as bytes, so that
                // the reader's strict UTF-8 check and BOM rule apply as to a file (decoding it as text first turned a
                // latin-1 "ü" into U+FFFD and went on).
                stdinCopy = Path.Combine(Path.GetTempPath(), $"allot-stdin-{Guid.NewGuid():N}.csv");
                if (options.Stdin is { } text)
                {
                    File.WriteAllText(stdinCopy, text.ReadToEnd());
                }
                else
                {
                    using var copy = File.Create(stdinCopy);
                    using var source = options.StdinBytes is null ? Console.OpenStandardInput() : null;
                    (options.StdinBytes ?? source!).CopyTo(copy);
                }

                inputPath = stdinCopy;
            }

            var table = TableReader.Read(inputPath);
            var input = ApportionInput.Read(table, options);
            var groups = input.Groups;
            ApplyTotals(groups, table, options);
            var lots = options.LotsPath is null ? null : ReadLots(options, groups);
            ApportionAll(input, options, options.InputPath == "-" ? "-" : table.Path, lots);

            ApportionOutput.Write(options, groups, table);
            Int128 total = 0, allocated = 0, missing = 0, overflow = 0, relaxed = 0;
            int units = 0, capHits = 0, ties = 0;
            foreach (var g in groups)
            {
                var outcome = g.Outcome!;
                units += g.Count;
                total += g.Total ?? 0;
                allocated += g.Allocation.Sum();
                missing += outcome.Missing;
                overflow += outcome.Overflow;
                relaxed += outcome.RelaxedUnits.Sum();
                capHits += outcome.CapHit.Count(h => h);
                ties += outcome.Ties.HasTie ? 1 : 0;
            }

            return new ApportionSummary(groups.Count, units, total, allocated, missing, overflow, relaxed, capHits, ties, options.OutputPath, options.AuditPath);
        }
        catch (AllotException ex) when (stdinCopy is not null && ex.Error.File == stdinCopy)
        {
            // The user named standard input, not the temporary copy (which is deleted below).
            throw new AllotException(ex.Error with { File = "-", Message = ex.Error.Message.Replace(stdinCopy, "-", StringComparison.Ordinal) }, ex);
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

        // Per group named in the lots file: its units by key, and which are drawn already. Hash lookups, because a
        // drawn order lists every unit of a group: a scan per row (as before) took 34 s for one group of 10^5 units.
        var drawn = new Dictionary<string, (Dictionary<string, int> Units, bool[] Seen, List<int> Order)>(StringComparer.Ordinal);
        for (var r = 0; r < lots.RowCount; r++)
        {
            var gk = groupCol?[r] ?? string.Empty;
            var unit = unitCol[r] ?? string.Empty;
            if (!drawn.TryGetValue(gk, out var entry) && byKey.TryGetValue(gk, out var g))
            {
                var units = new Dictionary<string, int>(g.Count, StringComparer.Ordinal);
                for (var i = 0; i < g.Count; i++)
                {
                    units.TryAdd(g.Units[i], i);
                }

                drawn[gk] = entry = (units, new bool[g.Count], []);
            }

            if (entry.Units is null || !entry.Units.TryGetValue(unit, out var index))
            {
                throw Fail(ApportionmentErrors.InvalidLots, $"the drawn order names unit '{unit}' of group '{gk}', which is not in the input.", lots.Path, r + 1, Key(gk, unit));
            }

            if (entry.Seen[index])
            {
                throw Fail(ApportionmentErrors.InvalidLots, $"the drawn order names unit '{unit}' of group '{gk}' twice.", lots.Path, r + 1, Key(gk, unit));
            }

            entry.Seen[index] = true;
            entry.Order.Add(index);
        }

        return drawn.ToDictionary(p => p.Key, p => p.Value.Order.ToArray(), StringComparer.Ordinal);
    }

    private static void ApplyTotals(List<ApportionGroup> groups, TableReader table, ApportionOptions o)
    {
        if (o.Total is { } all)
        {
            if (all < 0)
            {
                throw Fail(ApportionJobErrors.TotalNotInteger, $"--total {all} is negative.", null, null, null);
            }

            if (groups.Count == 0 && all > 0)
            {
                throw Fail(ApportionJobErrors.TotalWithoutUnits, $"--total {all} but the input has no rows: there are no units to place them on.", table.Path, null, null);
            }

            groups.ForEach(g => g.Total = all);
        }
        else if (o.TotalsPath is not null)
        {
            var totals = TableReader.Read(o.TotalsPath);
            var keys = o.GroupColumn is null ? null : totals.Column(o.GroupColumn);
            var values = totals.Column(o.TotalColumn);
            var map = new Dictionary<string, long>(StringComparer.Ordinal);
            var inInput = groups.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            for (var r = 0; r < totals.RowCount; r++)
            {
                var k = keys?[r] ?? string.Empty;
                var t = values.IsNull(r)
                    ? throw Fail(ApportionJobErrors.TotalMissing, "the total is empty.", totals.Path, r + 1, k)
                    : ParseTotal(values.Span(r), totals.Path, r + 1, k);
                if (!map.TryAdd(k, t))
                {
                    throw Fail(ApportionJobErrors.TotalInconsistent, $"group '{k}' appears twice in the totals file.", totals.Path, r + 1, k);
                }

                // A group the input lacks may carry a zero total (nothing to place); a positive one would vanish.
                if (t > 0 && !inInput.Contains(k))
                {
                    throw Fail(ApportionJobErrors.TotalWithoutUnits, $"group '{k}' has total {t} but no units in {table.Path}: its units would be placed nowhere.", totals.Path, r + 1, k);
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
                throw Fail(ApportionJobErrors.TotalMissing, $"group '{g.Key}' has no total in column '{o.TotalColumn}'.", table.Path, g.Row(0), g.Key);
            }
        }
    }

    /// <summary>
    /// Apportions every group, in parallel over groups (each group is independent, so the bytes never depend on
    /// the worker count). Errors are reported as a sequential run would meet them: a repeated unit key first (at
    /// the first row where one repeats), then the first failing group in input order.
    /// </summary>
    private static void ApportionAll(ApportionInput input, ApportionOptions o, string file, Dictionary<string, int[]>? lots)
    {
        var groups = input.Groups;
        var errors = new Exception?[groups.Count];
        var repeats = Enumerable.Repeat(-1, groups.Count).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.Workers) };
        Parallel.For(0, groups.Count, parallel, i =>
        {
            try
            {
                repeats[i] = Apportion(groups[i], input, o, file, lots?.GetValueOrDefault(groups[i].Key));
            }
            catch (Exception ex)
            {
                errors[i] = ex;
            }
        });

        var repeat = repeats.Where(r => r >= 0).DefaultIfEmpty(-1).Min();
        if (repeat >= 0)
        {
            throw ApportionInput.Duplicate(file, repeat, groups.First(g => g.Rows.Contains(repeat)).Key, input.Units[repeat]!);
        }

        if (errors.FirstOrDefault(e => e is not null) is { } first)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>Apportions one group; returns -1, or the first table row whose unit key repeats (nothing apportioned then).</summary>
    private static int Apportion(ApportionGroup g, ApportionInput input, ApportionOptions o, string file, int[]? drawnOrder)
    {
        var total = g.Total!.Value;

        // One ordinal sort of the unit keys: it finds a repeated key and gives the tie keys of --tie-order unit.
        var ranks = TieKeys.FromOrdinalSpans(g.Count, i => g.UnitSpan(i));
        var repeat = FirstRepeat(g, ranks);
        if (repeat >= 0)
        {
            return repeat;
        }

        var weights = input.WeightsOf(g);
        var keys = o.TieOrder switch
        {
            TieOrderOption.Position => [],
            TieOrderOption.UnitNumeric => NumericKeys(g, ranks, file),
            _ => ranks,
        };
        var policy = drawnOrder is not null ? TiePolicy.Lots(drawnOrder)
            : o.OnTie == TiePolicyKind.Fail ? TiePolicy.Fail
            : TiePolicy.BreakByDeclaredOrder;
        try
        {
            var threshold = ThresholdOf(o);
            g.Outcome = Core.Apportionment.Apportion.Units(total, weights, o.Method, new ApportionmentOptions
            {
                Minimums = input.Min is { } min ? g.Rows.Select(r => min[r]).ToArray() : null,
                Caps = input.Max is { } max ? g.Rows.Select(r => max[r]).ToArray() : null,
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
                unit is null ? g.Row(0) : g.Row(unit.Value),
                unit is null ? (ex.Error.Key is { } tied && ex.Code == ApportionmentErrors.TieRequiresLots ? Key(g.Key, tied) : g.Key) : Key(g.Key, g.Units[unit.Value]));
        }

        g.Allocation = g.Outcome.Allocation;
        g.Audit = g.Outcome.Audit;
        return -1;
    }

    /// <summary>The first unit (0-based table row) whose key equals a key on an earlier row of the group, or -1.</summary>
    private static int FirstRepeat(ApportionGroup g, ulong[] ranks)
    {
        // Equal keys have equal ranks; ranks are below the group size.
        var seen = new bool[g.Count];
        for (var i = 0; i < g.Count; i++)
        {
            if (seen[ranks[i]])
            {
                return g.Rows[i];
            }

            seen[ranks[i]] = true;
        }

        return -1;
    }

    /// <summary>
    /// Ranks by the key's number, then by its ordinal rank: "007" and "7" are distinct units with one number, and
    /// leaving them to row order would let a shuffle of the rows move a unit.
    /// </summary>
    private static ulong[] NumericKeys(ApportionGroup g, ulong[] ordinalRanks, string file)
    {
        var values = new ulong[g.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (!ulong.TryParse(g.UnitSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                throw Fail(ApportionJobErrors.BadOptions, $"--tie-order unit-numeric needs numeric unit keys; '{g.Units[i]}' is not one.", file, g.Row(i), Key(g.Key, g.Units[i]));
            }
        }

        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : ordinalRanks[a].CompareTo(ordinalRanks[b]));
        var keys = new ulong[values.Length];
        for (var k = 0; k < order.Length; k++)
        {
            keys[order[k]] = (ulong)k;
        }

        return keys;
    }

    internal static long ParseTotal(ReadOnlySpan<char> text, string file, long row, string group)
    {
        if (ExactNumber.TryParseSmall(text, out var m, out var scale, out var negative) && scale == 0 && !negative && m <= long.MaxValue)
        {
            return (long)m;
        }

        if (!ExactNumber.TryParse(text, out var n) || !n.TryToInt64(out var t) || t < 0)
        {
            // A whole number past 2^63 − 1 is an integer, only too large to count: say so rather than "not an integer".
            var tooLarge = (ExactNumber.TryParse(text, out n) && n.IsInteger && !n.IsNegative) || (ExactNumber.ExponentBeyondLimit(text) > 0 && text.Trim()[0] != '-');
            throw Fail(ApportionJobErrors.TotalNotInteger, tooLarge ? $"total '{text}' is above the largest total, {long.MaxValue}." : $"total '{text}' is not a non-negative integer.", file, row, group);
        }

        return t;
    }

    internal static string Key(string group, string unit) => group.Length == 0 ? unit : $"{group}/{unit}";

    /// <summary>The electoral threshold of the options (null without one); an invalid value names its option.</summary>
    private static ElectoralThreshold? ThresholdOf(ApportionOptions o)
    {
        try
        {
            return o.ThresholdShare is { } share ? ElectoralThreshold.Share(share)
                : o.ThresholdWeight is { } weight ? ElectoralThreshold.Absolute(weight)
                : null;
        }
        catch (AllotException ex)
        {
            throw new AllotException(ex.Error with { Message = $"{(o.ThresholdShare is null ? "--threshold-weight" : "--threshold-share")}: {ex.Error.Message}" });
        }
    }

    internal static AllotException Fail(string code, string message, string? file, long? row, string? key) =>
        new(new AllotError(code, ErrorClass.Input, message, file, row, key));

    private static AllotException Usage(string code, string message) =>
        new(new AllotError(code, ErrorClass.Usage, message));
}
