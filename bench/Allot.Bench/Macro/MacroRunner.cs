namespace Allot.Bench.Macro;

/// <summary>
/// End-to-end scenarios, timed with a stopwatch and peak RSS. Each scenario registers itself in
/// <see cref="Scenarios"/> by name.
/// </summary>
public static class MacroRunner
{
    /// <summary>Scenario name → runner (receives the remaining arguments, returns an exit code).</summary>
    public static readonly Dictionary<string, Func<string[], int>> Scenarios = new(StringComparer.Ordinal)
    {
        ["s7"] = Segment1A.S7MacroScenario.Run,
        ["segment1b-scaling"] = Segment1B.Segment1BScalingScenario.Run,
        ["segment1b-reference"] = Segment1B.Segment1BReferenceScenario.Run,
        ["segment1b-vs-duckdb"] = Segment1B.Segment1BDuckDbSideBySide.Run,
        ["segment1b-duckdb-child"] = Segment1B.Segment1BDuckDbSideBySide.Child,
        ["segment1b-allot-child"] = Segment1B.Segment1BDuckDbSideBySide.AllotChild,
        ["retail"] = Retail.RetailEndToEndScenario.Run,
        ["retail-child"] = Retail.RetailEndToEndScenario.Child,
        ["retail-duckdb-child"] = Retail.DuckDbPickListReference.Child,
        ["retail-phases"] = Retail.RetailPhaseSplit.Run,
        ["parquet-readers"] = DataPlane.ParquetReaderComparison.Run,
        ["apportion-duckdb"] = Apportion.ApportionReference.Run,
    };

    public static int Run(string[] args)
    {
        if (args.Length == 0 || !Scenarios.TryGetValue(args[0], out var scenario))
        {
            Console.Error.WriteLine($"usage: macro <scenario> [args]; scenarios: {string.Join(", ", Scenarios.Keys.Order(StringComparer.Ordinal))}");
            return 2;
        }

        return scenario(args[1..]);
    }
}
