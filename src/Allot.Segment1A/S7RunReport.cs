using System.Text.Json.Serialization;
using Allot.Data.Json;

namespace Allot.Segment1A;

/// <summary>
/// The S7 run report: the one type that S7 writes (canonical JSON: keys sorted, 2-space indent), the CLI prints (one
/// line), and the report section and demo read back; an <see cref="S7RunResult"/> carries it.
/// </summary>
public sealed record S7RunReport
{
    /// <summary><see cref="RunStatus.Ok"/> (failures are errors, never a report).</summary>
    public string Status { get; init; } = RunStatus.Ok;

    /// <summary>Always "1A.S7".</summary>
    public string State { get; init; } = S7Names.State;

    /// <summary>The run's id (names the log folders).</summary>
    public required string RunId { get; init; }

    /// <summary>The seed token.</summary>
    public required ulong Seed { get; init; }

    /// <summary>The parameter hash token.</summary>
    public required string ParameterHash { get; init; }

    /// <summary>The manifest fingerprint token.</summary>
    public required string ManifestFingerprint { get; init; }

    /// <summary>The nb_final run read.</summary>
    public required string NbFinalRunId { get; init; }

    /// <summary>SHA-256 of the hyperparameters file used.</summary>
    public required string HyperparametersSha256 { get; init; }

    /// <summary>Merchants processed.</summary>
    public required long Merchants { get; init; }

    /// <summary>Merchants with a single country.</summary>
    public required long DomesticOnly { get; init; }

    /// <summary>Cache rows.</summary>
    public required long Rows { get; init; }

    /// <summary>Events written per family.</summary>
    public required S7EventCounts Events { get; init; }

    /// <summary>Uniform lanes consumed (a string: it can exceed 2^53).</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required ulong DrawsTotal { get; init; }

    /// <summary>Philox blocks consumed.</summary>
    public required ulong BlocksTotal { get; init; }

    /// <summary>Merchants per α fallback rung.</summary>
    public required IReadOnlyDictionary<string, long> FallbackRungs { get; init; }

    /// <summary>The cache publication.</summary>
    public required S7CacheReceipt Cache { get; init; }

    /// <summary>Absolute paths of the outputs by dataset id.</summary>
    public required IReadOnlyDictionary<string, string> Paths { get; init; }

    /// <summary>Worker threads used.</summary>
    public required int Workers { get; init; }

    /// <summary>Milliseconds per phase and total (3 decimals).</summary>
    public required IReadOnlyDictionary<string, double> TimingsMs { get; init; }

    /// <summary>Peak resident set of the process, bytes.</summary>
    public required long PeakRssBytes { get; init; }

    /// <summary>Managed bytes allocated during the run.</summary>
    public required long AllocatedBytes { get; init; }

    /// <summary>Absolute path of this report.</summary>
    public required string ReportPath { get; init; }

    /// <summary>Who ran the shards (silos, shards per silo, re-dispatches) when a cluster did; absent for a local
    /// run. Outside the determinism receipt (docs/cluster.md).</summary>
    public System.Text.Json.Nodes.JsonObject? Execution { get; init; }

    /// <summary>The report of <paramref name="r"/>.</summary>
    public static S7RunReport From(S7RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Report;
    }

    /// <summary>The report file's bytes (canonical JSON).</summary>
    public static byte[] ToJson(S7RunReport r) => AllotJson.ToCanonicalBytes(r);

    /// <summary>
    /// Reads a report file back as an input: a missing file or one that is not an S7 run report (malformed, a field
    /// missing or of the wrong type) is <see cref="S7Errors.UpstreamMissing"/> naming the file, never a bare exception.
    /// </summary>
    public static S7RunReport Read(string path)
    {
        if (!File.Exists(path))
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, "no S7 run report at this path; give the run_report.json that allot segment1a s7 run wrote.", path);
        }

        try
        {
            return AllotJson.Read<S7RunReport>(File.ReadAllBytes(path));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, $"the file is not a valid S7 run report: {ex.Message}", path);
        }
    }
}
