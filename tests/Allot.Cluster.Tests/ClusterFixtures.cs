using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Allot.Data.Publishing;
using Allot.Segment1A;
using Allot.Segment1A.Fixtures;
using Allot.Segment1A.Inputs;
using Allot.Segment1B;
using Allot.Segment1B.Fixtures;
using Orleans.TestingHost;

namespace Allot.Cluster.Tests;

/// <summary>
/// A temporary data root holding a small Segment 1B fixture and a small Segment 1A fixture (one root, as a shared
/// cluster data root would), plus helpers to compare the outputs of two roots.
/// </summary>
internal sealed partial class ClusterRoot : IDisposable
{
    public const string Fingerprint = "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709";

    /// <summary>Small shards so a small fixture still has many (S4 pairs, S7 merchants).</summary>
    public const int S4ShardPairs = 300;

    public const int S7ShardMerchants = 200;

    public static readonly DateTime Start = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static readonly string[] VolatileReportFields =
    [
        "wall_clock_seconds_total", "cpu_seconds_total", "workers_used", "max_worker_rss_bytes", "open_files_peak", "timings_seconds", "execution",
    ];

    public ClusterRoot(int merchants = 2400)
    {
        Merchants = merchants;
        Root = Path.Combine(Path.GetTempPath(), "allot-cluster-" + Guid.NewGuid().ToString("N"));
        Identity = FixtureGenerator.Generate(Root, new FixtureOptions(Merchants: merchants, Countries: 12, TilesPerCountry: 300, Seed: 5));
        Lineage = new S7Lineage(9248923, "p1", Fingerprint);
        S7FixtureGenerator.Write(new S7FixtureOptions(Root, Lineage, merchants, 0.5, 12));
    }

    public string Root { get; }

    /// <summary>Merchants in both fixtures.</summary>
    public int Merchants { get; }

    public Segment1BIdentity Identity { get; }

    public S7Lineage Lineage { get; }

    public Segment1BLayout Layout => new(Root, Identity);

    public S7RunOptions S7Options => new(new S7InputOptions(Root, Lineage), 1, Start);

    public string[] S4Args(params string[] extra) =>
        ["segment1b", "run", "--data-root", Root, "--seed", Identity.Seed, "--manifest-fingerprint", Identity.ManifestFingerprint, "--parameter-hash", Identity.ParameterHash, "--workers", "1", "--shard-size", S4ShardPairs.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra];

    /// <summary>S4 in this process, with the test shard size.</summary>
    public S4RunResult RunS4Local()
    {
        var local = new Segment1B.Allocation.LocalS4ShardExecutor(2);
        return S4Runner.RunSharded(Layout, 2, skipS0: false, 1 << 20, S4ShardPairs, local, () => local.WorkersUsed, execution: null);
    }

    /// <summary>S7 in this process, with the test shard size.</summary>
    public S7RunResult RunS7Local() => S7Runner.RunSharded(S7Options, S7ShardMerchants, new LocalS7ShardExecutor(1), execution: null);

    /// <summary>Removes this root's S4 and S7 outputs so the next run publishes afresh (outputs are write-once).</summary>
    public void RemoveOutputs()
    {
        foreach (var dir in new[] { Layout.AllocPlan, Path.GetDirectoryName(Layout.RunReport)!, Path.Combine(Root, "data/layer1/1A/ranking_residual_cache"), Path.Combine(Root, "logs/rng/events/dirichlet_gamma_vector"), Path.Combine(Root, "logs/rng/events/residual_rank"), Path.Combine(Root, "logs/rng/trace"), Path.Combine(Root, "logs/rng/audit"), Path.Combine(Root, "reports") })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>Every S4 output byte, the report minus measurements, every S7 cache byte and the S7 logs minus ts_utc.</summary>
    public Dictionary<string, string> Outputs()
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in DeterminismReceipt.OrderedFiles(Layout.AllocPlan))
        {
            outputs["s4/" + f] = Convert.ToHexString(File.ReadAllBytes(Path.Combine(Layout.AllocPlan, f)));
        }

        var report = JsonNode.Parse(File.ReadAllText(Layout.RunReport))!.AsObject();
        foreach (var field in VolatileReportFields)
        {
            report.Remove(field);
        }

        outputs["s4/report"] = report.ToJsonString();
        var cache = Path.Combine(Root, "data/layer1/1A/ranking_residual_cache");
        foreach (var f in DeterminismReceipt.OrderedFiles(cache))
        {
            outputs["s7/cache/" + f] = Convert.ToHexString(File.ReadAllBytes(Path.Combine(cache, f)));
        }

        foreach (var log in new[] { "logs/rng/events/dirichlet_gamma_vector", "logs/rng/events/residual_rank", "logs/rng/trace" })
        {
            var folder = Path.Combine(Root, log);
            foreach (var f in DeterminismReceipt.OrderedFiles(folder))
            {
                outputs["s7/" + log + "/" + f] = Timestamps().Replace(File.ReadAllText(Path.Combine(folder, f)), "\"ts_utc\":\"*\"");
            }
        }

        return outputs;
    }

    /// <summary>Asserts two output sets are equal, naming the first difference.</summary>
    public static void AssertSame(Dictionary<string, string> expected, Dictionary<string, string> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (k, v) in expected)
        {
            Assert.True(v == actual[k], $"{k} differs");
        }
    }

    /// <summary>A copy of this root's inputs (no outputs) under a new temporary folder.</summary>
    public ClusterRoot CopyInputs() => new(this);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort (a killed silo may have held a file).
        }
    }

    private ClusterRoot(ClusterRoot source)
    {
        Root = Path.Combine(Path.GetTempPath(), "allot-cluster-" + Guid.NewGuid().ToString("N"));
        Identity = source.Identity;
        Lineage = source.Lineage;
        foreach (var file in Directory.EnumerateFiles(source.Root, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, Path.GetRelativePath(source.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        RemoveOutputs();
    }

    [GeneratedRegex("\"ts_utc\":\"[^\"]*\"")]
    private static partial Regex Timestamps();
}

/// <summary>
/// An in-process Orleans test cluster of shard workers over a <see cref="ClusterRoot"/>. The test host builds each
/// silo's configurator from its type, so a fixture hands the configurator what it needs through statics, set in
/// <see cref="BeforeDeploy"/> (one fixture of a kind at a time).
/// </summary>
/// <typeparam name="TConfigurator">Adds the shard workers to each silo.</typeparam>
public abstract class ShardCluster<TConfigurator>(int silos) : IAsyncLifetime
    where TConfigurator : ISiloConfigurator, new()
{
    internal ClusterRoot Data { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        BeforeDeploy();
        var builder = new TestClusterBuilder((short)silos);
        builder.AddSiloBuilderConfigurator<TConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        AfterDispose();
        Data.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Prepares what the silos' configurators read.</summary>
    protected abstract void BeforeDeploy();

    /// <summary>Removes what <see cref="BeforeDeploy"/> made besides <see cref="Data"/>.</summary>
    protected virtual void AfterDispose()
    {
    }
}

