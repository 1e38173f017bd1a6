using System.Globalization;
using System.Text;
using System.Text.Json;
using Allot.Core.Apportionment;
using Allot.Data.Csv;
using Allot.Data.Parquet;
using Allot.Data.Publishing;
using Allot.Data.Streams;
using Allot.Data.Tables;

namespace Allot.Apportion;

/// <summary>
/// Writes the allocation table and the audit. Both are rendered in memory first, then published as one set by the
/// data plane's transaction: all or nothing, write-once (identical bytes left alone, different bytes a conflict)
/// unless <see cref="ApportionOptions.Overwrite"/> replaces the set as a whole.
/// </summary>
internal static class ApportionOutput
{
    /// <summary>The column the allocation is written to; an input column of that name is replaced.</summary>
    private const string AllocationColumn = "allocation";

    public static void Write(ApportionOptions o, List<ApportionGroup> groups, TableReader table)
    {
        var toStdout = o.OutputPath == "-";
        var auditToStdout = o.AuditPath == "-";
        var inputs = new List<(string, string)>();
        if (o.InputPath != "-")
        {
            inputs.Add(("--input", o.InputPath));
        }

        if (o.TotalsPath is not null)
        {
            inputs.Add(("--totals", o.TotalsPath));
        }

        // The drawn order is an input too: an output naming it replaced it under --overwrite.
        if (o.LotsPath is not null)
        {
            inputs.Add(("--lots", o.LotsPath));
        }

        var outputs = new List<(string, string)>();
        if (!toStdout)
        {
            outputs.Add(("--output", o.OutputPath));
        }

        if (o.AuditPath is not null && !auditToStdout)
        {
            outputs.Add(("--audit", o.AuditPath));
        }

        PublishTransaction.RequireDistinct(inputs, outputs);
        var allocation = AllocationByRow(groups, table.RowCount);
        var parquet = o.OutputPath.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
        // `--audit -` is the JSON audit on standard output (the extension picks the format of a file).
        Action<Stream>? audit = o.AuditPath is null ? null
            : o.AuditPath.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? AuditTable(o, groups, table.RowCount).WriteParquet
            : o.AuditPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? AuditTable(o, groups, table.RowCount).WriteCsv
            : s => Audit(o, groups, table.Path, s);

        // Files on disk (the output and/or the audit) are one set: staged, then committed all or nothing. The
        // table and the audit are written straight into their staging files (a million rows never sit in memory
        // twice; a 1 M-unit JSON audit is 740 MB, which held as bytes took 7 GB at its peak).
        if (outputs.Count > 0)
        {
            var folders = outputs.Select(x => Path.GetDirectoryName(Path.GetFullPath(x.Item2))!);
            using var tx = new PublishTransaction(folders, ApportionJobErrors.OutputConflict, "pass --overwrite to replace the outputs, or choose other paths");
            var mode = o.Overwrite ? PublishMode.Replace : PublishMode.WriteOnce;
            try
            {
                if (!toStdout)
                {
                    using var stream = new FileStream(tx.StageFile(o.OutputPath, mode), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    WriteTable(stream, parquet, table, allocation);
                }

                if (audit is not null && !auditToStdout)
                {
                    using var stream = new FileStream(tx.StageFile(o.AuditPath!, mode), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    audit(stream);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw tx.Failure(ex);
            }

            tx.Commit();
        }

        // Standard output goes last: only after the files (if any) are safely committed.
        if (toStdout)
        {
            ToStdout(o, s => WriteTable(s, parquet: false, table, allocation));
        }
        else if (auditToStdout)
        {
            ToStdout(o, audit!);
        }
    }

    /// <summary>
    /// Renders text onto standard output as it is produced (a 1 M-unit JSON audit is 740 MB): through the writer a
    /// host or test supplied, else the process's own.
    /// </summary>
    private static void ToStdout(ApportionOptions o, Action<Stream> render)
    {
        var writer = o.Stdout ?? Console.Out;
        using (var stream = new BufferedStream(new TextWriterStream(writer), 1 << 16))
        {
            render(stream);
        }

        writer.Flush();
    }

    /// <summary>Each table row's allocation (rows are the units; every row belongs to exactly one group).</summary>
    private static long[] AllocationByRow(List<ApportionGroup> groups, int rows)
    {
        var allocation = new long[rows];
        foreach (var g in groups)
        {
            for (var i = 0; i < g.Count; i++)
            {
                allocation[g.Rows[i]] = g.Allocation[i];
            }
        }

        return allocation;
    }

    private static void WriteTable(Stream destination, bool parquet, TableReader table, long[] allocation)
    {
        if (parquet)
        {
            Parquet(destination, table, allocation);
        }
        else
        {
            Csv(destination, table, allocation);
        }
    }

    /// <summary>Every input column passed through, cell text exactly as read, then the allocation.</summary>
    private static List<TextColumn> PassThrough(TableReader table) =>
        table.Columns.Where(c => c != AllocationColumn).Select(table.Column).ToList();

    // The data plane's CSV writer: every passed-through cell is a text cell exactly as read (neutralised when a
    // spreadsheet would run it as a formula; plain numbers, weights included, stay as written), counts as integers.
    private static void Csv(Stream destination, TableReader table, long[] allocation)
    {
        var cols = PassThrough(table);
        using var csv = new CsvFileWriter(destination, [.. cols.Select(c => c.Name), AllocationColumn]);
        for (var r = 0; r < allocation.Length; r++)
        {
            foreach (var cells in cols)
            {
                csv.Text(cells.Span(r));
            }

            csv.Integer(allocation[r]).EndRow();
        }
    }

    /// <summary>
    /// Rows per row group of a Parquet output: a table up to this size is one row group, as it always was; a larger one
    /// is written group by group, so its text columns are never all made into strings at once (10 M rows would hold
    /// about 4 GB of them).
    /// </summary>
    internal const int ParquetRowGroupRows = 1 << 20;

    // The data plane's Parquet writer: passed-through columns as (nullable) text exactly as read, the allocation
    // as INT64.
    private static void Parquet(Stream destination, TableReader table, long[] allocation)
    {
        var cols = PassThrough(table);
        var specs = cols.Select(c => new ParquetColumnSpec(c.Name, ParquetColumnKind.String, Required: false)).Append(new ParquetColumnSpec(AllocationColumn, ParquetColumnKind.Int64)).ToList();
        ParquetPartitionWriter.WriteFile(destination, specs, allocation.Length, ParquetRowGroupRows, (first, count) =>
            cols.Select(c => (Array)Enumerable.Range(first, count).Select(r => c[r]).ToArray()).Append(allocation[first..(first + count)]).ToList());
    }

    /// <summary>Every unit of every group, in input row order.</summary>
    private static IEnumerable<(ApportionGroup G, int I)> InRowOrder(List<ApportionGroup> groups, int rows)
    {
        var at = new (ApportionGroup, int)[rows];
        foreach (var g in groups)
        {
            for (var i = 0; i < g.Count; i++)
            {
                at[g.Rows[i]] = (g, i);
            }
        }

        return at;
    }

    private static void Audit(ApportionOptions o, List<ApportionGroup> groups, string inputPath, Stream destination)
    {
        using (var w = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("input", o.InputPath == "-" ? "-" : Path.GetFileName(o.InputPath));
            w.WriteString("input_sha256", DeterminismReceipt.FileSha256Hex(inputPath));
            w.WriteString("method", o.Method.Name);
            // Divisor and quota methods rank seats by priority (weight over the divisor), the others by remainder.
            var first = o.Method.Kind is ApportionmentMethodKind.Divisor or ApportionmentMethodKind.Quota ? "seat priority desc" : "remainder desc";
            w.WriteString("tie_order", o.TieOrder switch
            {
                TieOrderOption.Unit => $"{first}, then unit key ascending (ordinal), then row",
                TieOrderOption.UnitNumeric => $"{first}, then unit key ascending (numeric, then ordinal), then row",
                _ => $"{first}, then input row",
            });
            w.WriteString("on_infeasible", ApportionOptions.PolicyName(o.OnInfeasible));
            w.WriteStartArray("groups");
            foreach (var g in groups)
            {
                WriteGroup(w, g);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        destination.WriteByte((byte)'\n');
    }

    private static void WriteGroup(Utf8JsonWriter w, ApportionGroup g)
    {
        var a = g.Audit;
        w.WriteStartObject();
        w.WriteString("group", g.Key);
        w.WriteNumber("total", g.Total!.Value);
        w.WriteNumber("allocated", g.Allocation.Sum());
        var outcome = g.Outcome!;
        var ties = outcome.Ties;
        w.WriteString("method", a?.Method ?? outcome.Method.Name);
        if (a is not null)
        {
            w.WriteNumber("shortfall", a.Shortfall);
            w.WriteString("cutoff_remainder", a.CutoffRemainder?.ToString());
            w.WriteNumber("tied_at_cutoff", a.TiedAtCutoff);
            w.WriteNumber("ties_resolved_by_secondary_key", a.TiesResolvedBySecondaryKey);
        }

        w.WriteStartObject("tie");
        w.WriteString("resolution", ties.Resolution.ToString());
        WriteFraction(w, "cutoff_remainder", ties.CutoffRemainder);
        WritePriority(w, "cutoff_priority", ties.CutoffPriority);
        w.WriteStartArray("winners");
        ties.Winners.ToList().ForEach(u => w.WriteStringValue(g.Units[u]));
        w.WriteEndArray();
        w.WriteStartArray("losers");
        ties.Losers.ToList().ForEach(u => w.WriteStringValue(g.Units[u]));
        w.WriteEndArray();
        w.WriteEndObject();
        if (a?.Seats is { } seats)
        {
            w.WriteStartArray("seats");
            foreach (var s in seats)
            {
                w.WriteStartObject();
                w.WriteNumber("order", s.Order);
                w.WriteString("unit", g.Units[s.Unit]);
                w.WriteNumber("unit_seat", s.UnitSeat);
                WritePriority(w, "priority", s.Priority);
                w.WriteBoolean("decided_by_tie", s.DecidedByTie);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteNumber("missing", outcome.Missing);
        w.WriteNumber("overflow", outcome.Overflow);
        w.WriteNumber("relaxed_units", outcome.RelaxedUnits.Sum());
        w.WriteNumber("cap_hits", outcome.CapHit.Count(h => h));
        w.WriteStartArray("units");
        for (var i = 0; i < g.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("unit", g.Units[i]);
            w.WriteNumber("row", g.Row(i));
            w.WriteString("weight", g.WeightText(i));
            if (a is not null)
            {
                var u = a.Units[i];
                w.WriteString("quota", u.Quota.ToString());
                WriteFraction(w, "quota_exact", u.Quota);
                w.WriteNumber("floor", u.Floor);
                w.WriteString("remainder", u.Remainder.ToString());
                WriteFraction(w, "remainder_exact", u.Remainder);
                WritePriority(w, "last_seat_priority", u.LastSeatPriority);
                WritePriority(w, "next_seat_priority", u.NextSeatPriority);
                w.WriteNumber("remainder_rank", u.RemainderRank);
                w.WriteBoolean("received_extra", u.ReceivedExtra);
                w.WriteString("binding_bound", u.Bound.ToString().ToLowerInvariant());
            }

            w.WriteBoolean("passed_threshold", outcome.PassedThreshold[i]);
            w.WriteBoolean("cap_hit", outcome.CapHit[i]);
            w.WriteNumber("relaxed_units", outcome.RelaxedUnits[i]);

            w.WriteNumber("allocation", g.Allocation[i]);
            w.WriteEndObject();

            // The writer holds what it has not flushed: hand it to the file as it grows.
            if (w.BytesPending > 1 << 16)
            {
                w.Flush();
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>An exact fraction as <c>{"numerator": "…", "denominator": "…"}</c> (digit strings: they may exceed 2^53).</summary>
    private static void WriteFraction(Utf8JsonWriter w, string name, ExactFraction? f)
    {
        if (f is not { } v)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("numerator", v.Numerator.ToString(CultureInfo.InvariantCulture));
        w.WriteString("denominator", v.Denominator.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    private static void WritePriority(Utf8JsonWriter w, string name, SeatPriority? p)
    {
        if (p is not { } v)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteBoolean("infinite", v.IsInfinite);
        w.WriteBoolean("squared", v.IsSquared);
        w.WriteString("numerator", v.IsInfinite ? null : v.Value.Numerator.ToString(CultureInfo.InvariantCulture));
        w.WriteString("denominator", v.IsInfinite ? null : v.Value.Denominator.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    private static string[] TieRoles(int units, TieReport ties)
    {
        var role = new string[units];
        Array.Fill(role, string.Empty);
        foreach (var w in ties.Winners)
        {
            role[w] = "winner";
        }

        foreach (var l in ties.Losers)
        {
            role[l] = "loser";
        }

        return role;
    }

    /// <summary>The audit as one row per unit (for <c>--audit</c> paths ending in .csv or .parquet).</summary>
    private static AuditRows AuditTable(ApportionOptions o, List<ApportionGroup> groups, int rows)
    {
        var t = new AuditRows(o.GroupColumn ?? "group", o.UnitColumn);

        // Each unit's side of the tie, marked once per group: asking the winner and loser lists per unit was
        // quadratic when a whole group ties (10^6 equal weights: a 22 s CSV audit against 2.9 s for the JSON one).
        var roles = new Dictionary<ApportionGroup, string[]>();
        foreach (var (g, i) in InRowOrder(groups, rows))
        {
            var outcome = g.Outcome!;
            var u = g.Audit?.Units[i];
            if (!roles.TryGetValue(g, out var role))
            {
                roles[g] = role = TieRoles(g.Count, outcome.Ties);
            }

            var tie = role[i];
            t.Add(
                g.Key,
                g.Units[i],
                g.Row(i),
                g.WeightText(i),
                u?.Quota,
                u?.Floor,
                u?.Remainder,
                u?.RemainderRank,
                u?.LastSeatPriority,
                u?.Bound.ToString().ToLowerInvariant(),
                tie,
                outcome.PassedThreshold[i],
                outcome.CapHit[i],
                outcome.RelaxedUnits[i],
                g.Allocation[i]);
        }

        return t;
    }
}
