using System.Collections.Frozen;
using System.Text;

namespace Allot.Core.Errors;

/// <summary>
/// Every error code of the product, once, with its class (and so its exit code), its owning system and a one-line
/// meaning. The systems' constant classes (<c>S4Codes</c>, <c>S7Errors</c>, <c>ApportionJobErrors</c>, …) are typed
/// names for these strings and take the class from here; <c>docs/exit-codes.md</c> is generated from this list and
/// each system's error table is tested against it.
/// </summary>
public static class ErrorCatalogue
{
    /// <summary>System names (the owner of a code).</summary>
    public static class Systems
    {
        /// <summary>The CLI itself (parsing, I/O failures, demo).</summary>
        public const string Cli = "cli";

        /// <summary>The apportionment kernel (<c>Allot.Core</c>).</summary>
        public const string Core = "core";

        /// <summary>The data plane (<c>Allot.Data</c>: CSV, tables, dictionary, path tokens).</summary>
        public const string Data = "data";

        /// <summary><c>allot apportion</c>.</summary>
        public const string Apportion = "apportion";

        /// <summary>Segment 1B S0/S4.</summary>
        public const string Segment1B = "segment1b";

        /// <summary>Segment 1A S7.</summary>
        public const string Segment1A = "segment1a";

        /// <summary>Retail Step 32.</summary>
        public const string Retail = "retail";

        /// <summary>Scale-out of S4/S7 (<c>Allot.Cluster</c>).</summary>
        public const string Cluster = "cluster";
    }

    private static readonly CatalogueEntry[] Entries =
    [
        // CLI
        new("E_USAGE", ErrorClass.Usage, Systems.Cli, "the command line is wrong: unknown option, missing or malformed value"),
        new("E_DEMO_FOLDER_NOT_EMPTY", ErrorClass.Usage, Systems.Cli, "`allot demo --output` is a non-empty folder that is not a previous demo folder"),
        new("E_DEMO_TOO_LARGE", ErrorClass.Usage, Systems.Cli, "`allot demo --scale` would write more than the output folder's file system has free"),
        new("E_INTERNAL", ErrorClass.Internal, Systems.Cli, "an unexpected exception: a bug in allot (the message names the exception; please report it)"),
        new("E_IO", ErrorClass.Io, Systems.Cli, "the environment failed: an I/O error, permission denied, disk full, a path blocked by a file"),

        // Kernel
        new("E_NEGATIVE_WEIGHT", ErrorClass.Input, Systems.Core, "a weight is below zero"),
        new("E_NONFINITE_WEIGHT", ErrorClass.Input, Systems.Core, "a weight is NaN or infinite"),
        new("E_ALL_ZERO_WEIGHTS", ErrorClass.Input, Systems.Core, "every weight is 0 but the total is positive"),
        new("E_NEGATIVE_TOTAL", ErrorClass.Input, Systems.Core, "the total is negative"),
        new("E_INVALID_BOUNDS", ErrorClass.Input, Systems.Core, "a lower bound is negative or above its upper bound, or the bound arrays have the wrong length"),
        new("E_INFEASIBLE_BOUNDS", ErrorClass.Input, Systems.Core, "under the fail policy, the bounds cannot hold the total"),
        new("E_LENGTH_MISMATCH", ErrorClass.Input, Systems.Core, "spans that describe the same units have different lengths"),
        new("E_OVERFLOW", ErrorClass.Input, Systems.Core, "an intermediate value does not fit the result type (never wrapped)"),
        new("E_DUPLICATE_UNIT", ErrorClass.Input, Systems.Core, "a unit key appears twice in a group (a table group, or the keyed API's pairs)"),
        new("E_TIE_REQUIRES_LOTS", ErrorClass.Input, Systems.Core, "units tie at the cutoff and the tie policy is fail, or the drawn order misses a tied unit: drawing of lots required"),
        new("E_INVALID_LOTS", ErrorClass.Input, Systems.Core, "the drawn order names a unit that does not exist, or names one twice"),
        new("E_INVALID_DIVISORS", ErrorClass.Input, Systems.Core, "a divisor sequence is empty, not strictly increasing, negative, or has a zero after the first entry"),
        new("E_DIVISOR_SEQUENCE_TOO_SHORT", ErrorClass.Input, Systems.Core, "a divisor sequence has fewer divisors than the total"),
        new("E_TOTAL_TOO_LARGE", ErrorClass.Input, Systems.Core, "the quota method was asked for more than 10⁹ seats (it hands them out one at a time)"),
        new("E_INVALID_THRESHOLD", ErrorClass.Input, Systems.Core, "an electoral threshold share is outside [0, 1], or an absolute threshold is negative"),
        new("E_NO_UNIT_ABOVE_THRESHOLD", ErrorClass.Input, Systems.Core, "the total is positive but no unit reaches the threshold"),

        // Data plane
        new("E_CSV_UNREADABLE", ErrorClass.Input, Systems.Data, "a CSV file does not exist or cannot be opened"),
        new("E_CSV_ENCODING", ErrorClass.Input, Systems.Data, "a CSV file has a byte sequence that is not valid UTF-8 (file and row named)"),
        new("E_CSV_ROW_SHAPE", ErrorClass.Input, Systems.Data, "a CSV row has fewer or more fields than the header (row named)"),
        new("E_CSV_MALFORMED", ErrorClass.Input, Systems.Data, "a CSV file is empty, or a row has a quote left open or text after a closing quote"),
        new("E_TABLE_UNREADABLE", ErrorClass.Input, Systems.Data, "a table file is missing or not a readable CSV/Parquet, or a column name appears twice"),
        new("E_MISSING_COLUMN", ErrorClass.Input, Systems.Data, "a required column is absent from a table"),
        new("E_DICTIONARY_INVALID", ErrorClass.Input, Systems.Data, "the dataset dictionary is missing, not YAML, or lacks a dataset the command needs"),
        new("E_TOKEN_INVALID", ErrorClass.Input, Systems.Data, "a path token (seed, fingerprint, parameter hash, run id) is not a safe path segment"),

        // Data plane: publication (strings identical to Allot.Data.Publishing.PublishCodes)
        new("E_OUTPUT_IS_INPUT", ErrorClass.Usage, Systems.Data, "an output path is an input of the run, or two outputs of one run are the same path"),
        new("E_PUBLISH_BUSY", ErrorClass.Conflict, Systems.Data, "another live process held the publication lock of the target longer than the wait allows"),
        new("E_HALF_PUBLISHED", ErrorClass.Validation, Systems.Data, "a validator found an output set whose commit was interrupted (its journal is still there)"),
        new("E_UNEXPECTED_ENTRY", ErrorClass.Validation, Systems.Data, "a published folder holds an entry its producer never writes"),
        new("E_IO_PUBLISH", ErrorClass.Io, Systems.Data, "the output set could not be staged or committed (disk full, read-only folder, permissions), or an output path is taken by a folder where a file goes (or the reverse), or names a named pipe, a device or a socket"),

        // apportion
        new("E_BAD_NUMBER", ErrorClass.Input, Systems.Apportion, "a weight is not a decimal number, or a unit key is empty"),
        new("E_TOTAL_NOT_INTEGER", ErrorClass.Input, Systems.Apportion, "a total is fractional or negative"),
        new("E_TOTAL_INCONSISTENT", ErrorClass.Input, Systems.Apportion, "rows of one group carry different totals, or a group appears twice in the totals file"),
        new("E_TOTAL_MISSING", ErrorClass.Input, Systems.Apportion, "a group has no total"),
        new("E_TOTAL_WITHOUT_UNITS", ErrorClass.Input, Systems.Apportion, "a positive total has no units to go to (a totals-file group absent from the input, or --total with an input without rows)"),
        new("E_BAD_BOUND", ErrorClass.Input, Systems.Apportion, "a min/max cell is not a whole number ≥ 0 (3), or bounds were given to a method without bounds (2)") { AlsoClass = ErrorClass.Usage },
        new("E_BAD_OPTIONS", ErrorClass.Usage, Systems.Apportion, "options contradict each other (2), or unit-numeric tie order with non-numeric keys (3)") { AlsoClass = ErrorClass.Input },
        new("E_OUTPUT_CONFLICT", ErrorClass.Conflict, Systems.Apportion, "the output exists with different content and --overwrite was not given"),

        // Segment 1B S0/S4
        new("E301_NO_PASS_FLAG", ErrorClass.Input, Systems.Segment1B, "the 1A validation bundle folder or its _passed.flag is missing"),
        new("E_INDEX_MISSING", ErrorClass.Input, Systems.Segment1B, "the 1A bundle has no index.json"),
        new("E_INDEX_INVALID", ErrorClass.Input, Systems.Segment1B, "index.json is not a valid index of the bundle"),
        new("E_FLAG_FORMAT_INVALID", ErrorClass.Input, Systems.Segment1B, "_passed.flag is not one line `sha256_hex = <64 lowercase hex>`"),
        new("E_FLAG_HASH_MISMATCH", ErrorClass.Input, Systems.Segment1B, "the indexed files do not hash to the flag's value"),
        new("E_RECEIPT_CONFLICT", ErrorClass.Conflict, Systems.Segment1B, "a gate receipt exists with different content (timestamp aside)"),
        new("E_GATE_RECEIPT_MISSING", ErrorClass.Input, Systems.Segment1B, "no valid gate receipt for this fingerprint, or one for another _passed.flag (run --skip-s0: 3; validate-s4: 4)") { AlsoClass = ErrorClass.Validation },
        new("E401_REQUIREMENTS_MISSING", ErrorClass.Input, Systems.Segment1B, "the s3_requirements partition is missing or empty"),
        new("E402_WEIGHTS_MISSING", ErrorClass.Input, Systems.Segment1B, "weights missing, dp invalid, a required country without weights, or weights not summing to 10^dp"),
        new("E403_SHORTFALL_MISMATCH", ErrorClass.Validation, Systems.Segment1B, "plan rows do not sum to n_sites, or a count no shortfall could produce"),
        new("E404_TIE_BREAK", ErrorClass.Validation, Systems.Segment1B, "the +1 increments break 'remainder descending, then tile_id ascending'"),
        new("E405_SCHEMA_INVALID", ErrorClass.Input, Systems.Segment1B, "a column set, type or value domain is wrong (input: 3; plan, in validate-s4: 4)") { AlsoClass = ErrorClass.Validation },
        new("E406_SORT_INVALID", ErrorClass.Validation, Systems.Segment1B, "plan rows are not sorted by (merchant_id, legal_country_iso, tile_id)"),
        new("E407_PK_DUPLICATE", ErrorClass.Input, Systems.Segment1B, "a duplicate primary key (input: 3; plan: 4)") { AlsoClass = ErrorClass.Validation },
        new("E408_COVERAGE_MISSING", ErrorClass.Input, Systems.Segment1B, "reference data missing, or a tile/country not covered (input: 3; plan: 4)") { AlsoClass = ErrorClass.Validation },
        new("E409_DETERMINISM", ErrorClass.Validation, Systems.Segment1B, "the run report is missing/invalid/incomplete, or a counter or the receipt does not match"),
        new("E410_TOKEN_MISMATCH", ErrorClass.Input, Systems.Segment1B, "a token disagrees with a value embedded in the data, or is not a safe path segment (input: 3; report: 4)") { AlsoClass = ErrorClass.Validation },
        new("E411_IMMUTABLE_CONFLICT", ErrorClass.Conflict, Systems.Segment1B, "the plan partition exists with different bytes"),
        new("E_FIXTURE_OPTIONS", ErrorClass.Usage, Systems.Segment1B, "`segment1b fixtures` or `segment1a fixtures` options are out of range"),
        new("E_FIXTURE_EXISTS", ErrorClass.Conflict, Systems.Segment1B, "the fixture root already holds different data at these tokens"),

        // Segment 1A S7
        new("E_SCHEMA_INVALID", ErrorClass.Input, Systems.Segment1A, "an input or token breaks its schema (column, type, ISO, rank sequence, YAML)"),
        new("E_PATH_EMBED_MISMATCH", ErrorClass.Input, Systems.Segment1A, "a lineage value embedded in a row or event differs from the path or the run"),
        new("E_UPSTREAM_MISSING", ErrorClass.Input, Systems.Segment1A, "a required upstream dataset, partition, run or row is missing or ambiguous"),
        new("E_DIRICHLET_SHAPE", ErrorClass.Input, Systems.Segment1A, "an α vector's length differs from the merchant's country count"),
        new("E_DIRICHLET_NONPOS", ErrorClass.Input, Systems.Segment1A, "an α component or τ is not a finite number > 0"),
        new("E_DIRICHLET_SUM", ErrorClass.Input, Systems.Segment1A, "every gamma of a merchant underflowed to 0"),
        new("INTEGER_SUM_MISMATCH", ErrorClass.Validation, Systems.Segment1A, "the integer counts cannot or do not sum to N"),
        new("E_BOUND_VIOLATION", ErrorClass.Validation, Systems.Segment1A, "some |n_i − N·w_i| exceeds 1"),
        new("E_RESIDUAL_QUANTISATION", ErrorClass.Validation, Systems.Segment1A, "a residual is not a valid 8-dp value in [0, 1)"),
        new("E_RNG_ENVELOPE", ErrorClass.Validation, Systems.Segment1A, "an RNG event envelope is malformed or its counters are wrong"),
        new("RNG_ACCOUNTING_FAIL", ErrorClass.Validation, Systems.Segment1A, "draw, block or event accounting does not add up"),
        new("E_REPLAY_MISMATCH", ErrorClass.Validation, Systems.Segment1A, "a recorded payload differs from the bit-for-bit replay"),
        new("E_IO_ATOMICS", ErrorClass.Io, Systems.Segment1A, "an output could not be staged or moved into place atomically"),
        new("E_IMMUTABLE_CONFLICT", ErrorClass.Conflict, Systems.Segment1A, "the write-once cache partition exists with different bytes"),

        // Retail Step 32 (strings identical to Allot.Retail.Errors.RetailErrorCodes; a test pins them)
        new("E_RETAIL_MISSING_COLUMN", ErrorClass.Input, Systems.Retail, "a required column is absent from an input file"),
        new("E_RETAIL_FRACTIONAL_DELTA", ErrorClass.Input, Systems.Retail, "a group ΔQty is not a whole number"),
        new("E_RETAIL_BAD_NUMBER", ErrorClass.Input, Systems.Retail, "a numeric cell is not a number or is out of range"),
        new("E_RETAIL_NEGATIVE_UTILIZATION", ErrorClass.Input, Systems.Retail, "a store's Capacity_Utilization is negative"),
        new("E_RETAIL_DUPLICATE_KEY", ErrorClass.Input, Systems.Retail, "an input table lists one key twice (both rows named)"),
        new("E_RETAIL_BAD_PARAMETER", ErrorClass.Usage, Systems.Retail, "an environment value or flag is malformed or out of range"),
        new("E_RETAIL_FILE_UNREADABLE", ErrorClass.Input, Systems.Retail, "an input file does not exist or cannot be read"),
        new("E_RETAIL_NO_INPUT_FILE", ErrorClass.Input, Systems.Retail, "default discovery found no file for an input"),
        new("E_RETAIL_EMPTY_GROUP", ErrorClass.Input, Systems.Retail, "a recommendation row lists no stores"),
        new("E_RETAIL_BAD_PERIOD", ErrorClass.Usage, Systems.Retail, "the target period is malformed"),
        new("E_RETAIL_BAD_MANIFEST", ErrorClass.Input, Systems.Retail, "the existing pipeline manifest is not a JSON object"),
        new("E_RETAIL_BAD_STORE_LIST", ErrorClass.Input, Systems.Retail, "an exclusion or inclusion list row has a period that is not a half-month label, or a store code that matches a store only but for leading zeros"),
        new("E_RETAIL_FIXTURE_EXISTS", ErrorClass.Conflict, Systems.Retail, "`retail fixtures`: the folder already holds a file of the fixture's names with other content"),
        new("E_RETAIL_VALIDATION_FAILED", ErrorClass.Validation, Systems.Retail, "`retail validate` found a broken invariant or a difference from re-derivation"),

        // Cluster (scale-out of S4/S7)
        new("E_CLUSTER_MEMBERSHIP", ErrorClass.Usage, Systems.Cluster, "`--membership`/`--cluster` is not `localhost` or `redis://HOST:PORT[/DB]`"),
        new("E_CLUSTER_UNAVAILABLE", ErrorClass.Io, Systems.Cluster, "the membership store (Redis) cannot be reached, no silo could be reached through it in time, or a silo's data root does not exist"),
        new("E_CLUSTER_SHARD_FAILED", ErrorClass.Io, Systems.Cluster, "a shard's call was lost 10 times (silos keep dying, or silos cannot reach the data root)"),
        new("E_CLUSTER_DATA_MISMATCH", ErrorClass.Input, Systems.Cluster, "a silo plans a different shard or cannot see the staging folder: it does not see the coordinator's data root"),
        new("E_CLUSTER_BUILD_MISMATCH", ErrorClass.Io, Systems.Cluster, "a silo runs another build of Allot than the coordinator (a mixed cluster could mix results)"),
        new("E_CLUSTER_PORT_IN_USE", ErrorClass.Usage, Systems.Cluster, "`allot cluster silo`: its --silo-port or --gateway-port is already in use on this machine (another silo)"),
    ];

    private static readonly FrozenDictionary<string, CatalogueEntry> ByCode = Entries.ToFrozenDictionary(e => e.Code, StringComparer.Ordinal);

    /// <summary>Every entry, in catalogue order (grouped by system).</summary>
    public static IReadOnlyList<CatalogueEntry> All => Entries;

    /// <summary>True when <paramref name="code"/> is catalogued.</summary>
    public static bool Contains(string code) => ByCode.ContainsKey(code);

    /// <summary>The entry of <paramref name="code"/>.</summary>
    /// <exception cref="KeyNotFoundException">The code is not catalogued (a bug: add it here).</exception>
    public static CatalogueEntry Get(string code) =>
        ByCode.TryGetValue(code, out var e) ? e : throw new KeyNotFoundException($"error code '{code}' is not in the catalogue (src/Allot.Core/Errors/ErrorCatalogue.cs).");

    /// <summary>The class of <paramref name="code"/> (its primary class when it has two roles).</summary>
    public static ErrorClass ClassOf(string code) => Get(code).Class;

    /// <summary>The exception for <paramref name="code"/> with its catalogued class.</summary>
    public static AllotException Fail(string code, string message, ErrorLocation? location = null) =>
        new(new AllotError(code, ClassOf(code), message, location ?? new ErrorLocation()));

    /// <summary>
    /// The exception for <paramref name="code"/> raised in the role of <paramref name="role"/>: the entry's
    /// <see cref="CatalogueEntry.AlsoClass"/> (e.g. a validator finding an S4 schema error in the plan), or
    /// <see cref="ErrorClass.Internal"/> for a broken invariant (a bug). Any other role gets the catalogued class.
    /// </summary>
    public static AllotException FailAs(ErrorClass role, string code, string message, ErrorLocation? location = null)
    {
        var e = Get(code);
        var cls = role == e.Class || role == e.AlsoClass || role == ErrorClass.Internal ? role : e.Class;
        return new(new AllotError(code, cls, message, location ?? new ErrorLocation()));
    }

    /// <summary>The lower-case name of a class as the docs and JSON records spell it (<c>usage</c>, <c>io</c>, …).</summary>
    public static string ClassName(ErrorClass c) => c switch
    {
        ErrorClass.Usage => "usage",
        ErrorClass.Input => "input",
        ErrorClass.Validation => "validation",
        ErrorClass.Conflict => "conflict",
        ErrorClass.Internal => "internal",
        ErrorClass.Io => "io",
        _ => c.ToString().ToLowerInvariant(),
    };

    /// <summary>The error-table document of <paramref name="system"/> (relative to the repository root).</summary>
    public static string DocOf(string system) => system switch
    {
        Systems.Cli => "docs/exit-codes.md",
        Systems.Core or Systems.Apportion => "docs/apportion.md",
        Systems.Data => "docs/data-plane.md",
        Systems.Segment1B => "docs/segment1b-s4.md",
        Systems.Segment1A => "docs/segment1a-s7.md",
        Systems.Retail => "docs/retail.md",
        Systems.Cluster => "docs/cluster.md",
        _ => throw new ArgumentOutOfRangeException(nameof(system), system, "unknown system"),
    };

    /// <summary>The full code table of <c>docs/exit-codes.md</c> (generated; a test keeps the doc equal to it).</summary>
    public static string MarkdownTable()
    {
        var sb = new StringBuilder();
        sb.Append("| code | exit | class | system | meaning |\n|---|---|---|---|---|\n");
        foreach (var e in Entries)
        {
            var cls = ClassName(e.Class) + (e.AlsoClass is { } a ? "/" + ClassName(a) : string.Empty);
            sb.Append("| `").Append(e.Code).Append("` | ").Append(e.ExitText).Append(" | ").Append(cls).Append(" | ")
                .Append(e.System).Append(" | ").Append(e.Meaning.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
        }

        return sb.ToString();
    }
}
