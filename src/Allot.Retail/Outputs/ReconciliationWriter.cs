using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Allot.Retail.Allocation;
using Allot.Retail.Configuration;

namespace Allot.Retail.Outputs;

/// <summary>
/// Writes <c>allocation_reconciliation_{P}.json</c>: parameters, input files with SHA-256, one record per row and
/// the totals. No timestamps, so identical inputs give identical bytes. Shares use 6 fixed decimals.
/// </summary>
internal static class ReconciliationWriter
{
    /// <summary>
    /// How an input path is recorded by <c>allocate</c>: relative to the output folder (forward slashes) so the set
    /// validates from any working folder and when moved together with its inputs; absolute when no relative path
    /// exists (another drive).
    /// </summary>
    public static string RecordedPath(string outputDir, string inputPath)
    {
        var full = Path.GetFullPath(inputPath);
        var relative = Path.GetRelativePath(Path.GetFullPath(outputDir), full);
        return Path.IsPathRooted(relative) ? full : relative.Replace('\\', '/');
    }

    /// <summary>The file name for a period.</summary>
    public static string FileName(string period) => RetailDatasets.Path(RetailDatasets.Reconciliation, period);

    /// <summary>Writes the report; <paramref name="recordPath"/> maps each input file's path to what is recorded
    /// in <c>input_files</c> (default: as given).</summary>
    public static void Write(AllocationPlan plan, Stream destination, Func<string, string>? recordPath = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var totals = ReconciliationTotals.From(plan);
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("step", "step32_allocate_store_quantities");
        json.WriteString("period", plan.Inputs.Period.Token);
        json.WriteString("status", totals.Status);
        json.WriteStartObject("parameters");
        foreach (var (k, v) in plan.Parameters.AsReported())
        {
            json.WriteString(k, v);
        }

        json.WriteEndObject();
        json.WriteStartObject("options");
        foreach (var (k, v) in plan.Options.AsReported())
        {
            json.WriteString(k, v);
        }

        json.WriteEndObject();
        json.WriteStartArray("input_files");
        foreach (var f in plan.Inputs.Files)
        {
            json.WriteStartObject();
            json.WriteString("role", f.Role);
            json.WriteString("path", recordPath is null ? f.Path : recordPath(f.Path));
            json.WriteString("sha256", f.Sha256);
            json.WriteNumber("rows", f.Rows);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteTotals(json, totals, plan);
        var binding = CapacityUse.Binding(plan);
        json.WriteNumber("binding_store_capacities_count", binding.Count);
        json.WriteStartArray("binding_store_capacities");
        foreach (var b in binding)
        {
            json.WriteStartObject();
            json.WriteString("store_code", b.StoreCode);
            json.WriteString("category", b.Category);
            json.WriteString("kind", b.Kind);
            json.WriteNumber("capacity", b.Capacity);
            json.WriteNumber("used", b.Used);
            json.WriteNumber("rows", b.Rows);
            json.WriteNumber("rows_with_unallocatable", b.RowsWithUnallocatable);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("rows");
        foreach (var row in plan.Rows)
        {
            WriteRow(json, row);

            // The writer holds what it has not flushed (160 MB at 10 M store rows; past 2 GB it cannot grow): hand it
            // to the destination as it grows.
            if (json.BytesPending > 1 << 16)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>A share with 6 fixed decimals (invariant).</summary>
    public static string Share(long part, long whole) =>
        (whole == 0 ? 0m : decimal.Round((decimal)part / whole, 6, MidpointRounding.ToEven)).ToString("0.000000", CultureInfo.InvariantCulture);

    private static void WriteTotals(Utf8JsonWriter json, ReconciliationTotals t, AllocationPlan plan)
    {
        json.WriteStartObject("totals");
        json.WriteNumber("rows", t.Rows);
        json.WriteNumber("rows_allocated", t.RowsAllocated);
        json.WriteNumber("rows_skipped", t.RowsSkipped);
        json.WriteNumber("units_requested", t.UnitsRequested);
        json.WriteNumber("units_allocated", t.UnitsAllocated);
        json.WriteNumber("units_not_allocated_reductions", t.ReductionUnitsSkipped);
        json.WriteNumber("store_rows_considered", t.StoreRowsConsidered);
        json.WriteNumber("store_rows_allocated", t.StoreRowsAllocated);
        json.WriteNumber("cap_hits", t.CapHits);
        json.WriteString("cap_hit_share", Share(t.CapHits, t.StoreRowsConsidered));
        json.WriteNumber("relaxed_units", t.RelaxedUnits);
        json.WriteNumber("rows_with_relaxed_caps", t.RowsRelaxed);
        json.WriteNumber("residual_rows", t.ResidualRows);
        json.WriteNumber("unallocatable_units", t.UnallocatableUnits);
        json.WriteNumber("unallocatable_rows", t.UnallocatableRows);
        json.WriteNumber("rows_with_warnings", t.RowsWithWarnings);
        json.WriteNumber("stores_without_meta_count", plan.StoresWithoutMeta.Count);
        json.WriteStartArray("stores_without_meta");
        foreach (var s in plan.StoresWithoutMeta)
        {
            json.WriteStringValue(s);
        }

        json.WriteEndArray();
        json.WriteStartArray("stores_not_in_any_input");
        foreach (var s in plan.StoresNotInInputs)
        {
            json.WriteStringValue(s);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter json, RowAllocation row)
    {
        var r = row.Row;
        json.WriteStartObject();
        json.WriteNumber("source_row", r.SourceRow);
        json.WriteString("status", row.Status);
        json.WriteString("store_group", r.StoreGroup);
        json.WriteString("category", r.Category);
        json.WriteString("subcategory", r.Subcategory);
        json.WriteString("season", r.Season);
        json.WriteNumber("delta_qty", r.DeltaQty);
        json.WriteNumber("allocated", row.Allocated);
        json.WriteNumber("residual", row.Residual);
        json.WriteNumber("stores_in_group", r.StoreCodes.Length);
        if (r.StoreCountInGroup is { } c)
        {
            json.WriteNumber("store_count_in_group", c);
        }
        else
        {
            json.WriteNull("store_count_in_group");
        }

        json.WriteNumber("duplicate_store_codes", r.DuplicateStoreCodes);
        json.WriteNumber("stores_allocated", row.StoresAllocated);
        json.WriteNumber("cap_hits", row.CapHits);
        json.WriteNumber("relaxed_units", row.RelaxedUnits);
        json.WriteNumber("unallocatable_units", row.Unallocatable);
        json.WriteNumber("pack_size", row.PackSize);
        json.WriteNumber("pack_remainder_units", row.PackRemainder);
        json.WriteNumber("presentation_min", row.PresentationMin);
        json.WriteNumber("stores_left_out_for_presentation_min", row.PresentationExcluded);
        json.WriteNumber("stores_excluded", row.StoresExcluded);
        if (row.Weights is { } w)
        {
            json.WriteString("sales_basis", w.Basis.ToString().ToLowerInvariant());
            json.WriteBoolean("uniform_fallback", w.UniformFallback);
        }
        else
        {
            json.WriteNull("sales_basis");
        }

        json.WriteString("priority_score", row.PriorityScore.ToString("R", CultureInfo.InvariantCulture));
        json.WriteNumber("priority_rank", row.PriorityRank);
        if (row.SkipReason is null)
        {
            json.WriteNull("skip_reason");
        }
        else
        {
            json.WriteString("skip_reason", row.SkipReason);
        }

        json.WriteEndObject();
    }
}
