using System.Globalization;
using System.Text.Json;
using Allot.Data.Publishing;
using Allot.Retail.Allocation;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;

namespace Allot.Retail.Validation;

/// <summary>
/// <c>allot retail validate</c>: checks a produced pick list against its reconciliation report (every row
/// reconciles, integers ≥ 0 for adds, caps respected unless relaxed, rationale and suitability populated), then
/// re-derives the whole plan from the input files recorded in the report (their SHA-256 must still match) with the
/// recorded parameters and compares the pick list and the reconciliation byte for byte.
/// </summary>
public static class PickListValidator
{
    private const int MaxIssues = 20;

    /// <summary>Validates the outputs of <paramref name="period"/> in <paramref name="outputDir"/>; throws <see cref="RetailErrorCodes.ValidationFailed"/> listing the issues.</summary>
    public static ValidationSummary Validate(TargetPeriod period, string outputDir)
    {
        ArgumentNullException.ThrowIfNull(period);
        var p = period.Token;
        var pickPath = Path.Combine(outputDir, PickListWriter.FileName(p));
        var reconPath = Path.Combine(outputDir, ReconciliationWriter.FileName(p));
        foreach (var f in new[] { pickPath, reconPath })
        {
            if (!File.Exists(f))
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.FileUnreadable, "output to validate does not exist; run allot retail allocate first", f);
            }
        }

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
            unallocatableUnits += unallocatable;
            warnings += relaxed > 0 || unallocatable > 0 ? 1 : 0;
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
            Rederive(period, root, outputDir, pickPath, reconPath, relaxation, issues);
        }

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

    private static long CheckPickList(string path, Dictionary<long, (long Delta, long Allocated, long Residual, string? Skip, long Pack, long Minimum)> expected, bool strict, List<string> issues)
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

            if (exp.Delta > 0 && qty > 0 && (codes.Contains(ReasonCodes.OverCapacity, StringComparison.Ordinal) || codes.Contains(ReasonCodes.ExcludedByList, StringComparison.Ordinal)))
            {
                // Exclusion is a hard rule: an excluded store never receives a unit, whatever the relaxation mode.
                Add(issues, $"{where}: {qty} unit(s) to an excluded store ({codes})");
            }

            if (exp.Delta > 0 && (qty % exp.Pack != 0 || (qty > 0 && qty < exp.Minimum)))
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

    private static void Rederive(TargetPeriod period, JsonElement root, string outputDir, string pickPath, string reconPath, CapRelaxation relaxation, List<string> issues)
    {
        var files = root.GetProperty("input_files").EnumerateArray().ToDictionary(f => f.GetProperty("role").GetString()!, f => (Path: f.GetProperty("path").GetString()!, Sha: f.GetProperty("sha256").GetString()!));
        foreach (var (role, f) in files)
        {
            if (!File.Exists(f.Path) || DeterminismReceipt.FileSha256Hex(f.Path) != f.Sha)
            {
                Add(issues, $"input {role} '{f.Path}' is missing or changed since the run; cannot re-derive");
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
        using var pick = new MemoryStream();
        PickListWriter.Write(plan, pick);
        if (!pick.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(pickPath)))
        {
            Add(issues, "the pick list differs from a re-derivation from the recorded inputs and parameters");
        }

        using var rec = new MemoryStream();
        ReconciliationWriter.Write(plan, rec);
        if (!rec.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(reconPath)))
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
