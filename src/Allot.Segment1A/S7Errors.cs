using Allot.Core.Errors;

namespace Allot.Segment1A;

/// <summary>
/// Typed names for the S7 error codes of <see cref="ErrorCatalogue"/> (documented with causes and fixes in
/// <c>docs/segment1a-s7.md</c>). Each constant is raised through <see cref="Fail"/> with its catalogued class.
/// </summary>
public static class S7Errors
{
    /// <summary>An input (or a token) breaks its schema: missing column, wrong type, bad ISO, bad rank sequence, bad YAML.</summary>
    public const string SchemaInvalid = "E_SCHEMA_INVALID";

    /// <summary>A lineage value embedded in a row or event (seed, parameter hash, fingerprint) differs from the path/run.</summary>
    public const string PathEmbedMismatch = "E_PATH_EMBED_MISMATCH";

    /// <summary>A required upstream dataset, partition, run or row is missing (or ambiguous).</summary>
    public const string UpstreamMissing = "E_UPSTREAM_MISSING";

    /// <summary>A Dirichlet α vector has a length different from the merchant's country count.</summary>
    public const string DirichletShape = "E_DIRICHLET_SHAPE";

    /// <summary>A Dirichlet α component (or τ) is not a finite number &gt; 0.</summary>
    public const string DirichletNonPositive = "E_DIRICHLET_NONPOS";

    /// <summary>Every gamma of a merchant underflowed to 0, so the weights cannot be normalised.</summary>
    public const string DirichletSum = "E_DIRICHLET_SUM";

    /// <summary>The integer counts cannot sum to N (deficit outside [0, m)) or do not sum to N.</summary>
    public const string IntegerSumMismatch = "INTEGER_SUM_MISMATCH";

    /// <summary>Some |n_i − N·w_i| exceeds 1.</summary>
    public const string BoundViolation = "E_BOUND_VIOLATION";

    /// <summary>A residual is not a valid 8-dp quantised value in [0, 1).</summary>
    public const string ResidualQuantisation = "E_RESIDUAL_QUANTISATION";

    /// <summary>An RNG event envelope is malformed or its counters are wrong.</summary>
    public const string RngEnvelope = "E_RNG_ENVELOPE";

    /// <summary>Draw, block or event accounting does not add up (events, trace totals).</summary>
    public const string RngAccounting = "RNG_ACCOUNTING_FAIL";

    /// <summary>A recorded payload (gamma, weight, residual, rank, count) differs from the bit-for-bit replay.</summary>
    public const string ReplayMismatch = "E_REPLAY_MISMATCH";

    /// <summary>An output could not be staged or moved into place atomically.</summary>
    public const string IoAtomics = "E_IO_ATOMICS";

    /// <summary>The write-once cache partition already exists with different bytes.</summary>
    public const string ImmutableConflict = "E_IMMUTABLE_CONFLICT";

    /// <summary>Every code, for documentation and tests.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SchemaInvalid, PathEmbedMismatch, UpstreamMissing, DirichletShape, DirichletNonPositive, DirichletSum,
        IntegerSumMismatch, BoundViolation, ResidualQuantisation, RngEnvelope, RngAccounting, ReplayMismatch,
        IoAtomics, ImmutableConflict,
    ];

    /// <summary>The exception for <paramref name="code"/>, with the class <see cref="ErrorCatalogue"/> assigns to it.</summary>
    public static AllotException Fail(string code, string message, string? file = null, long? row = null, string? key = null) =>
        new(new AllotError(code, ClassOf(code), message, file, row, key));

    /// <summary>The error class (and so the exit code) of <paramref name="code"/>, from <see cref="ErrorCatalogue"/>.</summary>
    public static ErrorClass ClassOf(string code) => ErrorCatalogue.ClassOf(code);
}
