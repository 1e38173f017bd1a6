using Allot.Data.Publishing;

namespace Allot.Segment1A;

/// <summary>
/// What an S7 run did: its <see cref="Report"/> (the one record of the run's facts, written as the run report),
/// with typed views of it for library callers.
/// </summary>
/// <param name="report">The run report.</param>
public sealed class S7RunResult(S7RunReport report)
{
    /// <summary>The run report (the file's content).</summary>
    public S7RunReport Report { get; } = report ?? throw new ArgumentNullException(nameof(report));

    /// <summary>The run's id (names the log folders).</summary>
    public string RunId => Report.RunId;

    /// <summary>The inputs' lineage.</summary>
    public S7Lineage Lineage => new(Report.Seed, Report.ParameterHash, Report.ManifestFingerprint);

    /// <summary>The nb_final run read.</summary>
    public string NbRunId => Report.NbFinalRunId;

    /// <summary>Merchants processed.</summary>
    public long Merchants => Report.Merchants;

    /// <summary>Merchants with a single country (no Dirichlet draw).</summary>
    public long DomesticOnly => Report.DomesticOnly;

    /// <summary>Cache rows (= residual_rank events).</summary>
    public long Rows => Report.Rows;

    /// <summary>dirichlet_gamma_vector events.</summary>
    public long GammaEvents => Report.Events.DirichletGammaVector;

    /// <summary>residual_rank events.</summary>
    public long ResidualEvents => Report.Events.ResidualRank;

    /// <summary>Uniform lanes consumed in total.</summary>
    public ulong DrawsTotal => Report.DrawsTotal;

    /// <summary>Philox blocks consumed in total.</summary>
    public ulong BlocksTotal => Report.BlocksTotal;

    /// <summary>Merchants per α fallback rung (keys: home_mcc_channel, home_channel, home, symmetric).</summary>
    public IReadOnlyDictionary<string, long> FallbackRungs => Report.FallbackRungs;

    /// <summary>The cache publication (outcome and determinism receipt).</summary>
    public PublishResult Cache => new(Enum.Parse<PublishOutcome>(Report.Cache.Outcome), Report.Cache.Sha256, Report.Cache.Files);

    /// <summary>Absolute paths of the outputs by dataset id.</summary>
    public IReadOnlyDictionary<string, string> Paths => Report.Paths;

    /// <summary>SHA-256 of the hyperparameters file used.</summary>
    public string HyperparametersSha256 => Report.HyperparametersSha256;

    /// <summary>Worker threads used.</summary>
    public int Workers => Report.Workers;

    /// <summary>Milliseconds per phase (load, compute, write, publish) and total.</summary>
    public IReadOnlyDictionary<string, double> TimingsMs => Report.TimingsMs;

    /// <summary>Peak resident set size of the process, bytes.</summary>
    public long PeakRssBytes => Report.PeakRssBytes;

    /// <summary>Managed bytes allocated during the run.</summary>
    public long AllocatedBytes => Report.AllocatedBytes;

    /// <summary>Absolute path of the run report.</summary>
    public string ReportPath => Report.ReportPath;

    /// <summary>Who ran the shards (silos, shards per silo, re-dispatches) when a cluster did; outside the receipt.</summary>
    public System.Text.Json.Nodes.JsonObject? Execution => Report.Execution;
}
