using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Allot.Core.Random;
using Allot.Segment1A;
using Allot.Segment1A.Fixtures;
using Allot.Segment1A.Inputs;
using Allot.Segment1A.Integerisation;
using Allot.Segment1A.Validation;

namespace Allot.Bench.Segment1A;

/// <summary>
/// <c>macro s7 --phase fixtures|load|run|validate|kernels|reference --dir D [--merchants N] [--workers W] [--sample K]</c>.
/// Each phase runs in its own process (see bench/segment1a/run-s7-bench.sh) so peak RSS is per phase.
/// Prints one JSON object per phase on stdout.
/// </summary>
public static class S7MacroScenario
{
    private const string Fingerprint = "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709";

    internal static readonly S7Lineage Lineage = new(9248923, "bench", Fingerprint);

    /// <summary>Entry point registered in <see cref="Macro.MacroRunner.Scenarios"/>.</summary>
    public static int Run(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var dir = Arg("--dir", Path.Combine(Path.GetTempPath(), "allot-s7-bench"));
        var merchants = int.Parse(Arg("--merchants", "1000000"), CultureInfo.InvariantCulture);
        var workers = int.Parse(Arg("--workers", "1"), CultureInfo.InvariantCulture);
        var sample = int.Parse(Arg("--sample", "20000"), CultureInfo.InvariantCulture);
        var inputs = new S7InputOptions(dir, Lineage);
        var sw = Stopwatch.StartNew();
        Dictionary<string, object> result = Arg("--phase", "run") switch
        {
            "fixtures" => Fixtures(dir, merchants),
            "run" => RunS7(inputs, workers),
            "validate" => Validate(inputs),
            "kernels" => S7KernelSplit.Measure(S7InputLoader.Load(inputs)),
            "load" => Load(inputs),
            "reference" => S7ReferenceComparison.Compare(S7InputLoader.Load(inputs), dir, sample),
            var other => throw new ArgumentException($"unknown phase {other}"),
        };
        result["wall_ms"] = Math.Round(sw.Elapsed.TotalMilliseconds, 1);
        result["peak_rss_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static Dictionary<string, object> Fixtures(string dir, int merchants)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        var rows = S7FixtureGenerator.Write(new S7FixtureOptions(dir, Lineage, merchants));
        return new() { ["phase"] = "fixtures", ["merchants"] = merchants, ["country_set_rows"] = rows };
    }

    private static Dictionary<string, object> RunS7(S7InputOptions inputs, int workers)
    {
        // Each measured run starts from no outputs, so runs are comparable (no identical-existing short cut, no log pile-up).
        foreach (var sub in new[] { "logs/rng/events/dirichlet_gamma_vector", "logs/rng/events/residual_rank", "logs/rng/audit", "logs/rng/trace", "reports", "data/layer1/1A/ranking_residual_cache" })
        {
            var path = Path.Combine(inputs.DataRoot, sub);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        var r = S7Runner.Run(new S7RunOptions(inputs, workers));
        var bytes = r.Paths.Values.Sum(p => Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length));
        return new()
        {
            ["phase"] = "run",
            ["workers"] = workers,
            ["merchants"] = r.Merchants,
            ["domestic_only"] = r.DomesticOnly,
            ["rows"] = r.Rows,
            ["draws_total"] = r.DrawsTotal,
            ["blocks_total"] = r.BlocksTotal,
            ["timings_ms"] = r.TimingsMs,
            ["compute_merchants_per_s"] = Math.Round(r.Merchants / (r.TimingsMs["compute"] / 1000.0)),
            ["end_to_end_merchants_per_s"] = Math.Round(r.Merchants / (r.TimingsMs["total"] / 1000.0)),
            ["output_bytes"] = bytes,
            ["run_peak_rss_mb"] = Math.Round(r.PeakRssBytes / 1048576.0, 1),
            ["allocated_mb"] = Math.Round(r.AllocatedBytes / 1048576.0, 1),
            ["cache_sha256"] = r.Cache.Sha256Hex,
        };
    }

    // Loading inputs alone (country_set, nb_final, merchant attributes, hyperparameters, join + α), as S7 run does first.
    private static Dictionary<string, object> Load(S7InputOptions inputs)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var loaded = S7InputLoader.Load(inputs);
        return new()
        {
            ["phase"] = "load",
            ["merchants"] = loaded.Countries.MerchantCount,
            ["load_ms"] = Math.Round(sw.Elapsed.TotalMilliseconds, 1),
            ["load_cpu_ms"] = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds, 1),
            ["timings_ms"] = loaded.LoadTimingsMs,
        };
    }

    private static Dictionary<string, object> Validate(S7InputOptions inputs)
    {
        var sw = Stopwatch.StartNew();
        var report = S7Validator.Validate(new S7ValidationOptions(inputs));
        return new()
        {
            ["phase"] = "validate",
            ["merchants"] = report.Merchants,
            ["events"] = report.GammaEvents + report.ResidualEvents,
            ["validate_ms"] = Math.Round(sw.Elapsed.TotalMilliseconds, 1),
            ["cache_sha256"] = report.CacheSha256,
        };
    }

    internal static MasterMaterial Master => MasterMaterial.Derive(Lineage.Seed, Fingerprint);

    internal static IntegerisationBuffers Buffers(long[] floors, long[] q, int[] ranks, long[] counts) => new(floors, q, ranks, counts);
}
