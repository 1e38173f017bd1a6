using System.Text.Json.Serialization;
using Allot.Data.Json;

namespace Allot.Segment1A.Validation;

/// <summary>What <c>allot segment1a replay-s7</c> found for one merchant (printed as one JSON line).</summary>
public sealed record S7MerchantReplayReport
{
    /// <summary><see cref="RunStatus.Ok"/> when the replay matches the logged events (or there are none to compare), otherwise <see cref="RunStatus.Failed"/>.</summary>
    public string Status => MatchesEvents == false ? RunStatus.Failed : RunStatus.Ok;

    /// <summary>The merchant.</summary>
    public required long MerchantId { get; init; }

    /// <summary>N, the merchant's outlet total.</summary>
    public required long NTotal { get; init; }

    /// <summary>The country set, home first.</summary>
    public required IReadOnlyList<string> CountryIsos { get; init; }

    /// <summary>Which hyperparameter key supplied α.</summary>
    public required string AlphaRung { get; init; }

    /// <summary>The α vector.</summary>
    public required IReadOnlyList<double> Alpha { get; init; }

    /// <summary>The gamma substream.</summary>
    public required S7Substream Substream { get; init; }

    /// <summary>Uniform lanes consumed (a string: it can exceed 2^53).</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required ulong Draws { get; init; }

    /// <summary>Philox blocks consumed.</summary>
    public required ulong Blocks { get; init; }

    /// <summary>The raw gammas (empty for a single country).</summary>
    public required IReadOnlyList<double> GammaRaw { get; init; }

    /// <summary>The normalised weights.</summary>
    public required IReadOnlyList<double> Weights { get; init; }

    /// <summary>The quantised residuals.</summary>
    public required IReadOnlyList<double> Residuals { get; init; }

    /// <summary>The residual ranks.</summary>
    public required IReadOnlyList<int> ResidualRanks { get; init; }

    /// <summary>The integer counts.</summary>
    public required IReadOnlyList<long> Counts { get; init; }

    /// <summary>The run whose events were compared (null when none exists).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? RunId { get; init; }

    /// <summary>Whether the logged events match the replay bit for bit (null when there is no run to compare with).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public bool? MatchesEvents { get; init; }
}

/// <summary>A Philox substream's identity.</summary>
/// <param name="Label">The event family label.</param>
/// <param name="Key">The derived key.</param>
/// <param name="CounterHi">Starting counter, high word.</param>
/// <param name="CounterLo">Starting counter, low word.</param>
public sealed record S7Substream(string Label, ulong Key, ulong CounterHi, ulong CounterLo);
