using System.Globalization;
using System.Text;
using Allot.Core.Random;
using Allot.Data.Parquet;
using Allot.Data.Publishing;
using Allot.Segment1A.Contracts;

namespace Allot.Segment1A.Fixtures;

/// <summary>
/// Writes a consistent synthetic 1A data root for S7 at any scale: <c>country_set</c> (a realistic mix of
/// domestic-only and 2–20-country merchants), merchant attributes, S2 <c>nb_final</c> events and the default
/// hyperparameters. Deterministic: the generator draws from its own Philox substreams.
/// </summary>
public static class S7FixtureGenerator
{
    private static readonly string[] Homes = ["GB", "DE", "FR", "US", "NL", "ES", "IT", "SE", "PL", "IE"];

    private static readonly string[] Pool =
    [
        "AE", "AT", "AU", "BE", "BR", "CA", "CH", "CN", "CZ", "DE", "DK", "ES", "FI", "FR", "GB", "GR", "HK", "HU", "IE", "IN",
        "IT", "JP", "KR", "MX", "NL", "NO", "NZ", "PL", "PT", "RO", "SE", "SG", "TR", "US", "ZA", "AR", "CL", "CO", "IL", "TH",
    ];

    private static readonly int[] Mccs = [5411, 5812, 5999, 4111, 5311];
    private static readonly string[] Channels = ["card_present", "card_not_present"];

    /// <summary>Writes the data root; returns the number of country_set rows.</summary>
    public static long Write(S7FixtureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Merchants < 1 || options.MaxCountries is < 2 or > 40 || options.DomesticShare is < 0 or > 1)
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, "fixtures need merchants ≥ 1, max countries in 2..40 and a domestic share in [0, 1].");
        }

        var lineage = options.Lineage;
        var master = MasterMaterial.Derive(options.FixtureSeed, lineage.ManifestFingerprint);
        var dictionary = Segment1AContracts.Dictionary();
        var tokens = lineage.Tokens();
        var n = options.Merchants;
        var ids = new long[n];
        var outlets = new long[n];
        var mcc = new int[n];
        var channel = new string[n];
        var home = new string[n];
        var rowMerchant = new List<long>(n * 3);
        var rowIso = new List<string>(n * 3);
        var rowRank = new List<int>(n * 3);
        Span<int> picks = stackalloc int[Pool.Length];
        for (var k = 0; k < n; k++)
        {
            ids[k] = 1_000_000 + ((long)k * 7) + 3;
            var s = SubstreamDerivation.Derive(master, "s7.fixtures", (ulong)ids[k]);
            home[k] = Homes[Pick(ref s, Homes.Length)];
            mcc[k] = Mccs[Pick(ref s, Mccs.Length)];
            channel[k] = Channels[Pick(ref s, Channels.Length)];
            var domestic = Uniforms.Next(ref s) < options.DomesticShare;
            var m = domestic ? 1 : 2 + Pick(ref s, options.MaxCountries - 1);
            // N: heavy-tailed around 8 outlets; cross-border merchants are larger.
            outlets[k] = Math.Min(100_000, 1 + (long)Math.Floor(-Math.Log(Uniforms.Next(ref s)) * (domestic ? 6.0 : 15.0 * m)));
            rowMerchant.Add(ids[k]);
            rowIso.Add(home[k]);
            rowRank.Add(0);
            var available = 0;
            for (var i = 0; i < Pool.Length; i++)
            {
                if (Pool[i] != home[k])
                {
                    picks[available++] = i;
                }
            }

            for (var j = 1; j < m; j++)
            {
                var choice = j - 1 + Pick(ref s, available - (j - 1));
                (picks[j - 1], picks[choice]) = (picks[choice], picks[j - 1]);
                rowMerchant.Add(ids[k]);
                rowIso.Add(Pool[picks[j - 1]]);
                rowRank.Add(j);
            }
        }

        var root = options.DataRoot;
        PartitionPublisher.Publish(dictionary.Resolve(root, "country_set", tokens, S7Errors.SchemaInvalid), staging =>
        {
            var rows = rowMerchant.Count;
            var fingerprints = new string[rows];
            Array.Fill(fingerprints, lineage.ManifestFingerprint);
            var isHome = new bool[rows];
            for (var i = 0; i < rows; i++)
            {
                isHome[i] = rowRank[i] == 0;
            }

            WriteParquet(staging, rows, [
                (new("manifest_fingerprint", ParquetColumnKind.String), fingerprints),
                (new("merchant_id", ParquetColumnKind.Int64), rowMerchant.ToArray()),
                (new("country_iso", ParquetColumnKind.String), rowIso.ToArray()),
                (new("is_home", ParquetColumnKind.Boolean), isHome),
                (new("rank", ParquetColumnKind.Int32), rowRank.ToArray()),
            ]);
        }, S7Errors.ImmutableConflict);

        PartitionPublisher.Publish(dictionary.Resolve(root, "merchant_attributes", tokens, S7Errors.SchemaInvalid), staging =>
            WriteParquet(staging, n, [
                (new("merchant_id", ParquetColumnKind.Int64), ids),
                (new("mcc", ParquetColumnKind.Int32), mcc),
                (new("channel", ParquetColumnKind.String), channel),
                (new("home_country_iso", ParquetColumnKind.String), home),
            ]), S7Errors.ImmutableConflict);

        var nbFolder = Path.Combine(dictionary.Resolve(root, "rng_event_nb_final", tokens, S7Errors.SchemaInvalid), $"run_id={PathToken.Require("nb_run_id", options.NbRunId)}");
        PartitionPublisher.Publish(nbFolder, staging =>
        {
            using var writer = new StreamWriter(Path.Combine(staging, "part-00000.jsonl"), false, new UTF8Encoding(false), 1 << 20);
            var seed = lineage.Seed.ToString(CultureInfo.InvariantCulture);
            for (var k = 0; k < n; k++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{{\"ts_utc\":\"2024-06-01T00:00:00.000000Z\",\"run_id\":\"{options.NbRunId}\",\"seed\":{seed},\"parameter_hash\":\"{lineage.ParameterHash}\",\"manifest_fingerprint\":\"{lineage.ManifestFingerprint}\",\"module\":\"1A.nb_sampler\",\"substream_label\":\"nb_final\",\"rng_counter_before_lo\":0,\"rng_counter_before_hi\":0,\"rng_counter_after_lo\":0,\"rng_counter_after_hi\":0,\"blocks\":0,\"draws\":\"0\",\"merchant_id\":{ids[k]},\"n_outlets\":{outlets[k]},\"nb_rejections\":0}}\n"));
            }
        }, S7Errors.ImmutableConflict);

        var hyper = dictionary.Resolve(root, "crossborder_hyperparams", tokens, S7Errors.SchemaInvalid);
        if (!File.Exists(hyper))
        {
            PartitionPublisher.WriteFileAtomically(hyper, Encoding.UTF8.GetBytes(FixtureHyperparameters()));
        }

        return rowMerchant.Count;
    }

    /// <summary>
    /// The default hyperparameters plus generated vectors for larger country sets, so that a fixture run uses every
    /// rung of the fallback ladder: (home, m) for six homes and (home, channel, m) for two, m = 5..20.
    /// </summary>
    public static string FixtureHyperparameters()
    {
        var sb = new StringBuilder(Segment1AContracts.DefaultHyperparametersYaml());
        for (var m = 5; m <= 20; m++)
        {
            var alpha = string.Join(", ", Enumerable.Range(0, m).Select(j => (j == 0 ? 3.0 : 1.0 / j).ToString("R", CultureInfo.InvariantCulture)));
            foreach (var home in new[] { "GB", "DE", "FR", "US", "NL", "ES" })
            {
                sb.Append(CultureInfo.InvariantCulture, $"    - {{ home: {home}, m: {m}, alpha: [{alpha}] }}\n");
            }

            foreach (var home in new[] { "IT", "SE" })
            {
                sb.Append(CultureInfo.InvariantCulture, $"    - {{ home: {home}, channel: card_present, m: {m}, alpha: [{alpha}] }}\n");
            }
        }

        return sb.ToString();
    }

    private static int Pick(ref PhiloxStream stream, int count) => Math.Min(count - 1, (int)(Uniforms.Next(ref stream) * count));

    // One part file (part-00000.parquet) through the data plane's writer, row groups of 2^20 rows.
    private static void WriteParquet(string folder, int rows, (ParquetColumnSpec Spec, Array Values)[] columns)
    {
        const int groupRows = 1 << 20;
        using var writer = new ParquetPartitionWriter(folder, columns.Select(c => c.Spec).ToArray(), int.MaxValue);
        for (var start = 0; start < rows; start += groupRows)
        {
            var len = Math.Min(groupRows, rows - start);
            var slices = columns.Select(c => start == 0 ? c.Values : Slice(c.Values, start, len)).ToArray();
            writer.WriteRowGroup(slices, len);
        }

        writer.Complete();
    }

    private static Array Slice(Array values, int start, int length)
    {
        var slice = Array.CreateInstance(values.GetType().GetElementType()!, length);
        Array.Copy(values, start, slice, 0, length);
        return slice;
    }
}
