using System.CommandLine;
using Allot.Core.Errors;
using Allot.Data.Json;
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

        // Its summary is always one JSON line; --json was refused (E_USAGE) although every other command takes it.
        cmd.Options.Add(JsonOption.Create());
        cmd.SetAction(parse => CommandRunner.Run(() =>
        {
            var roots = (parse.GetValue(dataRoot) ?? []).Concat(parse.GetValue(outputDir) ?? []).ToList();
            if (roots.Count == 0)
            {
                throw new AllotException(new AllotError("E_USAGE", ErrorClass.Usage, "name at least one folder with --data-root or --output-dir."));
            }

            // Every folder is checked before any is cleaned: a typo in the second must not leave the first done and
            // the run reported as failed for the environment (it was E_IO_PUBLISH, exit 74).
            if (roots.FirstOrDefault(r => !Directory.Exists(r)) is { } missing)
            {
                throw new AllotException(new AllotError("E_USAGE", ErrorClass.Usage, $"the folder '{Path.GetFullPath(missing)}' {(File.Exists(missing) ? "is a file; gc takes the folder a run wrote into" : "does not exist")}; nothing was cleaned."));
            }

            var dry = parse.GetValue(dryRun);
            var found = roots.SelectMany(r => Leftovers.Scan(r, dry)).ToList();

            // A folder left unclean is a failure (a summary with "status": "ok" let `allot gc && …` go on).
            var stuck = found.Where(f => f.Action == Leftovers.CouldNotRemove).Select(f => f.Path).ToList();
            if (stuck.Count > 0)
            {
                throw PublishCodes.Fail(
                    PublishCodes.Io,
                    $"{stuck.Count} leftover(s) of dead runs could not be removed (a read-only folder, or permissions): {string.Join(", ", stuck)}; the rest was done ({found.Count(f => f.Action.StartsWith("rolled forward", StringComparison.Ordinal))} commit(s) completed, {found.Count(f => f.Action.StartsWith("removed", StringComparison.Ordinal))} leftover(s) removed). Make the folder writable and run gc again.",
                    stuck[0]);
            }

            var summary = new GcSummary
            {
                DryRun = dry,
                Roots = [.. roots.Select(Path.GetFullPath)],
                Completed = found.Count(f => f.Action.StartsWith("rolled forward", StringComparison.Ordinal)),
                Removed = found.Count(f => f.Action.StartsWith("removed", StringComparison.Ordinal)),
                LeftAlone = found.Count(f => f.Action.StartsWith("left alone", StringComparison.Ordinal)),
                Leftovers = found,
            };
            parse.InvocationConfiguration.Output.WriteLine(AllotJson.ToLine(summary));
            return 0;
        }, parse.InvocationConfiguration.Error));
        return cmd;
    }
}

/// <summary>What <c>allot gc</c> found and did (printed as one JSON line).</summary>
public sealed record GcSummary
{
    /// <summary><see cref="RunStatus.Ok"/>.</summary>
    public string Status { get; init; } = RunStatus.Ok;

    /// <summary>Whether nothing was changed.</summary>
    public required bool DryRun { get; init; }

    /// <summary>The folders scanned.</summary>
    public required IReadOnlyList<string> Roots { get; init; }

    /// <summary>Unfinished journals rolled forward.</summary>
    public required int Completed { get; init; }

    /// <summary>Leftovers removed.</summary>
    public required int Removed { get; init; }

    /// <summary>Entries of live runs, left alone.</summary>
    public required int LeftAlone { get; init; }

    /// <summary>Everything found, with the action taken.</summary>
    public required IReadOnlyList<Leftover> Leftovers { get; init; }
}
