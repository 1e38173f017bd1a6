using System.CommandLine;

namespace Allot.Cli;

/// <summary>
/// One usage example per command, appended to its description so that <c>--help</c> shows it. Commands whose own
/// description already carries an example are left alone.
/// </summary>
public static class CommandExamples
{
    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["segment1b"] = "allot segment1b run --data-root root1b --seed 7 --manifest-fingerprint <F> --parameter-hash <H>",
        ["segment1b run"] = "allot segment1b run --data-root root1b --seed 7 --manifest-fingerprint <F> --parameter-hash <H> --workers 2",
        ["segment1b validate-s4"] = "allot segment1b validate-s4 --data-root root1b --seed 7 --manifest-fingerprint <F> --parameter-hash <H>",
        ["segment1b fixtures"] = "allot segment1b fixtures --data-root root1b --merchants 1000 --countries 30 --tiles-per-country 2000 --seed 7",
        ["segment1a"] = "allot segment1a s7 run --data-root root1a --seed 9248923 --parameter-hash p1 --manifest-fingerprint <64 hex>",
        ["segment1a s7"] = "allot segment1a s7 run --data-root root1a --seed 9248923 --parameter-hash p1 --manifest-fingerprint <64 hex>",
        ["segment1a s7 run"] = "allot segment1a s7 run --data-root root1a --seed 9248923 --parameter-hash p1 --manifest-fingerprint <64 hex> --workers 2",
        ["segment1a validate-s7"] = "allot segment1a validate-s7 --data-root root1a --seed 9248923 --parameter-hash p1 --manifest-fingerprint <64 hex>",
        ["segment1a replay-s7"] = "allot segment1a replay-s7 --data-root root1a --seed 9248923 --parameter-hash p1 --manifest-fingerprint <64 hex> --merchant-id 1000024",
        ["segment1a fixtures"] = "allot segment1a fixtures --data-root root1a --seed 9248923 --parameter-hash p1 --manifest-fingerprint <64 hex> --merchants 10000",
        ["cluster"] = "allot cluster silo --membership redis://10.0.0.5:6379 --data-root /mnt/allot",
        ["cluster silo"] = "allot cluster silo --membership redis://10.0.0.5:6379 --data-root /mnt/allot --workers 16",
        ["retail"] = "allot retail allocate --target-yyyymm 202509 --target-period A --input-dir samples/retail --output-dir output",
        ["retail allocate"] = "allot retail allocate --target-yyyymm 202509 --target-period A --input-dir samples/retail --output-dir output",
        ["retail validate"] = "allot retail validate --target-yyyymm 202509 --target-period A --output-dir output",
        ["retail diff"] = "allot retail diff output-baseline output-whatif --target-yyyymm 202509 --target-period A --html diff.html",
        ["retail fixtures"] = "allot retail fixtures --output-dir retail-input --stores 2000 --rows 20000",
    };

    /// <summary>Appends the examples to the commands under <paramref name="root"/>.</summary>
    public static void Apply(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Walk(root, string.Empty);
    }

    private static void Walk(Command command, string path)
    {
        foreach (var sub in command.Subcommands)
        {
            var subPath = path.Length == 0 ? sub.Name : $"{path} {sub.Name}";
            if (Examples.TryGetValue(subPath, out var example) && !(sub.Description ?? string.Empty).Contains("Example:", StringComparison.Ordinal))
            {
                sub.Description = $"{sub.Description}\n\nExample:\n  {example}";
            }

            Walk(sub, subPath);
        }
    }
}
