using System.CommandLine;
using System.Text.Json;
using Allot.Core.Errors;
using Allot.Data.Publishing;

namespace Allot.Cli.Commands;

/// <summary>
/// <c>allot gc</c>: lists and clears what killed runs left in a data root or an output folder — unfinished commit
/// journals (rolled forward, under their locks), temporary journals, staging and trash of processes that no longer
/// run. A live run's entries are never touched. Prints a one-line JSON summary. See <c>docs/publication.md</c>.
/// </summary>
public static class GcCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dataRoot = new Option<string[]>("--data-root") { Description = "A data root of S4/S7 runs (repeatable).", AllowMultipleArgumentsPerToken = false };
        var outputDir = new Option<string[]>("--output-dir") { Description = "A folder of retail or apportion outputs (repeatable)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list what would be done." };
        var cmd = new Command(
            "gc",
            "List and clear leftovers of killed runs: finish interrupted commits, remove dead runs' staging. Never touches a live run's files.\n\n"
            + "Example:\n  allot gc --data-root out/data --dry-run");
        cmd.Options.Add(dataRoot);
        cmd.Options.Add(outputDir);
        cmd.Options.Add(dryRun);
        cmd.SetAction(parse => CommandRunner.Run(() =>
        {
            var roots = (parse.GetValue(dataRoot) ?? []).Concat(parse.GetValue(outputDir) ?? []).ToList();
            if (roots.Count == 0)
            {
                throw new AllotException(new AllotError("E_USAGE", ErrorClass.Usage, "name at least one folder with --data-root or --output-dir."));
            }

            var dry = parse.GetValue(dryRun);
            var found = roots.SelectMany(r => Leftovers.Scan(r, dry)).ToList();
            var summary = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["status"] = "OK",
                ["dry_run"] = dry,
                ["roots"] = roots.Select(Path.GetFullPath).ToList(),
                ["completed"] = found.Count(f => f.Action.StartsWith("rolled forward", StringComparison.Ordinal)),
                ["removed"] = found.Count(f => f.Action == "removed" || f.Action.StartsWith("removed ", StringComparison.Ordinal)),
                ["left_alone"] = found.Count(f => f.Action.StartsWith("left alone", StringComparison.Ordinal)),
                ["leftovers"] = found,
            };
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(summary, CliJson.Options));
            return 0;
        }, parse.InvocationConfiguration.Error));
        return cmd;
    }
}
