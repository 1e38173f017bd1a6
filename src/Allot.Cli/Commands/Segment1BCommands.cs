using System.CommandLine;
using System.Text.Json.Nodes;
using Allot.Cli.Progress;
using Allot.Core.Errors;
using Allot.Data.Json;
using Allot.Segment1B;
using Allot.Segment1B.Fixtures;
using Allot.Segment1B.Reporting;
using Allot.Segment1B.Validation;

namespace Allot.Cli.Commands;

/// <summary><c>allot segment1b run | validate-s4 | fixtures</c>: Segment 1B's S0 gate and S4 tile allocation plan.</summary>
public static class Segment1BCommands
{
    /// <summary>Builds the <c>segment1b</c> command group.</summary>
    public static Command Create()
    {
        var group = new Command("segment1b", "Segment 1B: S0 gate (verify the 1A validation bundle) and S4 tile allocation plan (split each merchant×country n_sites over tiles by fixed-decimal weights).");
        group.Subcommands.Add(RunCommand());
        group.Subcommands.Add(ValidateCommand());
        group.Subcommands.Add(FixturesCommand());
        return group;
    }

    private static Command RunCommand()
    {
        var cmd = new Command("run", "Run S0 then S4: write the s4_alloc_plan partition (write-once) and its run report; prints a JSON summary. See docs/segment1b-s4.md.");
        var o = new IdentityOptions(cmd);
        var skip = new Option<bool>("--skip-s0") { Description = "Do not re-verify the 1A bundle; use the existing S0 gate receipt (it must exist)." };
        var bundle = new Option<string?>("--validation-bundle") { Description = "1A validation bundle folder (default: the dictionary's validation_bundle_1A path)." };
        var workers = new Option<int>("--workers") { Description = "Worker threads for the allocation (default: processor count). Never changes a byte of output.", DefaultValueFactory = _ => Environment.ProcessorCount }.AtLeastOne();
        cmd.Options.Add(skip);
        cmd.Options.Add(bundle);
        cmd.Options.Add(workers);
        var cluster = new ClusterRunCliOptions(cmd, "Requirement pairs");
        cmd.SetAction(p => RunWithRecord(p, o, "S4_ERROR", layoutBundle: p.GetValue(bundle), body: layout =>
        {
            if (AllotCli.OwnsProcess)
            {
                // S4 reads, sorts and writes mostly large arrays once: measured to gain (retail did not, so it is not
                // set process-wide).
                Allot.Data.Diagnostics.OnePassProcess.Start();
            }

            var result = StepProgress.ForConsole(p.GetValue(o.Quiet), 1).Step(
                "segment1b: S0 gate + S4 plan",
                () => RunS4(layout, p.GetValue(workers), p.GetValue(skip), cluster, p, p.GetValue(o.Quiet)),
                r => (r.Report.RowsEmitted, "plan rows"));
            return AllotJson.ToLine(S4RunSummary.From(layout, result));
        }));
        return cmd;
    }

    /// <summary>Local or cluster run; the hidden --shard-size applies to both so tests can compare them.</summary>
    private static S4RunResult RunS4(Segment1BLayout layout, int workers, bool skipS0, ClusterRunCliOptions cluster, ParseResult p, bool quiet)
    {
        if (cluster.For(p, quiet) is { } options)
        {
            return Allot.Cluster.ClusterRuns.RunS4(layout, workers, skipS0, options);
        }

        if (cluster.CheckedShardSize(p) is { } size)
        {
            var local = new Allot.Segment1B.Allocation.LocalS4ShardExecutor(workers);
            return S4Runner.RunSharded(layout, workers, skipS0, 1 << 20, size, local, () => local.WorkersUsed, execution: null);
        }

        return S4Runner.Run(layout, workers, skipS0, progress: LiveProgress.ForConsole(quiet));
    }

    private static Command ValidateCommand()
    {
        var cmd = new Command("validate-s4", "Recompute the S4 plan from its inputs and require exact equality; check schema, sort, PK, tie rule, coverage, run report and determinism receipt. Prints a JSON summary.");
        var o = new IdentityOptions(cmd);
        cmd.SetAction(p => RunWithRecord(p, o, "S4_VALIDATION_ERROR", layoutBundle: null, body: layout =>
            AllotJson.ToLine(StepProgress.ForConsole(p.GetValue(o.Quiet), 1).Step("segment1b: validate-s4 (recompute and compare)", () => S4Validator.Validate(layout, LiveProgress.ForConsole(p.GetValue(o.Quiet)))))));
        return cmd;
    }

    private static Command FixturesCommand()
    {
        var cmd = new Command("fixtures", "Write a consistent synthetic Segment 1B data root (ISO table, tile index, weights summing to exactly 10^dp, S3 requirements, a valid 1A bundle) at any scale; prints the tokens to run it with.");
        var root = new Option<string>("--data-root") { Description = "Folder to create the data root in.", Required = true };
        var merchants = new Option<int>("--merchants") { Description = "Number of merchants.", DefaultValueFactory = _ => 100 };
        var countries = new Option<int>("--countries") { Description = "Number of countries (1..676).", DefaultValueFactory = _ => 20 };
        var tiles = new Option<int>("--tiles-per-country") { Description = "Mean tiles per country (counts are skewed: some countries are many times larger).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Fixture seed (also the run's seed token); same seed and shape ⇒ identical root.", DefaultValueFactory = _ => 1 };
        var dp = new Option<int>("--dp") { Description = "Decimal places of weight_fp (1..18).", DefaultValueFactory = _ => 9 };
        var maxCountries = new Option<int>("--max-countries-per-merchant") { Description = "Upper bound of legal countries per merchant.", DefaultValueFactory = _ => 12 };
        var dictionary = new Option<string?>("--dictionary") { Description = "Dataset dictionary YAML to lay the root out by (default: embedded)." };
        foreach (var opt in new Option[] { root, merchants, countries, tiles, seed, dp, maxCountries, dictionary, JsonOption.Create() })
        {
            cmd.Options.Add(opt);
        }

        cmd.SetAction(p => CommandRunner.Run(() =>
        {
            var options = new FixtureOptions(p.GetValue(merchants), p.GetValue(countries), p.GetValue(tiles), p.GetValue(seed), p.GetValue(dp), p.GetValue(maxCountries));
            var dataRoot = p.GetValue(root)!;
            var id = FixtureGenerator.Generate(dataRoot, options, p.GetValue(dictionary));
            p.InvocationConfiguration.Output.WriteLine(AllotJson.ToLine(new JsonObject
            {
                ["status"] = RunStatus.Ok,
                ["data_root"] = Path.GetFullPath(dataRoot),
                ["seed"] = id.Seed,
                ["manifest_fingerprint"] = id.ManifestFingerprint,
                ["parameter_hash"] = id.ParameterHash,
                ["next"] = Next(dataRoot, id, p.GetValue(dictionary)),
            }));
            return 0;
        }, p.InvocationConfiguration.Error));
        return cmd;
    }

    /// <summary>The run command for a fixture root, ready to paste: quoted words, and the dictionary it was laid out by.</summary>
    private static string Next(string dataRoot, Segment1BIdentity id, string? dictionary)
    {
        string[] words = ["allot", "segment1b", "run", "--data-root", dataRoot, "--seed", id.Seed, "--manifest-fingerprint", id.ManifestFingerprint, "--parameter-hash", id.ParameterHash];
        return ShellWords.Join(dictionary is null ? words : [.. words, "--dictionary", dictionary]);
    }

    private static int RunWithRecord(ParseResult p, IdentityOptions o, string eventName, string? layoutBundle, Func<Segment1BLayout, string> body)
    {
        var seed = p.GetValue(o.Seed);
        var fingerprint = p.GetValue(o.Fingerprint);
        var parameterHash = p.GetValue(o.ParameterHash);
        return CommandRunner.Run(() =>
        {
            try
            {
                var layout = new Segment1BLayout(p.GetValue(o.DataRoot)!, new Segment1BIdentity(seed!, fingerprint!, parameterHash!), p.GetValue(o.Dictionary), layoutBundle);
                p.InvocationConfiguration.Output.WriteLine(body(layout));
                return 0;
            }
            catch (AllotException ex)
            {
                p.InvocationConfiguration.Error.WriteLine(S4ErrorRecord.ToLine(ex.Error, seed, fingerprint, parameterHash, DateTimeOffset.UtcNow, eventName));
                throw;
            }
        }, p.InvocationConfiguration.Error);
    }

    private sealed class IdentityOptions
    {
        public IdentityOptions(Command cmd)
        {
            foreach (var opt in new Option[] { DataRoot, ParameterHash, Fingerprint, Seed, Dictionary, Quiet, Json })
            {
                cmd.Options.Add(opt);
            }
        }

        public Option<string> DataRoot { get; } = new Option<string>("--data-root") { Description = "The data root all dictionary paths are relative to.", Required = true }.MustExist();

        public Option<string> ParameterHash { get; } = new("--parameter-hash") { Description = "parameter_hash token (a safe path segment).", Required = true };

        public Option<string> Fingerprint { get; } = new("--manifest-fingerprint") { Description = "manifest_fingerprint token.", Required = true };

        public Option<string> Seed { get; } = new("--seed") { Description = "seed token.", Required = true };

        public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No progress lines on stderr (they are also off when stderr is redirected)." };

        public Option<bool> Json { get; } = JsonOption.Create();

        public Option<string?> Dictionary { get; } = new("--dictionary") { Description = "Dataset dictionary YAML (Allot's format or the original engine's id-keyed one) to use instead of the embedded contracts/dataset_dictionary/layer1.1B.yaml, or a built-in name: default, interop-sample." };
    }
}
