using System.CommandLine;
using Allot.Apportion;
using Allot.Core.Apportionment;
using Allot.Data.Json;

namespace Allot.Cli.Commands;

/// <summary><c>allot apportion</c>: the core kernel over CSV/Parquet.</summary>
public static class ApportionCommand
{
    private static readonly Dictionary<string, ApportionMethod> Methods = new(StringComparer.Ordinal)
    {
        ["hamilton"] = ApportionMethod.Hamilton,
        ["proportional"] = ApportionMethod.Proportional,
        ["seed-capped"] = ApportionMethod.SeedCapped,
        ["dhondt"] = ApportionMethod.DHondt,
        ["sainte-lague"] = ApportionMethod.SainteLague,
        ["huntington-hill"] = ApportionMethod.HuntingtonHill,
        ["adams"] = ApportionMethod.Adams,
        ["dean"] = ApportionMethod.Dean,
    };

    private static readonly Dictionary<string, TieOrderOption> TieOrders = new(StringComparer.Ordinal)
    {
        ["unit"] = TieOrderOption.Unit,
        ["unit-numeric"] = TieOrderOption.UnitNumeric,
        ["position"] = TieOrderOption.Position,
    };

    private static readonly Dictionary<string, InfeasiblePolicy> Policies = new(StringComparer.Ordinal)
    {
        ["fail"] = InfeasiblePolicy.Fail,
        ["flag"] = InfeasiblePolicy.Flag,
        ["relax"] = InfeasiblePolicy.RelaxCaps,
    };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "Input table: CSV (UTF-8, header row) or .parquet.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Output table: CSV, or Parquet when the name ends in .parquet.", Required = true };
        var group = new Option<string?>("--group-column") { Description = "Column that names each row's group (omit for a single group)." };
        var unit = new Option<string>("--unit-column") { Description = "Column with the unit key (unique within a group).", DefaultValueFactory = _ => "unit" };
        var weight = new Option<string>("--weight-column") { Description = "Column with the weight (exact decimal, ≥ 0).", DefaultValueFactory = _ => "weight" };
        var totalCol = new Option<string>("--total-column") { Description = "Column with the group total (same on every row of a group; also the totals file's column).", DefaultValueFactory = _ => "total" };
        var total = new Option<long?>("--total") { Description = "One total for every group (instead of a total column)." };
        var totals = new Option<string?>("--totals") { Description = "A table of totals per group: the group column and the total column." };
        var min = new Option<string?>("--min-column") { Description = "Column with per-unit minimums (bounded methods)." };
        var max = new Option<string?>("--max-column") { Description = "Column with per-unit caps (bounded methods); empty = no cap." };
        var method = new Option<string>("--method") { Description = "Apportionment method.", DefaultValueFactory = _ => "hamilton" };
        method.AcceptOnlyFromAmong([.. Methods.Keys]);
        var tie = new Option<string>("--tie-order") { Description = "Secondary tie order after the remainder: unit key (ordinal), unit key as a number, or input position.", DefaultValueFactory = _ => "unit" };
        tie.AcceptOnlyFromAmong([.. TieOrders.Keys]);
        var infeasible = new Option<string>("--on-infeasible") { Description = "When bounds cannot hold a total: fail, flag the residual, or relax caps one unit per pass by weight.", DefaultValueFactory = _ => "fail" };
        infeasible.AcceptOnlyFromAmong([.. Policies.Keys]);
        var audit = new Option<string?>("--audit") { Description = "Write the audit trail (exact quotas, remainders, ranks, ties, bounds) as JSON to this file." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing output files that differ (by default that is an error)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON line on stdout (always the case for this command; accepted for consistency)." };

        var cmd = new Command(
            "apportion",
            "Split integer totals over units by exact weights (largest remainder, bounded, divisor methods).\n\n"
            + "Example:\n  allot apportion --input samples/apportion/regions.csv --group-column region --output out/alloc.csv --audit out/audit.json");
        foreach (var opt in new Option[] { input, output, group, unit, weight, totalCol, total, totals, min, max, method, tie, infeasible, audit, overwrite, json })
        {
            cmd.Options.Add(opt);
        }

        cmd.SetAction(parse => CommandRunner.Run(() =>
        {
            var summary = ApportionJob.Run(new ApportionOptions
            {
                InputPath = parse.GetValue(input)!,
                OutputPath = parse.GetValue(output)!,
                GroupColumn = parse.GetValue(group),
                UnitColumn = parse.GetValue(unit)!,
                WeightColumn = parse.GetValue(weight)!,
                TotalColumn = parse.GetValue(totalCol)!,
                Total = parse.GetValue(total),
                TotalsPath = parse.GetValue(totals),
                MinColumn = parse.GetValue(min),
                MaxColumn = parse.GetValue(max),
                Method = Methods[parse.GetValue(method)!],
                TieOrder = TieOrders[parse.GetValue(tie)!],
                OnInfeasible = Policies[parse.GetValue(infeasible)!],
                AuditPath = parse.GetValue(audit),
                Overwrite = parse.GetValue(overwrite),
            });
            parse.InvocationConfiguration.Output.WriteLine(AllotJson.ToLine(summary));
            return 0;
        }, parse.InvocationConfiguration.Error));
        return cmd;
    }
}
