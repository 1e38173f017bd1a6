using System.Globalization;
using System.Text.Json;
using Allot.Core.Errors;
using Allot.Reporting;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Outputs;
using Allot.Retail.Reports;
using Allot.Retail.Validation;

namespace Allot.Retail.Reports;

/// <summary>The run-report section of one retail Step 32 period, built from its output folder.</summary>
public static class RetailReportSection
{
    /// <summary>
    /// The periods allocated into <paramref name="outputDir"/> (those with a reconciliation file), in period order: what
    /// a report of the folder shows when no period is named.
    /// </summary>
    public static IReadOnlyList<TargetPeriod> AllocatedPeriods(string outputDir)
    {
        var prefix = RetailDatasets.Reconciliation + "_";
        var periods = Directory.Exists(outputDir)
            ? Directory.EnumerateFiles(outputDir, prefix + "*.json")
                .Select(f => Path.GetFileNameWithoutExtension(f)[prefix.Length..])
                .Where(t => t.Length == 7 && t[..6].All(char.IsAsciiDigit) && t[6] is 'A' or 'B')
                .Order(StringComparer.Ordinal)
                .Select(t => TargetPeriod.Parse(t[..6], t[6..]))
                .ToList()
            : [];
        return periods.Count > 0
            ? periods
            : throw RetailErrorCodes.Input(RetailErrorCodes.FileUnreadable, $"no period was allocated into this folder (no {prefix}{{period}}.json); run allot retail allocate into it, or point --retail-output-dir at its --output-dir", outputDir);
    }

    /// <summary>Reads the reconciliation JSON and heatmap of <paramref name="period"/>; runs the validator when asked.</summary>
    public static ReportSection Build(string outputDir, TargetPeriod period, bool validate)
    {
        var p = period.Token;
        var reconciliation = Path.Combine(outputDir, ReconciliationWriter.FileName(p));
        if (!File.Exists(reconciliation))
        {
            // A period never allocated into this folder is the caller's mistake, not a failing disk (it was E_IO, 74).
            throw RetailErrorCodes.Input(RetailErrorCodes.FileUnreadable, $"no Step 32 outputs for period {p} in this folder; run allot retail allocate for it first, or leave the period out", reconciliation);
        }

        try
        {
            return Build(outputDir, period, validate, reconciliation);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // A damaged or hand-edited reconciliation is an unreadable input of the report, named, not a crash.
            throw RetailErrorCodes.Input(RetailErrorCodes.FileUnreadable, $"not a reconciliation Step 32 wrote ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}); re-run allot retail allocate for period {p}", reconciliation);
        }
    }

    private static ReportSection Build(string outputDir, TargetPeriod period, bool validate, string reconciliation)
    {
        var p = period.Token;
        using var doc = JsonDocument.Parse(File.ReadAllBytes(reconciliation));

        // The report's checks are pass/fail; a run that completed with warnings says so in its title and summary.
        var warned = doc.RootElement.TryGetProperty("status", out var status) && status.GetString() == "warnings";
        var section = new ReportSection(
            warned ? $"Retail Step 32 — period {p} — COMPLETED WITH WARNINGS" : $"Retail Step 32 — period {p}",
            "Group ΔQty split into per-store integer quantities under capacity caps (seed-capped method through the core kernel)."
                + (warned ? " Some rows exceed caps within the bounded relaxation or leave units unallocatable: see the status line and the period's spot-check page." : string.Empty));
        if (!validate && !section.FailIfThrows("published whole (no interrupted commit)", () => PickListValidator.ThrowIfHalfPublished(period, outputDir)).AllPassed)
        {
            // The validator checks this first; without it a half-published period's mix of files was shown as a run.
            return section;
        }

        var t = doc.RootElement.GetProperty("totals");
        long N(string name) => t.GetProperty(name).GetInt64();
        section.Number("recommendation rows", N("rows"))
            .Number("rows allocated", N("rows_allocated"))
            .Number("units requested", N("units_requested"))
            .Number("units allocated", N("units_allocated"))
            .Number("store rows allocated / considered", $"{N("store_rows_allocated")} / {N("store_rows_considered")}")
            .Number("cap hits (share of store rows)", $"{N("cap_hits")} ({t.GetProperty("cap_hit_share").GetString()})")
            .Number("units placed by relaxing caps", N("relaxed_units"))
            .Number("stores without meta", N("stores_without_meta_count"));

        // Spec 40's revised cap policy: relaxed or unallocatable units are a warning (the run completed and reported
        // them), not a failed check; "all checks pass" is only said when there is neither.
        var residualRows = N("residual_rows");
        var unallocatable = N("unallocatable_units");
        var warningRows = t.TryGetProperty("rows_with_warnings", out var w) ? w.GetInt64() : residualRows;
        long unreported = 0, overBound = 0;
        var bounded = doc.RootElement.GetProperty("options").TryGetProperty("relax_caps", out var mode) && mode.GetString() == "bounded";
        var bound = doc.RootElement.GetProperty("parameters").TryGetProperty("ALLOC_MAX_RELAX_PER_STORE", out var b)
            ? long.Parse(b.GetString()!, CultureInfo.InvariantCulture)
            : 1;
        foreach (var row in doc.RootElement.GetProperty("rows").EnumerateArray())
        {
            var rowUnallocatable = row.TryGetProperty("unallocatable_units", out var u) ? u.GetInt64() : 0;
            unreported += row.GetProperty("residual").GetInt64() != rowUnallocatable ? 1 : 0;
            overBound += bounded && row.GetProperty("relaxed_units").GetInt64() > bound * row.GetProperty("stores_in_group").GetInt64() ? 1 : 0;
        }

        section.Check("every unit placed or reported as unallocatable", unreported == 0, $"{unreported} row(s) whose residual is not reported");
        section.Check("units above caps within the relaxation bound", overBound == 0, $"{overBound} row(s) above ALLOC_MAX_RELAX_PER_STORE × stores");
        section.Number("status", warningRows == 0
            ? "all checks pass: no cap exceeded, nothing left over"
            : string.Create(CultureInfo.InvariantCulture, $"COMPLETED WITH WARNINGS: {warningRows} row(s); {N("relaxed_units")} unit(s) above caps, {unallocatable} unallocatable unit(s) in {residualRows} row(s)"));
        if (warningRows > 0)
        {
            section.Warn(string.Create(CultureInfo.InvariantCulture, $"{warningRows} row(s) need review: {N("relaxed_units")} unit(s) above caps (bounded relaxation), {unallocatable} unit(s) could not be placed in {residualRows} row(s); see the period's spot-check page"));
        }
        if (validate)
        {
            try
            {
                var v = PickListValidator.Validate(period, outputDir);
                section.Check("allot retail validate", true, $"{v.Lines} pick-list lines over {v.Rows} rows re-derived and checked");
            }
            catch (AllotException ex)
            {
                section.Check("allot retail validate", false, ex.Error.ToString());
            }
        }

        var heatmap = Path.Combine(outputDir, HeatmapSvg.FileName(p));
        if (File.Exists(heatmap))
        {
            // The file is read from the folder, not drawn here: pasted as it was, a script in it ran in the report.
            if (InertSvg.From(File.ReadAllText(heatmap), out var refused) is { } svg)
            {
                section.Figure(svg, "Stores receiving units, by cluster × category (the retail heatmap).");
            }
            else
            {
                section.Check("heatmap drawn by Allot", false, $"{HeatmapSvg.FileName(p)} is not shown: {refused}; re-run allot retail allocate for period {p}");
            }
        }

        section.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"Files: {PickListWriter.FileName(p)}, {ReconciliationWriter.FileName(p)}, {SpotCheckReport.FileName(p)} (top rows by Expected_Benefit with their store distributions)."));
        return section;
    }
}
