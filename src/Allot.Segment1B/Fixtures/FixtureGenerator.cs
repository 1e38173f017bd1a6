using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Allot.Core.Apportionment;
using Allot.Core.Errors;
using Allot.Data.Json;
using Allot.Data.Parquet;
using Allot.Data.Publishing;
using Allot.Segment1B.Gate;

namespace Allot.Segment1B.Fixtures;

/// <summary>
/// Writes a consistent synthetic data root: ISO table, tile index (with some unweighted tiles), tile weights
/// quantised to exactly 10^dp per country by <see cref="PresortedLargestRemainder"/> (ties by tile_id), S3
/// requirements with realistic (heavy-tailed, mostly small) n_sites, and a valid 1A validation bundle + flag.
/// Deterministic for a given <see cref="FixtureOptions"/>.
/// </summary>
public static class FixtureGenerator
{
    /// <summary>Generates the root; returns the identity to run it with.</summary>
    public static Segment1BIdentity Generate(string dataRoot, FixtureOptions o, string? dictionaryPath = null)
    {
        // max-countries-per-merchant < 1 gave every merchant no country: a root without requirements, "ok".
        // The message names the option given and its value first (the rule list alone left the user to find it).
        var wrong = o.Countries is < 1 or > 676 ? $"--countries {o.Countries}"
            : o.Merchants < 1 ? $"--merchants {o.Merchants}"
            : o.TilesPerCountry < 1 ? $"--tiles-per-country {o.TilesPerCountry}"
            : o.Dp is < 1 or > 18 ? $"--dp {o.Dp}"
            : o.MaxCountriesPerMerchant < 1 ? $"--max-countries-per-merchant {o.MaxCountriesPerMerchant}"
            : null;
        if (wrong is not null)
        {
            throw new AllotException(new AllotError("E_FIXTURE_OPTIONS", ErrorClass.Usage, string.Create(CultureInfo.InvariantCulture, $"{wrong} is out of range: need 1 ≤ countries ≤ 676, merchants ≥ 1, tiles-per-country ≥ 1, 1 ≤ dp ≤ 18, max-countries-per-merchant ≥ 1.")));
        }

        var shape = string.Create(CultureInfo.InvariantCulture, $"{o.Merchants}|{o.Countries}|{o.TilesPerCountry}|{o.Seed}|{o.Dp}|{o.MaxCountriesPerMerchant}");
        var identity = new Segment1BIdentity(
            o.Seed.ToString(CultureInfo.InvariantCulture),
            Sha("allot-fixture-manifest|" + shape),
            Sha("allot-fixture-parameters|" + shape));
        var layout = new Segment1BLayout(dataRoot, identity, dictionaryPath);
        var rng = new SplitMix64(o.Seed);
        var codes = Enumerable.Range(0, 676).Select(i => $"{(char)('A' + (i / 26))}{(char)('A' + (i % 26))}").ToArray();
        // Spread the chosen countries over the alphabet deterministically.
        var countries = codes.Where((_, i) => i % Math.Max(1, 676 / o.Countries) == 0).Take(o.Countries).ToArray();
        var k = 1UL;
        for (var i = 0; i < o.Dp; i++)
        {
            k *= 10;
        }

        WriteIso(layout.IsoTable, codes);
        var tileCounts = countries.Select(_ => SkewedTileCount(rng, o.TilesPerCountry)).ToArray();
        WriteTiles(layout, countries, tileCounts, rng, k, o.Dp);
        WriteRequirements(layout, countries, tileCounts, rng, o);
        WriteBundle(layout.ValidationBundle, identity);
        return identity;
    }

    private static int SkewedTileCount(SplitMix64 rng, int mean)
    {
        // Log-normal with sigma 1: most countries near the mean, a few 5–10× larger, some tiny.
        var u1 = rng.NextUnit();
        var u2 = rng.NextUnit();
        var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return (int)Math.Clamp(Math.Round(mean * Math.Exp(normal - 0.5)), 1, 50_000_000);
    }

    private static void WriteIso(string path, string[] codes)
    {
        var folder = Path.GetDirectoryName(path)!;
        Folders.Create(folder);
        var temp = Path.Combine(folder, PartitionPublisher.StagingPrefix + "iso-" + Guid.NewGuid().ToString("N"));
        Folders.Create(temp);
        try
        {
            using (var w = new ParquetPartitionWriter(temp, [new("country_iso", ParquetColumnKind.String)]))
            {
                w.WriteRowGroup([codes], codes.Length);
            }

            File.Move(Path.Combine(temp, "part-00000.parquet"), path, overwrite: true);
        }
        finally
        {
            Directory.Delete(temp, true);
        }
    }

    private static void WriteTiles(Segment1BLayout layout, string[] countries, int[] tileCounts, SplitMix64 rng, ulong k, int dp)
    {
        ParquetColumnSpec[] indexCols = [new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64)];
        ParquetColumnSpec[] weightCols =
        [
            new("country_iso", ParquetColumnKind.String), new("tile_id", ParquetColumnKind.UInt64),
            new("weight_fp", ParquetColumnKind.UInt64), new("dp", ParquetColumnKind.Int64),
        ];
        PartitionPublisher.Publish(layout.TileIndex, indexStage =>
            PartitionPublisher.Publish(layout.TileWeights, weightStage =>
            {
                using var index = new ParquetPartitionWriter(indexStage, indexCols);
                using var weights = new ParquetPartitionWriter(weightStage, weightCols);
                for (var c = 0; c < countries.Length; c++)
                {
                    var n = tileCounts[c];
                    var ids = new ulong[n];
                    var next = ((ulong)(c + 1) << 40) + (ulong)rng.NextInt(1000);
                    for (var i = 0; i < n; i++)
                    {
                        ids[i] = next;
                        next += 1 + (ulong)rng.NextInt(7);
                    }

                    // Heavy-tailed raw masses; about 5% of tiles are unweighted (in the index only).
                    var raw = new ulong[n];
                    var weighted = new bool[n];
                    var any = false;
                    for (var i = 0; i < n; i++)
                    {
                        weighted[i] = rng.NextInt(20) != 0;
                        raw[i] = weighted[i] ? (ulong)Math.Min(1e12, 1000 / Math.Pow(rng.NextUnit(), 0.8)) : 0;
                        any |= weighted[i];
                    }

                    if (!any)
                    {
                        weighted[0] = true;
                        raw[0] = 1;
                    }

                    var wIds = ids.Where((_, i) => weighted[i]).ToArray();
                    var wRaw = raw.Where((_, i) => weighted[i]).ToArray();
                    var quantised = Quantise(wIds, wRaw, k);
                    var country = Enumerable.Repeat(countries[c], n).ToArray();
                    index.WriteRowGroup([country, ids], n);
                    weights.WriteRowGroup([country, wIds, quantised, Enumerable.Repeat((long)dp, wIds.Length).ToArray()], wIds.Length);
                }
            }, "E_FIXTURE_EXISTS"), "E_FIXTURE_EXISTS");
    }

    // Exactly 10^dp over the tiles by largest remainder, ties by tile_id (the S4 kernel itself).
    private static ulong[] Quantise(ulong[] ids, ulong[] raw, ulong k)
    {
        var order = Enumerable.Range(0, ids.Length).ToArray();
        Array.Sort(order, (x, y) => raw[x] != raw[y] ? raw[y].CompareTo(raw[x]) : ids[x].CompareTo(ids[y]));
        var sw = order.Select(i => raw[i]).ToArray();
        var sk = order.Select(i => ids[i]).ToArray();
        var denominator = sw.Aggregate(0UL, (a, b) => a + b);
        var alloc = new long[ids.Length];
        var outcome = PresortedLargestRemainder.Apportion((long)k, sw, sk, denominator, alloc);
        var result = new ulong[ids.Length];
        for (var p = 0; p < outcome.Emitted; p++)
        {
            result[order[p]] = (ulong)alloc[p];
        }

        return result;
    }

    private static void WriteRequirements(Segment1BLayout layout, string[] countries, int[] tileCounts, SplitMix64 rng, FixtureOptions o)
    {
        ParquetColumnSpec[] cols = [new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String), new("n_sites", ParquetColumnKind.Int64)];
        PartitionPublisher.Publish(layout.Requirements, stage =>
        {
            using var w = new ParquetPartitionWriter(stage, cols);
            var m = new List<long>();
            var c = new List<string>();
            var n = new List<long>();
            for (var merchant = 1; merchant <= o.Merchants; merchant++)
            {
                var howMany = 1 + (int)Math.Min(o.MaxCountriesPerMerchant - 1, Math.Floor(-Math.Log(rng.NextUnit()) * 0.8));
                howMany = Math.Min(howMany, countries.Length);
                var chosen = new SortedSet<int>();
                while (chosen.Count < howMany)
                {
                    chosen.Add(rng.NextInt(countries.Length));
                }

                foreach (var ci in chosen)
                {
                    m.Add(merchant * 7L + 1000);
                    c.Add(countries[ci]);
                    n.Add((long)Math.Min(5000, Math.Floor(1 / Math.Pow(rng.NextUnit(), 0.9))));
                }

                if (m.Count >= 1 << 20)
                {
                    w.WriteRowGroup([m.ToArray(), c.ToArray(), n.ToArray()], m.Count);
                    m.Clear();
                    c.Clear();
                    n.Clear();
                }
            }

            if (m.Count > 0)
            {
                w.WriteRowGroup([m.ToArray(), c.ToArray(), n.ToArray()], m.Count);
            }
        }, "E_FIXTURE_EXISTS");
    }

    /// <summary>Writes a passing 1A validation bundle (two artifacts, index.json listing itself, _passed.flag) unless one exists.</summary>
    public static void WriteBundle(string folder, Segment1BIdentity identity)
    {
        if (File.Exists(Path.Combine(folder, ValidationBundleGate.FlagName)))
        {
            return;
        }

        Folders.Create(folder);
        var manifest = new JsonObject { ["manifest_fingerprint"] = identity.ManifestFingerprint, ["producer"] = "allot segment1b fixtures" };
        var report = new JsonObject { ["status"] = "PASS", ["checks"] = new JsonArray("s1", "s2", "s3", "s4") };
        File.WriteAllBytes(Path.Combine(folder, "MANIFEST.json"), AllotJson.ToCanonicalBytes(manifest));
        File.WriteAllBytes(Path.Combine(folder, "validation_report.json"), AllotJson.ToCanonicalBytes(report));
        var entries = new[] { ("index", "index.json"), ("manifest", "MANIFEST.json"), ("validation_report", "validation_report.json") };
        var index = new JsonArray(entries.Select(e => (JsonNode)new JsonObject { ["artifact_id"] = e.Item1, ["path"] = e.Item2 }).ToArray());
        File.WriteAllBytes(Path.Combine(folder, ValidationBundleGate.IndexName), AllotJson.ToCanonicalBytes(index));
        var hash = ValidationBundleGate.ComputeBundleHash(folder, entries.Select(e => e.Item2));
        File.WriteAllText(Path.Combine(folder, ValidationBundleGate.FlagName), $"sha256_hex = {hash}\n");
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
