using System.Diagnostics;
using Allot.Segment1A;
using Allot.Segment1A.Fixtures;
using Allot.Segment1B.Allocation;
using Allot.Segment1B.Fixtures;

namespace Allot.Cluster;

/// <summary>
/// Runs a small S4 run and a small S7 run through the shard worker's own code (prepare, every shard) on generated
/// inputs in a temporary folder, twice, before a silo says it is ready; then waits until the runtime has finished
/// recompiling what ran often. A silo is a long-lived server: without this, the first run it serves pays for what
/// is done once per process — type loading, static tables, first calls, and above all the runtime's tier-1
/// recompilation of hot methods on a background thread, beside the run's shards — and runs slower than later ones.
/// What it writes is deleted; the silo's own worker and its caches are not touched.
/// </summary>
internal static class SiloWarmUp
{
    // Small enough to take a fraction of a second a pass, large enough that every per-pair, per-chunk and per-shard
    // path runs many times (S4 shards of 300 pairs, 12 S7 shards of 200 merchants).
    private const int Merchants = 2400;
    private const int S4ShardPairs = 300;
    private const int S7ShardMerchants = 200;

    /// <summary>Runs the warm-up with <paramref name="workers"/> threads per shard; returns how long it took.</summary>
    /// <param name="workers">Threads per shard, as the silo's.</param>
    /// <param name="quietLimit">How long each pass may wait for the compiler to go quiet (default 5 s).</param>
    /// <param name="parent">Where its temporary folder goes (default: the system's temporary folder).</param>
    public static TimeSpan Run(int workers, TimeSpan? quietLimit = null, string? parent = null)
    {
        var clock = Stopwatch.StartNew();
        var root = Path.Combine(parent ?? Path.GetTempPath(), "allot-silo-warm-up-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var identity = FixtureGenerator.Generate(root, new FixtureOptions(Merchants, Countries: 12, TilesPerCountry: 300, Seed: 5));
            var lineage = new S7Lineage(1, "warm-up", new string('0', 64));
            S7FixtureGenerator.Write(new S7FixtureOptions(root, lineage, Merchants, 0.5, 12));
            var worker = new ShardWorker(new SiloSettings("warm-up", root, workers));

            // The runtime counts calls only once no new method has been compiled for a while (100 ms): the first
            // pass compiles, the second, after a pause, is counted and sends the hot methods to tier 1.
            for (var pass = 0; pass < 2; pass++)
            {
                RunS4(worker, root, identity, pass);
                RunS7(worker, root, lineage, pass);
                WaitForQuietCompiler(quietLimit ?? TimeSpan.FromSeconds(5));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        return clock.Elapsed;
    }

    private static void RunS4(ShardWorker worker, string root, Segment1B.Segment1BIdentity identity, int pass)
    {
        var staging = $"warm-up/{pass}/s4";
        Directory.CreateDirectory(Path.Combine(root, staging));
        var plan = worker.PrepareS4(S4ShardRequest.For(identity, null, S4ShardPairs, build: worker.Build)).ShardPairs;
        foreach (var shard in S4Shards.FromSizes(plan))
        {
            Check(worker.RunS4(S4ShardRequest.For(identity, null, S4ShardPairs, shard, staging, rowGroupRows: 1 << 20, build: worker.Build)).Error, "S4");
        }
    }

    private static void RunS7(ShardWorker worker, string root, S7Lineage lineage, int pass)
    {
        string[] staging = [$"warm-up/{pass}/s7/cache", $"warm-up/{pass}/s7/gamma", $"warm-up/{pass}/s7/residual", $"warm-up/{pass}/s7/trace"];
        foreach (var folder in staging)
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        S7ShardRequest Request(int shard, int first, int count) => new()
        {
            Seed = lineage.Seed,
            ParameterHash = lineage.ParameterHash,
            ManifestFingerprint = lineage.ManifestFingerprint,
            RunId = "warm-up-" + pass.ToString(System.Globalization.CultureInfo.InvariantCulture),
            MerchantsPerShard = S7ShardMerchants,
            Shard = shard,
            FirstMerchant = first,
            MerchantCount = count,
            Staging = staging,
            Build = worker.Build,
        };

        worker.PrepareS7(Request(-1, 0, 0));
        foreach (var s in S7Shards.Plan(Merchants, S7ShardMerchants))
        {
            Check(worker.RunS7(Request(s.Index, s.FirstMerchant, s.MerchantCount)).Error, "S7");
        }
    }

    // Waits (at most the limit) until no method has been compiled for 250 ms.
    private static void WaitForQuietCompiler(TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        var before = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (deadline.Elapsed < limit)
        {
            Thread.Sleep(250);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == before)
            {
                return;
            }

            before = now;
        }
    }

    private static void Check(ShardError? error, string state)
    {
        if (error is not null)
        {
            throw new InvalidOperationException($"the silo's {state} warm-up failed: {error.Code}: {error.Message}");
        }
    }
}
