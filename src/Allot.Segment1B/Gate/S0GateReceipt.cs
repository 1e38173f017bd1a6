using System.Text.Json.Serialization;

namespace Allot.Segment1B.Gate;

/// <summary>
/// <c>s0_gate_receipt.json</c>: what S0 verified (written canonical by the one serialiser, read back by S4 with
/// <c>--skip-s0</c> and by the next S0 run, which keeps an existing receipt that differs only in the time).
/// </summary>
public sealed record S0GateReceipt
{
    /// <summary>The fingerprint whose bundle was verified.</summary>
    public required string ManifestFingerprint { get; init; }

    /// <summary>The 1A validation bundle, relative to the data root.</summary>
    public required string ValidationBundlePath { get; init; }

    /// <summary>The bundle flag's hash (64 lowercase hex).</summary>
    public required string FlagSha256Hex { get; init; }

    /// <summary>When S0 verified the bundle (UTC, RFC 3339, microseconds).</summary>
    public required string VerifiedAtUtc { get; init; }

    /// <summary>The inputs S4 reads under this gate.</summary>
    public required IReadOnlyList<S0SealedInput> SealedInputs { get; init; }
}

/// <summary>One input sealed by the gate.</summary>
/// <param name="Id">The dataset id.</param>
/// <param name="Partition">Its path, relative to the data root.</param>
/// <param name="SchemaRef">Its schema reference (written as null when the dictionary has none).</param>
public sealed record S0SealedInput(
    string Id,
    string Partition,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? SchemaRef);
