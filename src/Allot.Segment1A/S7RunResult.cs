using Allot.Data.Publishing;

namespace Allot.Segment1A;

/// <summary>What an S7 run did (also written as the run report).</summary>
public sealed class S7RunResult
{
    /// <summary>The run's id (names the log folders).</summary>
    public required string RunId { get; init; }

    /// <summary>The inputs' lineage.</summary>
    public required S7Lineage Lineage { get; init; }

    /// <summary>The nb_final run read.</summary>
    public required string NbRunId { get; init; }

    /// <summary>Merchants processed.</summary>
    public required long Merchants { get; init; }

    /// <summary>Merchants with a single country (no Dirichlet draw).</summary>
    public required long DomesticOnly { get; init; }

    /// <summary>Cache rows (= residual_rank events).</summary>
    public required long Rows { get; init; }

    /// <summary>dirichlet_gamma_vector events.</summary>
    public required long GammaEvents { get; init; }

    /// <summary>residual_rank events.</summary>
    public required long ResidualEvents { get; init; }

    /// <summary>Uniform lanes consumed in total.</summary>
    public required ulong DrawsTotal { get; init; }

    /// <summary>Philox blocks consumed in total.</summary>
    public required ulong BlocksTotal { get; init; }

    /// <summary>Merchants per α fallback rung (keys: home_mcc_channel, home_channel, home, symmetric).</summary>
    public required IReadOnlyDictionary<string, long> FallbackRungs { get; init; }

    /// <summary>The cache publication (outcome and determinism receipt).</summary>
    public required PublishResult Cache { get; init; }

    /// <summary>Absolute paths of the outputs by dataset id.</summary>
    public required IReadOnlyDictionary<string, string> Paths { get; init; }

    /// <summary>SHA-256 of the hyperparameters file used.</summary>
    public required string HyperparametersSha256 { get; init; }

    /// <summary>Worker threads used.</summary>
    public required int Workers { get; init; }

    /// <summary>Milliseconds per phase (load, compute, write, publish) and total.</summary>
    public required IReadOnlyDictionary<string, double> TimingsMs { get; init; }

    /// <summary>Peak resident set size of the process, bytes.</summary>
    public required long PeakRssBytes { get; init; }

    /// <summary>Managed bytes allocated during the run.</summary>
    public required long AllocatedBytes { get; init; }

    /// <summary>Absolute path of the run report.</summary>
    public required string ReportPath { get; init; }

    /// <summary>Who ran the shards (silos, shards per silo, re-dispatches) when a cluster did; outside the receipt.</summary>
    public System.Text.Json.Nodes.JsonObject? Execution { get; init; }
}
