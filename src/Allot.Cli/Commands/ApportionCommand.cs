using System.CommandLine;
using Allot.Apportion;
using Allot.Core.Apportionment;
using Allot.Data.Json;

namespace Allot.Cli.Commands;

/// <summary><c>allot apportion</c>: the core kernel over CSV/Parquet.</summary>
public static class ApportionCommand
{
    /// <summary>The example shown in <c>--help</c> (and run by a test).</summary>
    public const string HelpExample = "allot apportion --input samples/apportion/regions.csv --group-column region --unit-column store --output out/alloc.csv --audit out/audit.json";

    private static readonly Dictionary<string, TiePolicyKind> OnTie = new(StringComparer.Ordinal)
    {
        ["break"] = TiePolicyKind.BreakByDeclaredOrder,
        ["fail"] = TiePolicyKind.Fail,
    };

    private static readonly Dictionary<string, TieOrderOption> TieOrders = new(StringComparer.Ordinal)
    {
        ["unit"] = TieOrderOption.Unit,
        ["unit-numeric"] = TieOrderOption.UnitNumeric,
        ["position"] = TieOrderOption.Position,
    };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "Input table: CSV (UTF-8, header row) or .parquet; - reads CSV from standard input.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Output table (every input column, then allocation): CSV, or Parquet when the name ends in .parquet; - writes CSV to standard output (the summary then goes to standard error).", Required = true };
        var group = new Option<string?>("--group-column") { Description = "Column that names each row's group (omit for a single group)." };
        var unit = new Option<string>("--unit-column") { Description = "Column with the unit key (unique within a group).", DefaultValueFactory = _ => "unit" };
        var weight = new Option<string>("--weight-column") { Description = "Column with the weight (exact decimal, ≥ 0).", DefaultValueFactory = _ => "weight" };
        var totalCol = new Option<string>("--total-column") { Description = "Column with the group total (same on every row of a group; also the totals file's column).", DefaultValueFactory = _ => "total" };
        var total = new Option<long?>("--total") { Description = "One total for every group (instead of a total column)." };
        var totals = new Option<string?>("--totals") { Description = "A table of totals per group: the group column and the total column." };
        var min = new Option<string?>("--min-column") { Description = "Column with per-unit minimums (bounded methods)." };
        var max = new Option<string?>("--max-column") { Description = "Column with per-unit caps (bounded methods); empty = no cap." };
        var method = new Option<string>("--method") { Description = "Apportionment method: " + string.Join(", ", ApportionmentMethod.All.Select(m => m.Name)) + ".", DefaultValueFactory = _ => "hamilton" };
        method.AcceptOnlyFromAmong([.. ApportionmentMethod.All.Select(m => m.Name)]);
        var onTie = new Option<string>("--on-tie") { Description = "When units tie at the cutoff: break the tie by --tie-order, or fail with E_TIE_REQUIRES_LOTS naming the tied units.", DefaultValueFactory = _ => "break" };
        onTie.AcceptOnlyFromAmong([.. OnTie.Keys]);
        var lots = new Option<string?>("--lots") { Description = "A table of drawn orders (unit column, and group column with groups; row order = drawn order) that breaks ties in the groups it lists." };
        var thresholdShare = new Option<decimal?>("--threshold-share") { Description = "Electoral threshold: units below this share of their group's weight (e.g. 0.05) get nothing." };
        var thresholdWeight = new Option<decimal?>("--threshold-weight") { Description = "Electoral threshold: units below this weight get nothing." };
        var tie = new Option<string>("--tie-order") { Description = "Secondary tie order after the remainder: unit key (ordinal), unit key as a number, or input position.", DefaultValueFactory = _ => "unit" };
        tie.AcceptOnlyFromAmong([.. TieOrders.Keys]);
        var infeasible = new Option<string>("--on-infeasible") { Description = "When bounds cannot hold a total: fail, flag the residual, or relax caps one unit per pass by weight.", DefaultValueFactory = _ => "fail" };
        infeasible.AcceptOnlyFromAmong([.. ApportionOptions.PolicyNames.Keys]);
        var audit = new Option<string?>("--audit") { Description = "Write the audit trail (exact quotas, remainders, ranks, seat priorities, ties, bounds): JSON, or one row per unit as CSV / Parquet by extension; - writes the JSON audit to standard output (the summary then goes to standard error)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing output files that differ (by default that is an error)." };
        var workers = new Option<int>("--workers") { Description = "Threads apportioning groups in parallel (default: processor count). Never changes a byte of output.", DefaultValueFactory = _ => Environment.ProcessorCount }.AtLeastOne();
        var json = JsonOption.Create();

        var cmd = new Command(
            "apportion",
            "Split integer totals over units by exact weights (largest remainder, bounded, divisor methods).\n\n"
            + "Example:\n  " + HelpExample);
        foreach (var opt in new Option[] { input, output, group, unit, weight, totalCol, total, totals, min, max, method, tie, onTie, lots, thresholdShare, thresholdWeight, infeasible, audit, overwrite, workers, json })
        {
            cmd.Options.Add(opt);
        }

        cmd.SetAction(parse => CommandRunner.Run(() =>
        {
            ApportionmentMethod.TryParse(parse.GetValue(method), out var chosen);
            var outputPath = parse.GetValue(output)!;
            var summary = ApportionJob.Run(new ApportionOptions
            {
                InputPath = parse.GetValue(input)!,
                OutputPath = outputPath,
                Stdout = parse.InvocationConfiguration.Output,
                GroupColumn = parse.GetValue(group),
                UnitColumn = parse.GetValue(unit)!,
                WeightColumn = parse.GetValue(weight)!,
                TotalColumn = parse.GetValue(totalCol)!,
                Total = parse.GetValue(total),
                TotalsPath = parse.GetValue(totals),
                MinColumn = parse.GetValue(min),
                MaxColumn = parse.GetValue(max),
                Method = chosen,
                TieOrder = TieOrders[parse.GetValue(tie)!],
                OnTie = OnTie[parse.GetValue(onTie)!],
                LotsPath = parse.GetValue(lots),
                ThresholdShare = parse.GetValue(thresholdShare),
                ThresholdWeight = parse.GetValue(thresholdWeight),
                OnInfeasible = ApportionOptions.PolicyNames[parse.GetValue(infeasible)!],
                AuditPath = parse.GetValue(audit),
                Overwrite = parse.GetValue(overwrite),
                Workers = parse.GetValue(workers),
            });
            // With the table or the audit on standard output, the summary goes to standard error so it stays clean.
            (outputPath == "-" || parse.GetValue(audit) == "-" ? parse.InvocationConfiguration.Error : parse.InvocationConfiguration.Output).WriteLine(AllotJson.ToLine(summary));
            return 0;
        }, parse.InvocationConfiguration.Error));
        return cmd;
    }
}
