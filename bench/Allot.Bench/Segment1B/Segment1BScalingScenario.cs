using System.Diagnostics;
using System.Globalization;
using Allot.Core.Apportionment;
using Allot.Segment1B.Allocation;

namespace Allot.Bench.Segment1B;

/// <summary>
/// <c>macro segment1b-scaling [pairs] [countries] [tiles...]</c>: fixed requirements (same pairs and n_sites for
/// every step), tiles per country doubled step by step. Prints, per step, the one-off per-country presort and the
/// allocation of all pairs (plus Parquet writing), so the curve shows cost following inputs + outputs.
/// </summary>
public static class Segment1BScalingScenario
{
    public static int Run(string[] args)
    {
        var pairs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300_000;
        var countryCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var steps = args.Length > 2 ? args[2..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1000, 2000, 4000, 8000, 16000, 32000, 64000];
        const ulong K = 1_000_000_000UL;

        var rng = new Random(20261122);
        var pairCountry = new int[pairs];
        var pairSites = new long[pairs];
        for (var p = 0; p < pairs; p++)
        {
            pairCountry[p] = rng.Next(countryCount);
            pairSites[p] = (long)Math.Min(5000, Math.Floor(1 / Math.Pow(1 - rng.NextDouble(), 1.0)));
        }

        var names = Enumerable.Range(0, countryCount).Select(i => $"{(char)('A' + (i / 26))}{(char)('A' + (i % 26))}").ToArray();
        var order = Enumerable.Range(0, pairs).OrderBy(p => p).ToArray();
        var requirements = new RequirementPairs(
            order.Select(p => (long)p + 1).ToArray(), order.Select(p => names[pairCountry[p]]).ToArray(), pairSites);

        Console.WriteLine("| tiles/country | tiles total | pairs | rows | presort s | allocate s | allocate+write s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        // The first step runs twice and prints once, so JIT warm-up does not bend the curve.
        var warm = true;
        foreach (var tilesPerCountry in steps.Prepend(steps[0]))
        {
            var tileRng = new Random(tilesPerCountry);
            var raw = new (ulong[] Ids, ulong[] Weights)[countryCount];
            for (var c = 0; c < countryCount; c++)
            {
                var ids = new ulong[tilesPerCountry];
                var w = new ulong[tilesPerCountry];
                for (var i = 0; i < tilesPerCountry; i++)
                {
                    ids[i] = ((ulong)c << 40) + (ulong)(i * 3) + (ulong)tileRng.Next(3);
                    w[i] = (ulong)Math.Min(1e12, 1000 / Math.Pow(1 - tileRng.NextDouble(), 1.2));
                }

                raw[c] = (ids, Quantise(ids, w, K));
            }

            var sw = Stopwatch.StartNew();
            var countries = new Dictionary<string, CountryTiles>(StringComparer.Ordinal);
            for (var c = 0; c < countryCount; c++)
            {
                var tiles = raw[c].Ids.Select((id, i) => new TileWeightKey(raw[c].Weights[i], id)).ToArray();
                Array.Sort(tiles);
                countries[names[c]] = new CountryTiles(names[c], tiles.Select(t => t.TileId).ToArray(), tiles.Select(t => t.Weight).ToArray());
            }

            var presort = sw.Elapsed.TotalSeconds;
            var inputs = new S4Inputs(requirements, countries, 9, K, 0, 0, 0);
            sw.Restart();
            long rows = 0;
            for (var p = 0; p < pairs; p++)
            {
                rows += PlanAllocator.AllocatePair(countries[requirements.CountryIsos[p]], requirements.NSites[p], K).TileIds.Length;
            }

            var allocate = sw.Elapsed.TotalSeconds;
            var folder = Path.Combine(Path.GetTempPath(), "allot-s4-scaling-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            sw.Restart();
            using (var sink = new PlanRowSink(folder))
            {
                PlanAllocator.Allocate(inputs, 1, sink);
                sink.Complete();
            }

            var write = sw.Elapsed.TotalSeconds;
            Directory.Delete(folder, true);
            if (warm)
            {
                warm = false;
                continue;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {tilesPerCountry:N0} | {(long)tilesPerCountry * countryCount:N0} | {pairs:N0} | {rows:N0} | {presort:F3} | {allocate:F3} | {write:F3} |"));
        }

        return 0;
    }

    private static ulong[] Quantise(ulong[] ids, ulong[] raw, ulong k)
    {
        var idx = Enumerable.Range(0, ids.Length).ToArray();
        Array.Sort(idx, (x, y) => raw[x] != raw[y] ? raw[y].CompareTo(raw[x]) : ids[x].CompareTo(ids[y]));
        var alloc = new long[ids.Length];
        var outcome = PresortedLargestRemainder.Apportion((long)k, idx.Select(i => raw[i]).ToArray(), idx.Select(i => ids[i]).ToArray(), raw.Aggregate(0UL, (a, b) => a + b), alloc);
        var result = new ulong[ids.Length];
        for (var p = 0; p < outcome.Emitted; p++)
        {
            result[idx[p]] = (ulong)alloc[p];
        }

        return result;
    }

    private readonly record struct TileWeightKey(ulong Weight, ulong TileId) : IComparable<TileWeightKey>
    {
        public int CompareTo(TileWeightKey other)
        {
            var c = other.Weight.CompareTo(Weight);
            return c != 0 ? c : TileId.CompareTo(other.TileId);
        }
    }
}
