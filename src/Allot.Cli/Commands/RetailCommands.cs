using System.CommandLine;
using System.Globalization;
using Allot.Cli.Progress;
using Allot.Core.Errors;
using Allot.Data.Json;
using Allot.Data.Publishing;
using Allot.Retail.Configuration;
using Allot.Retail.Errors;
using Allot.Retail.Fixtures;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;
using Allot.Retail.Validation;

namespace Allot.Cli.Commands;

/// <summary><c>allot retail allocate|validate|fixtures</c>: Step 32 store-level ΔQty allocation.</summary>
public static class RetailCommands
{
    /// <summary>
    /// Allocation <c>retail allocate</c> lets run without a collection (<see cref="Allot.Data.Diagnostics.OnePassProcess"/>):
    /// a run of 1 M store rows allocates about 0.5 GB and keeps most of its plan to the end, so collecting within it
    /// mostly copies the plan from generation to generation. Larger runs collect as usual past it.
    /// </summary>
    internal const long AllocateNoCollectionBudgetBytes = 768L << 20;

    /// <summary>
    /// Builds the <c>retail</c> command. <paramref name="environment"/> reads environment variables and
    /// <paramref name="environmentNames"/> lists them (tests pass their own; with a reader and no list, none is listed).
    /// </summary>
    public static Command Create(Func<string, string?>? environment = null, TextWriter? stdout = null, TextWriter? stderr = null, Func<IEnumerable<string>>? environmentNames = null)
    {
        environmentNames ??= environment is null ? () => Environment.GetEnvironmentVariables().Keys.Cast<string>() : () => [];
        environment ??= Environment.GetEnvironmentVariable;
        var retail = new Command("retail", "Retail Step 32: split group ΔQty recommendations into a per-store pick list.");
        retail.Subcommands.Add(Allocate(environment, environmentNames, stdout, stderr));
        retail.Subcommands.Add(Validate(stdout, stderr));
        retail.Subcommands.Add(Fixtures(stdout, stderr));
        retail.Subcommands.Add(DiffRuns(stdout, stderr));
        return retail;
    }

    private static Command Allocate(Func<string, string?> environment, Func<IEnumerable<string>> environmentNames, TextWriter? stdout, TextWriter? stderr)
    {
        var cmd = new Command("allocate", "Allocate a period's group recommendations to stores; writes the pick list, reconciliation, spot-check report and heatmap.");
        var yyyymm = new Option<string>("--target-yyyymm") { Description = "Target month, e.g. 202509.", Required = true };
        var period = new Option<string>("--target-period") { Description = "Half-month: A or B.", Required = true };
        var recs = new Option<string?>("--group-recs-file") { Description = "Group recommendations CSV (default: the pipeline manifest's Step 18/Step 14 output for the period, else newest *with_trends_business_enriched*{P}*.csv, else *fast_fish_format*{P}*.csv under --input-dir)." };
        var sales = new Option<string?>("--store-sales-file") { Description = "Store sales CSV (default: data/api_data/complete_category_sales_{yyyy-1}{mm}{A|B}.csv, else complete_category_sales_*Q*_combined.csv)." };
        var meta = new Option<string?>("--store-meta-file") { Description = "Step 33 store file (default: store_level_plugin_output.csv under --input-dir)." };
        var tags = new Option<string?>("--store-tags-file") { Description = "Step 24 store tags (default: store_tags_{P}.csv under --input-dir)." };
        var clusters = new Option<string?>("--clusters-file") { Description = "Cluster ids (str_code, cluster_id) when the tags file has none." };
        var exclude = new Option<string?>("--exclude-stores-file") { Description = "Stores never considered: CSV with store_code (or str_code) and an optional period column (empty = every period). Never relaxed." };
        var include = new Option<string?>("--include-stores-file") { Description = "Stores always considered, even above CAPACITY_MAX_UTIL: CSV with store_code and an optional period column. The exclusion list wins." };
        var packSizes = new Option<string?>("--pack-sizes-file") { Description = "Pack size per category: CSV with Category and Pack_Size. A row's own Pack_Size column wins; ALLOC_PACK_SIZE covers the rest." };
        var manifestFile = new Option<string?>("--pipeline-manifest") { Description = "Pipeline manifest used to find the group recommendations (Step 18 enriched, else Step 14 fast-fish output for the period) before file discovery (default: {input-dir}/output/pipeline_manifest.json)." };
        var inputDir = new Option<string>("--input-dir") { Description = "Folder searched for default inputs.", DefaultValueFactory = _ => "." };
        var outputDir = new Option<string>("--output-dir") { Description = "Output folder.", DefaultValueFactory = _ => "output" };
        var method = new Option<string>("--method") { Description = "seed (default: row by row, the seed's rule), optimal (row by row, minimum deviation) or joint (all rows of the period together under shared store capacities; caps are hard).", DefaultValueFactory = _ => "seed" };
        var strict = new Option<bool>("--strict-caps") { Description = "Alias of --relax-caps none." };
        var relax = new Option<string?>("--relax-caps") { Description = "Units no cap can take: none (report them as unallocatable_units), bounded (default: at most ALLOC_MAX_RELAX_PER_STORE above cap per eligible store, the rest reported), or unlimited (the first release's behaviour). Excluded stores are never relaxed." };
        var reductions = new Option<bool>("--include-reductions") { Description = "Allocate rows with ΔQty < 0 as negative store quantities by sales weight." };
        var allowEmpty = new Option<bool>("--allow-unallocatable") { Description = "Report rows without stores instead of failing." };
        var merge = new Option<bool>("--merge-into-store-plugin") { Description = "Also write the Step 33 store file widened with allocated units per category/subcategory." };
        var noBom = new Option<bool>("--no-bom") { Description = "Write the CSV outputs without the UTF-8 BOM (by default they have one so Excel shows Chinese text correctly)." };
        var xlsx = new Option<bool>("--xlsx") { Description = "Also write the pick list as .xlsx, with a per-store totals sheet." };
        var threads = new Option<int>("--workers", "--threads") { Description = "Worker threads (output is identical for any value); --threads is the old name.", DefaultValueFactory = _ => Environment.ProcessorCount }.AtLeastOne();
        var set = new Option<string[]>("--set") { Description = "Override an environment parameter, e.g. --set ALLOC_MAX_PER_STORE=12 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress line on stderr." };
        var json = new Option<bool>("--json") { Description = "Print the run summary as JSON on stdout instead of text." };
        foreach (var o in new Option[] { yyyymm, period, recs, sales, meta, tags, clusters, exclude, include, packSizes, manifestFile, inputDir, outputDir, method, strict, relax, reductions, allowEmpty, merge, noBom, xlsx, threads, set, quiet, json })
        {
            cmd.Options.Add(o);
        }

        // One flag per environment parameter (ALLOC_MAX_PER_STORE ⇒ --alloc-max-per-store); it wins over --set and the environment.
        var parameterFlags = AllocationParameters.VariableNames
            .Select(name => (Name: name, Option: new Option<string?>("--" + name.ToLowerInvariant().Replace('_', '-')) { Description = $"Overrides the environment variable {name}." }))
            .ToList();
        foreach (var (_, option) in parameterFlags)
        {
            cmd.Options.Add(option);
        }

        cmd.SetAction(parse => CommandRunner.Run(
            () =>
            {
                var target = TargetPeriod.Parse(parse.GetValue(yyyymm), parse.GetValue(period));
                var overrides = ParseOverrides(parse.GetValue(set) ?? []);
                foreach (var (name, option) in parameterFlags)
                {
                    if (parse.GetValue(option) is { } value)
                    {
                        overrides[name] = value;
                    }
                }

                var parameters = AllocationParameters.Resolve(environment, overrides);
                foreach (var warning in AllocationParameters.UnknownVariables(environmentNames()))
                {
                    // A misspelt variable would otherwise leave its parameter at the default without a word.
                    (stderr ?? parse.InvocationConfiguration.Error).WriteLine($"warning: {warning}");
                }

                var options = new RunOptions
                {
                    Method = RunOptions.ParseMethod(parse.GetValue(method) ?? "seed")
                        ?? throw RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, $"--method '{parse.GetValue(method)}' must be seed, optimal or joint", "--method"),
                    RelaxCaps = Relaxation(parse.GetValue(relax), parse.GetValue(strict)),
                    IncludeReductions = parse.GetValue(reductions),
                    AllowUnallocatable = parse.GetValue(allowEmpty),
                    MergeIntoStorePlugin = parse.GetValue(merge),
                    CsvBom = !parse.GetValue(noBom),
                    Xlsx = parse.GetValue(xlsx),
                    Threads = Math.Max(1, parse.GetValue(threads)),
                    Progress = LiveProgress.ForConsole(parse.GetValue(quiet) || parse.GetValue(json)),
                };
                var paths = new InputPaths
                {
                    InputDir = parse.GetValue(inputDir) ?? ".",
                    GroupRecsFile = parse.GetValue(recs),
                    StoreSalesFile = parse.GetValue(sales),
                    StoreMetaFile = parse.GetValue(meta),
                    StoreTagsFile = parse.GetValue(tags),
                    ClustersFile = parse.GetValue(clusters),
                    ExcludeStoresFile = parse.GetValue(exclude),
                    IncludeStoresFile = parse.GetValue(include),
                    PipelineManifestFile = parse.GetValue(manifestFile),
                    PackSizesFile = parse.GetValue(packSizes),
                };
                var asJson = parse.GetValue(json);
                if (AllotCli.OwnsProcess)
                {
                    Allot.Data.Diagnostics.OnePassProcess.BatchCollections();
                    if (options.Method != AllocationMethod.Joint)
                    {
                        // The joint method's solver allocates far more: under the budget it held 1.4 GB (785 MB
                        // without) for no gain in time.
                        Allot.Data.Diagnostics.OnePassProcess.Start(AllocateNoCollectionBudgetBytes);
                    }
                }

                var progress = StepProgress.ForConsole(parse.GetValue(quiet) || asJson, 1);
                var summary = progress.Step(
                    $"retail: allocate {target.Token}",
                    () => Step32Runner.Allocate(new AllocateRequest(target, paths, parse.GetValue(outputDir) ?? "output", parameters, options)),
                    r => (r.Totals.StoreRowsConsidered, "store rows"));
                var o = stdout ?? parse.InvocationConfiguration.Output;
                var t = summary.Totals;
                if (asJson)
                {
                    o.WriteLine(AllotJson.ToLine(
                        new
                        {
                            Status = t.HasWarnings ? RunStatus.Warnings : RunStatus.Ok,
                            ExitCode = t.HasWarnings ? ExitCodes.CompletedWithWarnings : ExitCodes.Success,
                            Period = target.Token,
                            Totals = t,
                            Inputs = (summary.Inputs ?? []).Select(i => new { i.Role, Path = Path.GetFullPath(i.Source.Path), i.Source.FoundBy }),
                            Notes = summary.Notes ?? [],
                            Outputs = summary.Outputs.Select(e => new { e.Kind, Path = Path.Combine(summary.OutputDir, e.RelativePath), e.Sha256, e.Rows }),
                        }));
                    return t.HasWarnings ? ExitCodes.CompletedWithWarnings : ExitCodes.Success;
                }

                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"period {target.Token}: {t.RowsAllocated}/{t.Rows} rows allocated, {t.UnitsAllocated}/{t.UnitsRequested} units, {t.StoreRowsAllocated} pick-list lines, {t.CapHits} cap hits, {t.RelaxedUnits} relaxed units, {t.ResidualRows} residual rows"));
                o.WriteLine(t.HasWarnings
                    ? string.Create(CultureInfo.InvariantCulture, $"COMPLETED WITH WARNINGS ({t.RowsWithWarnings} row(s)): {t.RelaxedUnits} unit(s) above caps in {t.RowsRelaxed} row(s), {t.UnallocatableUnits} unallocatable unit(s) in {t.UnallocatableRows} row(s); see rows with \"status\": \"warning\" in the reconciliation (exit code {ExitCodes.CompletedWithWarnings})")
                    : "all checks pass: no cap exceeded, nothing left over");
                foreach (var note in summary.Notes ?? [])
                {
                    o.WriteLine($"  note: {note}");
                }

                foreach (var (role, source) in summary.Inputs ?? [])
                {
                    // Which files the plan came from matters as much as where it went: the manifest, a newest match, a
                    // fallback (a quarter's sales instead of the half-month's).
                    o.WriteLine($"  read {role}: {Path.GetFullPath(source.Path)} ({source.FoundBy})");
                }

                foreach (var e in summary.Outputs)
                {
                    o.WriteLine($"  {e.Kind}: {Path.Combine(summary.OutputDir, e.RelativePath)}");
                }

                return t.HasWarnings ? ExitCodes.CompletedWithWarnings : ExitCodes.Success;
            },
            stderr ?? parse.InvocationConfiguration.Error));
        return cmd;
    }

    private static Command Validate(TextWriter? stdout, TextWriter? stderr)
    {
        var cmd = new Command("validate", "Check a produced pick list: reconciliation, integers, caps, populated fields, and a byte-for-byte re-derivation.");
        var yyyymm = new Option<string>("--target-yyyymm") { Description = "Target month, e.g. 202509.", Required = true };
        var period = new Option<string>("--target-period") { Description = "Half-month: A or B.", Required = true };
        var outputDir = new Option<string>("--output-dir") { Description = "Folder holding the outputs.", DefaultValueFactory = _ => "output" };
        var inputDir = new Option<string?>("--input-dir") { Description = "Where the run's recorded input paths are resolved (default: the output folder, against which allocate records them)." };
        var json = JsonOption.Create();
        json.Description = "Print the validation summary as one JSON line on stdout instead of text.";
        foreach (var o in new Option[] { yyyymm, period, outputDir, inputDir, json })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(parse => CommandRunner.Run(
            () =>
            {
                var target = TargetPeriod.Parse(parse.GetValue(yyyymm), parse.GetValue(period));
                var summary = PickListValidator.Validate(target, parse.GetValue(outputDir) ?? "output", parse.GetValue(inputDir));
                var o = stdout ?? parse.InvocationConfiguration.Output;
                var warn = summary.RowsWithWarnings > 0;
                if (parse.GetValue(json))
                {
                    o.WriteLine(AllotJson.ToLine(new
                    {
                        Status = warn ? RunStatus.Warnings : RunStatus.Ok,
                        ExitCode = warn ? ExitCodes.CompletedWithWarnings : ExitCodes.Success,
                        Period = target.Token,
                        summary.PickList,
                        summary.Lines,
                        summary.Rows,
                        summary.RowsWithWarnings,
                        summary.RelaxedUnits,
                        summary.UnallocatableUnits,
                    }));
                    return warn ? ExitCodes.CompletedWithWarnings : ExitCodes.Success;
                }

                o.WriteLine($"valid: {summary.PickList} ({summary.Lines} lines, {summary.Rows} rows reconciled, re-derivation identical)");
                if (summary.RowsWithWarnings > 0)
                {
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"WARNINGS: {summary.RowsWithWarnings} row(s) with units above caps ({summary.RelaxedUnits}) or unallocatable units ({summary.UnallocatableUnits}) (exit code {ExitCodes.CompletedWithWarnings})"));
                    return ExitCodes.CompletedWithWarnings;
                }

                return ExitCodes.Success;
            },
            stderr ?? parse.InvocationConfiguration.Error));
        return cmd;
    }

    private static Command Fixtures(TextWriter? stdout, TextWriter? stderr)
    {
        var cmd = new Command("fixtures", "Write realistic Step 32 inputs (A and B periods) at any scale, deterministic per seed.");
        var outputDir = new Option<string>("--output-dir") { Description = "Folder to write the fixture into (use it as --input-dir).", Required = true };
        var yyyymm = new Option<string>("--target-yyyymm") { Description = "Target month.", DefaultValueFactory = _ => "202509" };
        var stores = new Option<int>("--stores") { Description = "Number of stores.", DefaultValueFactory = _ => 120 };
        var rows = new Option<int>("--rows") { Description = "Recommendation rows per period.", DefaultValueFactory = _ => 60 };
        var perGroup = new Option<int>("--stores-per-group") { Description = "Average stores per group.", DefaultValueFactory = _ => 30 };
        var seed = new Option<ulong>("--seed") { Description = "Fixture seed.", DefaultValueFactory = _ => 20250901UL };
        var json = JsonOption.Create();
        json.Description = "Print the files written as one JSON line on stdout instead of one path per line.";
        foreach (var o in new Option[] { outputDir, yyyymm, stores, rows, perGroup, seed, json })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(parse => CommandRunner.Run(
            () =>
            {
                var spec = new FixtureSpec
                {
                    TargetYyyymm = parse.GetValue(yyyymm) ?? "202509",
                    Stores = Positive(parse.GetValue(stores), "--stores"),
                    Rows = Positive(parse.GetValue(rows), "--rows"),
                    StoresPerGroup = Positive(parse.GetValue(perGroup), "--stores-per-group"),
                    Seed = parse.GetValue(seed),
                };
                var folder = parse.GetValue(outputDir)!;
                var files = FixtureGenerator.Write(folder, spec);
                var o = stdout ?? parse.InvocationConfiguration.Output;
                if (parse.GetValue(json))
                {
                    o.WriteLine(AllotJson.ToLine(new { Status = RunStatus.Ok, ExitCode = ExitCodes.Success, Files = files.Select(f => Path.Combine(folder, f)).ToList() }));
                    return ExitCodes.Success;
                }

                foreach (var f in files)
                {
                    o.WriteLine(Path.Combine(folder, f));
                }

                return ExitCodes.Success;
            },
            stderr ?? parse.InvocationConfiguration.Error));
        return cmd;
    }

    private static Command DiffRuns(TextWriter? stdout, TextWriter? stderr)
    {
        var cmd = new Command("diff", "What changed between two runs (output folders or pick lists): per row, per store, totals; for what-if planning.");
        var runA = new Argument<string>("RUN_A") { Description = "Output folder or pick list of the first run." };
        var runB = new Argument<string>("RUN_B") { Description = "Output folder or pick list of the second run." };
        var yyyymm = new Option<string?>("--target-yyyymm") { Description = "Month of the pick list to compare when a folder holds several periods." };
        var period = new Option<string?>("--target-period") { Description = "Half-month (A or B), with --target-yyyymm." };
        var html = new Option<string?>("--html") { Description = "Also write the full diff as an HTML page to this file." };
        var top = new Option<int>("--top") { Description = "Rows and stores listed in the text summary.", DefaultValueFactory = _ => 20 };
        cmd.Arguments.Add(runA);
        cmd.Arguments.Add(runB);
        var json = JsonOption.Create();
        json.Description = "Print the diff (totals, changed rows and stores) as one JSON line on stdout instead of text.";
        foreach (var o in new Option[] { yyyymm, period, html, top, json })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(parse => CommandRunner.Run(
            () =>
            {
                string? token = null;
                if (parse.GetValue(yyyymm) is not null || parse.GetValue(period) is not null)
                {
                    token = TargetPeriod.Parse(parse.GetValue(yyyymm), parse.GetValue(period)).Token;
                }

                var diff = Allot.Retail.Diff.RunDiff.Compare(parse.GetValue(runA)!, parse.GetValue(runB)!, token);
                if (parse.GetValue(html) is { } page)
                {
                    // Found by hand: --html naming run A's pick list replaced it with the page (exit 0). The runs' files
                    // are inputs here; checked before anything is printed or written.
                    var runFiles = new[] { diff.PickListA, diff.PickListB }
                        .SelectMany(p => RetailDatasets.OutputFilesIn(Path.GetDirectoryName(Path.GetFullPath(p))!).Append(p))
                        .Select(f => ("a file of RUN_A or RUN_B", f));
                    PublishTransaction.RequireDistinct(runFiles, [("--html", page)]);
                }

                var file = parse.GetValue(html);
                var asJson = parse.GetValue(json);
                if (!asJson)
                {
                    (stdout ?? parse.InvocationConfiguration.Output).Write(diff.ToText(Math.Max(1, parse.GetValue(top))));
                }

                if (file is not null)
                {
                    // Whole or not at all: a page cut short must not replace an earlier one.
                    PartitionPublisher.WriteFileAtomically(file, System.Text.Encoding.UTF8.GetBytes(Allot.Retail.Diff.RunDiffHtml.Render(diff)));
                }

                if (asJson)
                {
                    (stdout ?? parse.InvocationConfiguration.Output).WriteLine(AllotJson.ToLine(new
                    {
                        Status = RunStatus.Ok,
                        ExitCode = ExitCodes.Success,
                        diff.PickListA,
                        diff.PickListB,
                        diff.Totals,
                        diff.Rows,
                        diff.Stores,
                        Html = file,
                    }));
                }
                else if (file is not null)
                {
                    (stdout ?? parse.InvocationConfiguration.Output).WriteLine($"html: {file}");
                }

                return ExitCodes.Success;
            },
            stderr ?? parse.InvocationConfiguration.Error));
        return cmd;
    }

    private static CapRelaxation Relaxation(string? relaxCaps, bool strictCaps)
    {
        if (relaxCaps is null)
        {
            return strictCaps ? CapRelaxation.None : CapRelaxation.Bounded;
        }

        var mode = RunOptions.ParseRelaxation(relaxCaps)
            ?? throw RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, $"--relax-caps '{relaxCaps}' must be none, bounded or unlimited", "--relax-caps");
        if (strictCaps && mode != CapRelaxation.None)
        {
            throw RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, $"--strict-caps contradicts --relax-caps {relaxCaps}; give one of them", "--relax-caps");
        }

        return mode;
    }

    private static int Positive(int value, string flag) =>
        value > 0 ? value : throw RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, $"{flag} must be a positive integer", flag);

    private static Dictionary<string, string> ParseOverrides(string[] items)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, $"--set '{item}' must be NAME=VALUE", "--set");
            }

            map[item[..eq].Trim()] = item[(eq + 1)..];
        }

        return map;
    }
}
