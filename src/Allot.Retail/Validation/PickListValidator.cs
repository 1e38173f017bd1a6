using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Allot.Core.Errors;
using Allot.Data.Publishing;
using Allot.Retail.Allocation;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;
using Allot.Retail.Reports;

namespace Allot.Retail.Validation;

/// <summary>
/// <c>allot retail validate</c>: checks a produced pick list against its reconciliation report (every row
/// reconciles, integers ≥ 0 for adds, caps respected unless relaxed, rationale and suitability populated), then
/// re-derives the whole plan from the input files recorded in the report (their SHA-256 must still match) with the
/// recorded parameters and compares the pick list and the reconciliation byte for byte. The whole set is checked:
/// <c>pipeline_manifest.json</c> must register every output of the period (pick list, reconciliation, heatmap, spot
/// check, and the workbook and merged store file when the run wrote them) and each file must be present with the
/// registered SHA-256; a set whose publication journal is still present is <c>E_HALF_PUBLISHED</c>. Recorded input
/// paths are resolved against the output folder (or <c>--input-dir</c>), so validation works from any folder.
/// </summary>
public static class PickListValidator
{
    private const int MaxIssues = 20;

    /// <summary>
    /// Throws <see cref="PublishCodes.HalfPublished"/> when a commit journal in <paramref name="outputDir"/> names a file
    /// of <paramref name="period"/>'s set (or the shared manifest): the period is half-published. Also used by readers
    /// that do not validate (<c>allot report --no-validate</c>), so none of them presents a mixed set.
    /// </summary>
    public static void ThrowIfHalfPublished(TargetPeriod period, string outputDir)
    {
        ArgumentNullException.ThrowIfNull(period);
        var p = period.Token;
        outputDir = Path.GetFullPath(outputDir);
        PublishJournal.ThrowIfHalfPublished(
            outputDir,
            new[] { PickListWriter.FileName(p), ReconciliationWriter.FileName(p), HeatmapSvg.FileName(p), SpotCheckReport.FileName(p), PickListWorkbook.FileName(p), StorePluginMerger.FileName(p), PipelineManifest.FileName }
                .Select(n => Path.Combine(outputDir, n)),
            $"allot gc --output-dir {outputDir}");
    }

    /// <summary>Validates the outputs of <paramref name="period"/> in <paramref name="outputDir"/>; throws <see cref="RetailErrorCodes.ValidationFailed"/> listing the issues.</summary>
    /// <param name="period">The period whose set is validated.</param>
    /// <param name="outputDir">The folder holding the set.</param>
    /// <param name="inputDir">Where relative recorded input paths are resolved (default: the output folder, against which <c>allocate</c> records them).</param>
    public static ValidationSummary Validate(TargetPeriod period, string outputDir, string? inputDir = null)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(outputDir);
        var p = period.Token;
        outputDir = Path.GetFullPath(outputDir);
        ThrowIfHalfPublished(period, outputDir);
        var pickPath = Path.Combine(outputDir, PickListWriter.FileName(p));
        var reconPath = Path.Combine(outputDir, ReconciliationWriter.FileName(p));
        foreach (var f in new[] { pickPath, reconPath })
        {
            if (!File.Exists(f))
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.FileUnreadable, "output to validate does not exist; run allot retail allocate first", f);
            }
        }

        // The records under validation may have been damaged or edited by hand: a reconciliation that is not JSON or
        // lacks a field, or a pick list that is not a pick list, is a finding (exit 4) naming the file, not a crash
        // (it was E_INTERNAL) nor an input error.
        try
        {
            using var recon = JsonDocument.Parse(File.ReadAllBytes(reconPath));
            var root = recon.RootElement;
            var relaxation = Relaxation(root.GetProperty("options"));
            var strict = relaxation == CapRelaxation.None;
            var issues = new List<string>();
            var expected = new Dictionary<long, (long Delta, long Allocated, long Residual, string? Skip, long Pack, long Minimum)>();
            long warnings = 0, relaxedUnits = 0, unallocatableUnits = 0;
            foreach (var row in root.GetProperty("rows").EnumerateArray())
            {
                var skip = row.GetProperty("skip_reason").ValueKind == JsonValueKind.Null ? null : row.GetProperty("skip_reason").GetString();
                var residual = row.GetProperty("residual").GetInt64();
                var srcRow = row.GetProperty("source_row").GetInt64();
                var relaxed = row.GetProperty("relaxed_units").GetInt64();
                var unallocatable = row.GetProperty("unallocatable_units").GetInt64();
                var pack = row.TryGetProperty("pack_size", out var ps) ? ps.GetInt64() : 1;
                var minimum = row.TryGetProperty("presentation_min", out var pm) ? pm.GetInt64() : 0;
                expected[srcRow] = (row.GetProperty("delta_qty").GetInt64(), row.GetProperty("allocated").GetInt64(), residual, skip, pack, minimum);
                relaxedUnits += relaxed;
                unallocatableUnits += Math.Abs(unallocatable); // a reduction's are negative (units not taken back)
                warnings += relaxed > 0 || unallocatable != 0 ? 1 : 0;
                if (residual != unallocatable)
                {
                    // Nothing vanishes silently: every unit not placed is reported as unallocatable.
                    Add(issues, $"reconciliation row {srcRow}: residual {residual} but {unallocatable} unallocatable unit(s) reported");
                }

                if (strict && relaxed != 0)
                {
                    Add(issues, $"reconciliation row {srcRow}: {relaxed} relaxed unit(s) under --relax-caps none");
                }
            }

            var lines = CheckPickList(pickPath, expected, strict, issues);
            if (issues.Count == 0)
            {
                Rederive(period, root, outputDir, inputDir is null ? outputDir : Path.GetFullPath(inputDir), pickPath, reconPath, relaxation, issues);
            }

            CheckManifest(p, outputDir, root.GetProperty("options"), issues);

            if (issues.Count > 0)
            {
                throw RetailErrorCodes.Validation($"{issues.Count} issue(s): {string.Join(" | ", issues)}", pickPath);
            }

            return new ValidationSummary(pickPath, lines, expected.Count)
            {
                RowsWithWarnings = warnings,
                RelaxedUnits = relaxedUnits,
                UnallocatableUnits = unallocatableUnits,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw RetailErrorCodes.Validation($"the reconciliation is not one Step 32 wrote ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()})", reconPath);
        }
    }

    private static long CheckPickList(string path, Dictionary<long, (long Delta, long Allocated, long Residual, string? Skip, long Pack, long Minimum)> expected, bool strict, List<string> issues)
    {
        try
        {
            return CheckPickListLines(path, expected, strict, issues);
        }
        catch (AllotException e) when (e.Error.Class == ErrorClass.Input)
        {
            // A missing column, a broken quote, a row of the wrong shape: the pick list is not what allocate wrote.
            throw RetailErrorCodes.Validation($"the pick list is not one Step 32 wrote ({e.Error.Code}: {e.Error.Message})", path, e.Error.Row);
        }
    }

    private static long CheckPickListLines(string path, Dictionary<long, (long Delta, long Allocated, long Residual, string? Skip, long Pack, long Minimum)> expected, bool strict, List<string> issues)
    {
        using var csv = CsvSource.Open(path);
        var idx = PickListWriter.Columns.ToDictionary(c => c, c => csv.Require(c), StringComparer.Ordinal);
        var sums = new Dictionary<long, long>();
        long lines = 0;
        while (csv.Read())
        {
            lines++;
            var where = $"pick list row {csv.Row}";
            if (!long.TryParse(csv.Get(idx["source_row"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var src) || !expected.TryGetValue(src, out var exp))
            {
                Add(issues, $"{where}: source_row '{csv.Get(idx["source_row"])}' is not a row of the reconciliation");
                continue;
            }

            if (!long.TryParse(csv.Get(idx["Delta_Qty_Store"]), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var qty))
            {
                Add(issues, $"{where}: Delta_Qty_Store '{csv.Get(idx["Delta_Qty_Store"])}' is not an integer");
                continue;
            }

            if (exp.Delta > 0 && qty < 0)
            {
                Add(issues, $"{where}: negative quantity {qty} for an add");
            }

            var codes = csv.Get(idx["reason_codes"]);
            if (exp.Delta > 0 && long.TryParse(csv.Get(idx["cap_store"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cap)
                && qty > cap && (strict || !codes.Contains(ReasonCodes.CapRelaxed, StringComparison.Ordinal)))
            {
                Add(issues, $"{where}: quantity {qty} above cap {cap} without {ReasonCodes.CapRelaxed}");
            }

            if ((exp.Delta > 0 && qty > 0 && codes.Contains(ReasonCodes.OverCapacity, StringComparison.Ordinal))
                || (qty != 0 && codes.Contains(ReasonCodes.ExcludedByList, StringComparison.Ordinal)))
            {
                // Exclusion is a hard rule: an excluded store never receives a unit, whatever the relaxation mode, and
                // a listed store is never considered at all (no reduction either; one over capacity may give units back).
                Add(issues, $"{where}: {qty} unit(s) to an excluded store ({codes})");
            }

            if (qty % exp.Pack != 0 || (exp.Delta > 0 && qty > 0 && qty < exp.Minimum))
            {
                Add(issues, $"{where}: quantity {qty} is not whole packs of {exp.Pack} or is below the presentation minimum {exp.Minimum}");
            }

            foreach (var col in new[] { "rationale", "temperature_suitability", "store_type_alignment", "reason_codes" })
            {
                if (csv.Get(idx[col]).Length == 0)
                {
                    Add(issues, $"{where}: {col} is empty");
                }
            }

            sums[src] = sums.GetValueOrDefault(src) + qty;
        }

        foreach (var (src, exp) in expected)
        {
            var sum = sums.GetValueOrDefault(src);
            if (exp.Skip is null && sum != exp.Allocated)
            {
                Add(issues, $"row {src}: pick list sums to {sum} but the reconciliation says {exp.Allocated}");
            }

            if (exp.Skip is null && sum != exp.Delta - exp.Residual)
            {
                Add(issues, $"row {src}: pick list sums to {sum}, ΔQty {exp.Delta} less the reported residual {exp.Residual} is {exp.Delta - exp.Residual}");
            }
        }

        return lines;
    }

    /// <summary>
    /// The manifest registers every output of the period with its SHA-256, and every registered file is there with
    /// those bytes (a deleted heatmap, an edited spot check or a deleted manifest fail here).
    /// </summary>
    private static void CheckManifest(string period, string outputDir, JsonElement options, List<string> issues)
    {
        var manifestPath = Path.Combine(outputDir, PipelineManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            Add(issues, $"{PipelineManifest.FileName} is missing: the output set cannot be checked against it");
            return;
        }

        if (PipelineManifest.TryRead(manifestPath) is not { } manifest
            || manifest["steps"] is not JsonObject steps || steps[PipelineManifest.StepName] is not JsonObject step || step["outputs"] is not JsonObject outputs)
        {
            Add(issues, $"{PipelineManifest.FileName} is not a manifest with steps.{PipelineManifest.StepName}.outputs");
            return;
        }

        var kinds = new List<(string Kind, string Name)>
        {
            ("pick_list", PickListWriter.FileName(period)),
            ("reconciliation", ReconciliationWriter.FileName(period)),
            ("heatmap", HeatmapSvg.FileName(period)),
            ("spot_check_report", SpotCheckReport.FileName(period)),
        };
        foreach (var (flag, kind, name) in new[]
        {
            ("xlsx", "pick_list_xlsx", PickListWorkbook.FileName(period)),
            ("merge_into_store_plugin", "store_plugin_merged", StorePluginMerger.FileName(period)),
        })
        {
            if (Flag(options, flag))
            {
                kinds.Add((kind, name));
            }
            else if (File.Exists(Path.Combine(outputDir, name)) || outputs[new ManifestEntry(kind, period, name, string.Empty, null).OutputKey] is not null)
            {
                // Left by an earlier run of the period: it describes another allocation than this pick list.
                Add(issues, $"the {kind} {name} is in the folder or registered in {PipelineManifest.FileName}, but the run that wrote this pick list did not write one: it is an earlier run's");
            }
        }

        foreach (var (kind, name) in kinds)
        {
            var key = new ManifestEntry(kind, period, name, string.Empty, null).OutputKey;
            if (outputs[key] is not JsonObject entry || entry["metadata"] is not JsonObject metadata
                || metadata["sha256"] is not JsonValue shaValue || shaValue.GetValueKind() != JsonValueKind.String)
            {
                Add(issues, $"{PipelineManifest.FileName} does not register the {kind} ({name}) with its SHA-256");
                continue;
            }

            var file = Path.Combine(outputDir, name);
            if (!File.Exists(file))
            {
                Add(issues, $"the {kind} {name} registered in {PipelineManifest.FileName} is missing");
            }
            else if (!string.Equals(DeterminismReceipt.FileSha256Hex(file), shaValue.GetValue<string>(), StringComparison.OrdinalIgnoreCase))
            {
                Add(issues, $"the {kind} {name} does not match the SHA-256 registered in {PipelineManifest.FileName} (edited or replaced since the run)");
            }
        }
    }

    /// <summary>
    /// A recorded input path on this machine: absolute as is; relative against <paramref name="inputBase"/> (the
    /// output folder unless <c>--input-dir</c> is given). With <c>--input-dir</c>, the recorded path's trailing
    /// segments are also tried under it (<c>../in/output/x.csv</c> → <c>output/x.csv</c>, <c>x.csv</c>), first the one
    /// whose SHA-256 still matches, so a moved input folder can be named directly.
    /// </summary>
    private static string Resolve(string recorded, string sha, string outputDir, string inputBase)
    {
        var direct = Path.GetFullPath(recorded, inputBase);
        if (inputBase == outputDir || File.Exists(direct))
        {
            return direct;
        }

        var segments = recorded.Replace('\\', '/').Split('/').Where(x => x.Length > 0 && x != "." && x != "..").ToArray();
        for (var i = 0; i < segments.Length; i++)
        {
            var candidate = Path.Combine([inputBase, .. segments[i..]]);
            if (File.Exists(candidate) && DeterminismReceipt.FileSha256Hex(candidate) == sha)
            {
                return candidate;
            }
        }

        return direct;
    }

    private static bool Flag(JsonElement options, string name) =>
        options.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == "true";

    private static void Rederive(TargetPeriod period, JsonElement root, string outputDir, string inputBase, string pickPath, string reconPath, CapRelaxation relaxation, List<string> issues)
    {
        // Recorded paths are relative to the output folder (or absolute); they are resolved against inputBase.
        var recorded = root.GetProperty("input_files").EnumerateArray().ToDictionary(f => f.GetProperty("role").GetString()!, f => (Path: f.GetProperty("path").GetString()!, Sha: f.GetProperty("sha256").GetString()!));
        var files = recorded.ToDictionary(r => r.Key, r => (Path: Resolve(r.Value.Path, r.Value.Sha, outputDir, inputBase), r.Value.Sha));
        // One file may be two inputs (the tags file as --clusters-file, one list to exclude and include): one entry.
        var asRecorded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (role, r) in recorded)
        {
            asRecorded.TryAdd(files[role].Path, r.Path);
        }

        foreach (var (role, f) in files)
        {
            if (!File.Exists(f.Path) || DeterminismReceipt.FileSha256Hex(f.Path) != f.Sha)
            {
                Add(issues, $"input {role} '{f.Path}' is missing or changed since the run; cannot re-derive (use --input-dir to point at the inputs)");
            }
        }

        if (issues.Count > 0)
        {
            return;
        }

        var overrides = root.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var parameters = AllocationParameters.Resolve(_ => null, overrides);
        var opt = root.GetProperty("options");
        var options = new RunOptions
        {
            Method = RunOptions.ParseMethod(opt.GetProperty("method").GetString()) ?? AllocationMethod.Seed,
            RelaxCaps = relaxation,
            IncludeReductions = opt.GetProperty("include_reductions").GetString() == "true",
            AllowUnallocatable = opt.GetProperty("allow_unallocatable").GetString() == "true",
            MergeIntoStorePlugin = opt.GetProperty("merge_into_store_plugin").GetString() == "true",
            CsvBom = !opt.TryGetProperty("csv_bom", out var bom) || bom.GetString() == "true",
            Xlsx = opt.TryGetProperty("xlsx", out var xlsx) && xlsx.GetString() == "true",
        };
        var paths = new InputPaths
        {
            InputDir = outputDir,
            GroupRecsFile = files["group_recommendations"].Path,
            StoreMetaFile = files["store_meta"].Path,
            StoreTagsFile = files["store_tags"].Path,
            StoreSalesFile = files["store_sales"].Path,
            ClustersFile = files.TryGetValue("clusters", out var c) ? c.Path : null,
            ExcludeStoresFile = files.TryGetValue("exclude_stores", out var x) ? x.Path : null,
            IncludeStoresFile = files.TryGetValue("include_stores", out var y) ? y.Path : null,
            PackSizesFile = files.TryGetValue("pack_sizes", out var z) ? z.Path : null,
        };
        var plan = StoreAllocator.Run(RetailInputs.Load(period, paths), parameters, options);
        // Compared as they are written: neither the re-derived bytes nor the file's are held (a pick list can pass 2 GB).
        using (var pick = new FileComparingStream(pickPath))
        {
            PickListWriter.Write(plan, pick);
            if (!pick.SameAsFile)
            {
                Add(issues, "the pick list differs from a re-derivation from the recorded inputs and parameters");
            }
        }

        using var rec = new FileComparingStream(reconPath);
        ReconciliationWriter.Write(plan, rec, f => asRecorded.GetValueOrDefault(Path.GetFullPath(f), f));
        if (!rec.SameAsFile)
        {
            Add(issues, "the reconciliation report differs from a re-derivation from the recorded inputs and parameters");
        }
    }

    /// <summary>The run's relaxation mode: <c>relax_caps</c>, or for reports written before it existed, <c>strict_caps</c> (true ⇒ none, false ⇒ unlimited).</summary>
    private static CapRelaxation Relaxation(JsonElement options) =>
        options.TryGetProperty("relax_caps", out var r) && RunOptions.ParseRelaxation(r.GetString()) is { } mode ? mode
        : options.GetProperty("strict_caps").GetString() == "true" ? CapRelaxation.None : CapRelaxation.Unlimited;

    private static void Add(List<string> issues, string issue)
    {
        if (issues.Count < MaxIssues)
        {
            issues.Add(issue);
        }
    }
}
