using System.CommandLine;
using System.Text.Json;
using Allot.Cli.Progress;
using Allot.Core.Errors;
using Allot.Data.Json;
using Allot.Segment1A;
using Allot.Segment1A.Fixtures;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Reporting;
using Allot.Segment1A.Validation;

namespace Allot.Cli.Commands;

/// <summary>
/// <c>allot segment1a</c>: <c>s7 run</c> (Dirichlet allocation + integerisation), <c>validate-s7</c> (bit-for-bit
/// replay) and <c>fixtures</c> (a synthetic 1A data root). Each prints a JSON summary on stdout.
/// </summary>
public static class Segment1ACommands
{
    /// <summary>Builds the <c>segment1a</c> command tree.</summary>
    public static Command Create()
    {
        var segment = new Command("segment1a", "Segment 1A: S7 Dirichlet allocation across the country set, integerisation, RNG event logs.");
        segment.Subcommands.Add(CreateS7());
        segment.Subcommands.Add(CreateValidate());
        segment.Subcommands.Add(CreateReplay());
        segment.Subcommands.Add(CreateFixtures());
        return segment;
    }

    private static Command CreateS7()
    {
        var s7 = new Command("s7", "State S7 of segment 1A.");
        var run = new Command("run", "Sample Dirichlet weights per merchant, integerise outlet counts, write the residual cache and RNG event logs.");
        var common = new CommonOptions(run);
        var workers = new Option<int>("--workers") { Description = "Threads for sampling (outputs are byte-identical at any count).", DefaultValueFactory = _ => 1 }.AtLeastOne();
        run.Options.Add(workers);
        var compression = new Option<S7LogCompression>("--log-compression") { Description = "Event and trace logs as plain JSONL (none, the default) or zstd-compressed .jsonl.zst (zstd), which validate-s7, DuckDB and pandas read directly.", DefaultValueFactory = _ => S7LogCompression.None };
        run.Options.Add(compression);
        var cluster = new ClusterRunCliOptions(run, "Merchants");
        run.SetAction(parse => common.Run(parse, "S7_ERROR", () =>
        {
            var result = StepProgress.ForConsole(common.Quiet(parse), 1).Step(
                "segment1a: S7 run",
                () => RunS7(new S7RunOptions(common.Inputs(parse), parse.GetValue(workers), LogCompression: parse.GetValue(compression)), cluster, parse, common.Quiet(parse)),
                r => (r.Merchants, "merchants"));
            return AllotJson.ToLine(S7RunReport.From(result));
        }));
        s7.Subcommands.Add(run);
        return s7;
    }

    /// <summary>Local or cluster run; the hidden --shard-size applies to both so tests can compare them.</summary>
    private static S7RunResult RunS7(S7RunOptions options, ClusterRunCliOptions cluster, ParseResult parse, bool quiet)
    {
        if (cluster.For(parse, quiet) is { } o)
        {
            if (options.LogCompression != S7LogCompression.None)
            {
                throw new AllotException(new AllotError(CommandRunner.UsageCode, ErrorClass.Usage, "--log-compression zstd is for local runs (a cluster assembles plain JSONL parts)."));
            }

            return Allot.Cluster.ClusterRuns.RunS7(options, o);
        }

        var progress = LiveProgress.ForConsole(quiet);
        return cluster.CheckedShardSize(parse) is { } size
            ? S7Runner.RunSharded(options, size, new LocalS7ShardExecutor(options.Workers, options.LogCompression, progress), execution: null)
            : S7Runner.Run(options, progress);
    }

    private static Command CreateValidate()
    {
        var cmd = new Command("validate-s7", "Replay every merchant from the RNG and the inputs; require the cache and the events to match bit for bit.");
        var common = new CommonOptions(cmd);
        var runId = new Option<string?>("--run-id") { Description = "The S7 run whose logs to check (default: the only one)." };
        cmd.Options.Add(runId);
        var workers = new Option<int>("--workers") { Description = "Threads replaying and comparing merchants (0: one per processor; the verdict is the same at any count).", DefaultValueFactory = _ => 0 };
        cmd.Options.Add(workers);
        cmd.SetAction(parse => common.Run(parse, "S7_VALIDATION_ERROR", () =>
        {
            var w = parse.GetValue(workers);
            if (w < 0)
            {
                throw new AllotException(new AllotError(CommandRunner.UsageCode, ErrorClass.Usage, $"--workers must be ≥ 0 (got {w})."));
            }

            return AllotJson.ToLine(StepProgress.ForConsole(common.Quiet(parse), 1).Step(
                "segment1a: validate-s7 (replay every merchant)",
                () => S7Validator.Validate(new S7ValidationOptions(common.Inputs(parse), parse.GetValue(runId), w), LiveProgress.ForConsole(common.Quiet(parse))),
                r => (r.Merchants, "merchants")));
        }));
        return cmd;
    }

    private static Command CreateReplay()
    {
        var cmd = new Command("replay-s7", "Replay one merchant's draws from the RNG and the inputs and compare them with its logged events.");
        var common = new CommonOptions(cmd);
        var merchant = new Option<long>("--merchant-id") { Description = "The merchant to replay.", Required = true };
        var runId = new Option<string?>("--run-id") { Description = "The S7 run whose events to compare with (default: the latest)." };
        cmd.Options.Add(merchant);
        cmd.Options.Add(runId);
        cmd.SetAction(parse => CommandRunner.Run(() =>
        {
            var replay = S7MerchantReplay.Replay(common.Inputs(parse), parse.GetValue(merchant), parse.GetValue(runId));
            parse.InvocationConfiguration.Output.WriteLine(AllotJson.ToLine(replay));
            return replay.MatchesEvents == false ? (int)ErrorClass.Validation : 0;
        }, parse.InvocationConfiguration.Error));
        return cmd;
    }

    private static Command CreateFixtures()
    {
        var cmd = new Command("fixtures", "Write a consistent synthetic 1A data root (country sets, merchants, nb_final events, hyperparameters).");
        var dataRoot = new Option<string>("--data-root") { Description = "Where to write.", Required = true };
        var seed = new Option<string>("--seed") { Description = "u64 seed the inputs are stamped with.", Required = true };
        var parameterHash = new Option<string>("--parameter-hash") { Description = "Parameter hash (path token).", Required = true };
        var fingerprint = new Option<string>("--manifest-fingerprint") { Description = "64 lowercase hex.", Required = true };
        var count = new Option<int>("--merchants") { Description = "Number of merchants.", DefaultValueFactory = _ => 1000 };
        var domestic = new Option<double>("--domestic-share") { Description = "Share of domestic-only merchants.", DefaultValueFactory = _ => 0.6 };
        var maxCountries = new Option<int>("--max-countries") { Description = "Largest country set.", DefaultValueFactory = _ => 20 };
        foreach (var o in new Option[] { dataRoot, seed, parameterHash, fingerprint, count, domestic, maxCountries, JsonOption.Create() })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(parse => CommandRunner.Run(() =>
        {
            var lineage = S7Lineage.Parse(parse.GetValue(seed)!, parse.GetValue(parameterHash)!, parse.GetValue(fingerprint)!);
            var options = new S7FixtureOptions(parse.GetValue(dataRoot)!, lineage, parse.GetValue(count), parse.GetValue(domestic), parse.GetValue(maxCountries));
            var rows = S7FixtureGenerator.Write(options);
            parse.InvocationConfiguration.Output.WriteLine(AllotJson.ToLine(new Dictionary<string, object>
            {
                ["status"] = RunStatus.Ok,
                ["data_root"] = Path.GetFullPath(options.DataRoot),
                ["merchants"] = options.Merchants,
                ["country_set_rows"] = rows,
                ["nb_run_id"] = options.NbRunId,
            }));
            return 0;
        }, parse.InvocationConfiguration.Error));
        return cmd;
    }

    private sealed class CommonOptions
    {
        private readonly Option<string> _dataRoot = new Option<string>("--data-root") { Description = "The data root.", Required = true }.MustExist();
        private readonly Option<string> _seed = new("--seed") { Description = "u64 seed.", Required = true };
        private readonly Option<string> _parameterHash = new("--parameter-hash") { Description = "Parameter hash.", Required = true };
        private readonly Option<string> _fingerprint = new("--manifest-fingerprint") { Description = "Manifest fingerprint (64 lowercase hex).", Required = true };
        private readonly Option<string?> _nbRunId = new("--nb-run-id") { Description = "The nb_final run to read (required when several exist)." };
        private readonly Option<string?> _hyperparams = new("--hyperparams") { Description = "Cross-border hyperparameters YAML (default: the dictionary's path under the data root)." };
        private readonly Option<string?> _merchants = new("--merchants") { Description = "Merchant attributes Parquet file or folder (default: the dictionary's path)." };
        private readonly Option<string?> _dictionary = new("--dictionary") { Description = "Dataset dictionary YAML (default: the embedded contracts/dataset_dictionary/layer1.1A.yaml)." };
        private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "No progress lines on stderr (they are also off when stderr is redirected)." };
        private readonly Option<bool> _json = JsonOption.Create();

        public CommonOptions(Command command)
        {
            foreach (var o in new Option[] { _dataRoot, _seed, _parameterHash, _fingerprint, _nbRunId, _hyperparams, _merchants, _dictionary, _quiet, _json })
            {
                command.Options.Add(o);
            }
        }

        public bool Quiet(ParseResult parse) => parse.GetValue(_quiet);

        /// <summary>Runs a command body that returns its one-line JSON summary; an error also prints its JSON record on stderr.</summary>
        public int Run(ParseResult parse, string eventName, Func<string> body) => CommandRunner.Run(
            () =>
            {
                try
                {
                    parse.InvocationConfiguration.Output.WriteLine(body());
                    return 0;
                }
                catch (AllotException ex)
                {
                    parse.InvocationConfiguration.Error.WriteLine(S7ErrorRecord.ToLine(ex.Error, parse.GetValue(_seed), parse.GetValue(_parameterHash), parse.GetValue(_fingerprint), DateTimeOffset.UtcNow, eventName));
                    throw;
                }
            },
            parse.InvocationConfiguration.Error);

        public S7InputOptions Inputs(ParseResult parse) => new(
            parse.GetValue(_dataRoot)!,
            S7Lineage.Parse(parse.GetValue(_seed)!, parse.GetValue(_parameterHash)!, parse.GetValue(_fingerprint)!),
            parse.GetValue(_nbRunId),
            parse.GetValue(_hyperparams),
            parse.GetValue(_merchants),
            parse.GetValue(_dictionary));
    }
}
