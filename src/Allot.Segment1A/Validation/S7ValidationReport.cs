using System.Text.Json.Serialization;
using Allot.Data.Json;

namespace Allot.Segment1A.Validation;

/// <summary>The validator's summary when every check passed.</summary>
public sealed record S7ValidationReport
{
    /// <summary><see cref="RunStatus.Ok"/> (failures are errors).</summary>
    public string Status { get; init; } = RunStatus.Ok;

    /// <summary>The run whose logs were checked.</summary>
    public required string RunId { get; init; }

    /// <summary>Merchants replayed.</summary>
    public required long Merchants { get; init; }

    /// <summary>Cache rows checked.</summary>
    public required long CacheRows { get; init; }

    /// <summary>dirichlet_gamma_vector events checked.</summary>
    public required long GammaEvents { get; init; }

    /// <summary>residual_rank events checked.</summary>
    public required long ResidualEvents { get; init; }

    /// <summary>Trace rows checked.</summary>
    public required long TraceRows { get; init; }

    /// <summary>Uniform lanes replayed.</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public required ulong DrawsTotal { get; init; }

    /// <summary>Philox blocks replayed.</summary>
    public required ulong BlocksTotal { get; init; }

    /// <summary>The cache's determinism receipt (SHA-256).</summary>
    public required string CacheSha256 { get; init; }
}
