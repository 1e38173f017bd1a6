using System.Text.Json;
using Allot.Core.Apportionment;
using Allot.Core.Errors;
using Allot.Data.Csv;
using Allot.Data.Publishing;
using Parquet;
using Parquet.Schema;

namespace Allot.Apportion;

/// <summary>
/// Writes the allocation table and the audit as one set through a <see cref="PublishTransaction"/> (locked per
/// folder, all-or-nothing): both are rendered in memory, staged beside their targets, then committed together.
/// An existing file with identical bytes is left alone (same inode); a different one is a conflict unless
/// <see cref="ApportionOptions.Overwrite"/>, which replaces the set as a whole. No output may be an input or the
/// other output (<see cref="PublishCodes.OutputIsInput"/>).
/// </summary>
internal static class ApportionOutput
{
    public static void Write(ApportionOptions o, List<ApportionGroup> groups)
    {
        var inputs = new List<(string, string)> { ("--input", o.InputPath) };
        if (o.TotalsPath is not null)
        {
            inputs.Add(("--totals", o.TotalsPath));
        }

        var outputs = new List<(string, string)> { ("--output", o.OutputPath) };
        if (o.AuditPath is not null)
        {
            outputs.Add(("--audit", o.AuditPath));
        }

        PublishTransaction.RequireDistinct(inputs, outputs);
        var output = o.OutputPath.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? Parquet(o, groups) : Csv(o, groups);
        var audit = o.AuditPath is null ? null : Audit(o, groups);
        var folders = outputs.Select(x => Path.GetDirectoryName(Path.GetFullPath(x.Item2))!);
        using var tx = new PublishTransaction(folders, ApportionJobErrors.OutputConflict, "pass --overwrite to replace the outputs, or choose other paths");
        var mode = o.Overwrite ? PublishMode.Replace : PublishMode.WriteOnce;
        try
        {
            tx.StageFile(o.OutputPath, output, mode);
            if (audit is not null)
            {
                tx.StageFile(o.AuditPath!, audit, mode);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw tx.Failure(ex);
        }

        tx.Commit();
    }

    // The data plane's CSV writer: keys are text cells (neutralised: a unit key can never run as a spreadsheet
    // formula), weights are written exactly as read when they are plain numbers, counts as integers.
    private static byte[] Csv(ApportionOptions o, List<ApportionGroup> groups)
    {
        var cols = new List<string>();
        if (o.GroupColumn is not null)
        {
            cols.Add(o.GroupColumn);
        }

        cols.Add(o.UnitColumn);
        cols.Add(o.WeightColumn);
        if (o.MinColumn is not null)
        {
            cols.Add(o.MinColumn);
        }

        if (o.MaxColumn is not null)
        {
            cols.Add(o.MaxColumn);
        }

        cols.Add("allocation");
        return CsvFileWriter.ToBytes(cols, csv =>
        {
            foreach (var (g, i) in InRowOrder(groups))
            {
                if (o.GroupColumn is not null)
                {
                    csv.Text(g.Key);
                }

                csv.Text(g.Units[i]).NumberText(g.WeightText[i]);
                if (o.MinColumn is not null)
                {
                    csv.Integer(g.Min[i]);
                }

                if (o.MaxColumn is not null)
                {
                    _ = g.Max[i] == long.MaxValue ? csv.Empty() : csv.Integer(g.Max[i]);
                }

                csv.Integer(g.Allocation[i]).EndRow();
            }
        });
    }

    private static byte[] Parquet(ApportionOptions o, List<ApportionGroup> groups)
    {
        var rows = InRowOrder(groups).ToList();
        var groupField = new DataField<string>(o.GroupColumn ?? "group");
        var unitField = new DataField<string>(o.UnitColumn);
        var allocField = new DataField<long>("allocation");
        var schema = new ParquetSchema(groupField, unitField, allocField);
        using var ms = new MemoryStream();
        var writer = ParquetWriter.CreateAsync(schema, ms).GetAwaiter().GetResult();
        try
        {
            using var rg = writer.CreateRowGroup();
            rg.WriteAsync(groupField, rows.Select(r => (string?)r.G.Key).ToArray(), null).GetAwaiter().GetResult();
            rg.WriteAsync(unitField, rows.Select(r => (string?)r.G.Units[r.I]).ToArray(), null).GetAwaiter().GetResult();
            rg.WriteAsync<long>(allocField, rows.Select(r => r.G.Allocation[r.I]).ToArray().AsMemory(), null, null, default).GetAwaiter().GetResult();
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return ms.ToArray();
    }

    private static IEnumerable<(ApportionGroup G, int I)> InRowOrder(List<ApportionGroup> groups) =>
        groups.SelectMany(g => Enumerable.Range(0, g.Units.Count).Select(i => (g, i))).OrderBy(x => x.g.Rows[x.i]);

    private static byte[] Audit(ApportionOptions o, List<ApportionGroup> groups)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("input", Path.GetFileName(o.InputPath));
            w.WriteString("input_sha256", DeterminismReceipt.FileSha256Hex(o.InputPath));
            w.WriteString("method", o.Method.ToString());
            w.WriteString("tie_order", o.TieOrder switch
            {
                TieOrderOption.Unit => "remainder desc, then unit key ascending (ordinal), then row",
                TieOrderOption.UnitNumeric => "remainder desc, then unit key ascending (numeric), then row",
                _ => "remainder desc, then input row",
            });
            w.WriteString("on_infeasible", o.OnInfeasible.ToString());
            w.WriteStartArray("groups");
            foreach (var g in groups)
            {
                WriteGroup(w, g);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }

    private static void WriteGroup(Utf8JsonWriter w, ApportionGroup g)
    {
        var a = g.Audit;
        w.WriteStartObject();
        w.WriteString("group", g.Key);
        w.WriteNumber("total", g.Total!.Value);
        w.WriteNumber("allocated", g.Allocation.Sum());
        w.WriteString("method", a?.Method ?? "divisor");
        if (a is not null)
        {
            w.WriteNumber("shortfall", a.Shortfall);
            w.WriteString("cutoff_remainder", a.CutoffRemainder);
            w.WriteNumber("tied_at_cutoff", a.TiedAtCutoff);
            w.WriteNumber("ties_resolved_by_secondary_key", a.TiesResolvedBySecondaryKey);
        }

        w.WriteNumber("missing", g.Bounded?.Missing ?? 0);
        w.WriteNumber("overflow", g.Bounded?.Overflow ?? 0);
        w.WriteNumber("relaxed_units", g.Bounded?.RelaxedTotal ?? 0);
        w.WriteNumber("cap_hits", g.Bounded?.CapHits ?? 0);
        w.WriteStartArray("units");
        for (var i = 0; i < g.Units.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("unit", g.Units[i]);
            w.WriteNumber("row", g.Rows[i]);
            w.WriteString("weight", g.WeightText[i]);
            if (a is not null)
            {
                var u = a.Units[i];
                w.WriteString("quota", u.Quota);
                w.WriteNumber("floor", u.Floor);
                w.WriteString("remainder", u.Remainder);
                w.WriteNumber("remainder_rank", u.RemainderRank);
                w.WriteBoolean("received_extra", u.ReceivedExtra);
                w.WriteString("binding_bound", u.Bound.ToString().ToLowerInvariant());
            }

            if (g.Bounded is { } b)
            {
                w.WriteBoolean("cap_hit", b.CapHit[i]);
                w.WriteNumber("relaxed_units", b.RelaxedUnits[i]);
            }

            w.WriteNumber("allocation", g.Allocation[i]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
