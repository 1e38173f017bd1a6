using System.Globalization;
using System.Text;
using Allot.Core.Errors;
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
        // Options, not input data: a usage error (exit 2) as for segment1b fixtures. The share is tested for being
        // inside [0, 1] rather than outside it, so that NaN (which compares false either way) is refused too.
        if (options.Merchants < 1 || options.MaxCountries is < 2 or > 40 || !(options.DomesticShare is >= 0 and <= 1))
        {
            throw ErrorCatalogue.Fail("E_FIXTURE_OPTIONS", string.Create(CultureInfo.InvariantCulture, $"fixtures need merchants ≥ 1, max countries in 2..40 and a domestic share in [0, 1] (got merchants {options.Merchants}, max countries {options.MaxCountries}, domestic share {options.DomesticShare})."));
        }

        var lineage = options.Lineage;
        var master = MasterMaterial.Derive(options.FixtureSeed, lineage.ManifestFingerprint);
        var dictionary = Segment1AContracts.Dictionary();
        var tokens = lineage.Tokens();
        var n = options.Merchants;
        var root = options.DataRoot;
        var nbFolder = Path.Combine(dictionary.Resolve(root, "rng_event_nb_final", tokens, S7Errors.SchemaInvalid), $"run_id={PathToken.Require("nb_run_id", options.NbRunId)}");
        var rows = 0L;

        // One pass over the merchants, streaming the three inputs (row groups of 2^20 rows, nb_final line by line),
        // so that any scale fits in memory; the three partitions are published once all are written.
        PartitionPublisher.Publish(dictionary.Resolve(root, "country_set", tokens, S7Errors.SchemaInvalid), countryStaging =>
            PartitionPublisher.Publish(dictionary.Resolve(root, "merchant_attributes", tokens, S7Errors.SchemaInvalid), merchantStaging =>
                PartitionPublisher.Publish(nbFolder, nbStaging =>
                {
                    using var countrySet = new GroupedWriter(countryStaging, [
                        (new("manifest_fingerprint", ParquetColumnKind.String), typeof(string)),
                        (new("merchant_id", ParquetColumnKind.Int64), typeof(long)),
                        (new("country_iso", ParquetColumnKind.String), typeof(string)),
                        (new("is_home", ParquetColumnKind.Boolean), typeof(bool)),
                        (new("rank", ParquetColumnKind.Int32), typeof(int)),
                    ]);
                    using var merchants = new GroupedWriter(merchantStaging, [
                        (new("merchant_id", ParquetColumnKind.Int64), typeof(long)),
                        (new("mcc", ParquetColumnKind.Int32), typeof(int)),
                        (new("channel", ParquetColumnKind.String), typeof(string)),
                        (new("home_country_iso", ParquetColumnKind.String), typeof(string)),
                    ]);
                    using var nb = new StreamWriter(Path.Combine(nbStaging, "part-00000.jsonl"), false, new UTF8Encoding(false), 1 << 20);
                    var seed = lineage.Seed.ToString(CultureInfo.InvariantCulture);
                    var (setFingerprint, setMerchant, setIso, setHome, setRank) = (countrySet.Column<string>(0), countrySet.Column<long>(1), countrySet.Column<string>(2), countrySet.Column<bool>(3), countrySet.Column<int>(4));
                    var (merchantId, merchantMcc, merchantChannel, merchantHome) = (merchants.Column<long>(0), merchants.Column<int>(1), merchants.Column<string>(2), merchants.Column<string>(3));
                    Array.Fill(setFingerprint, lineage.ManifestFingerprint);
                    void CountryRow(long id, string iso, int rank)
                    {
                        var r = countrySet.Row;
                        (setMerchant[r], setIso[r], setHome[r], setRank[r]) = (id, iso, rank == 0, rank);
                        countrySet.Advance();
                    }

                    Span<int> picks = stackalloc int[Pool.Length];
                    for (var k = 0; k < n; k++)
                    {
                        var id = 1_000_000 + ((long)k * 7) + 3;
                        var s = SubstreamDerivation.Derive(master, "s7.fixtures", (ulong)id);
                        var home = Homes[Pick(ref s, Homes.Length)];
                        var mcc = Mccs[Pick(ref s, Mccs.Length)];
                        var channel = Channels[Pick(ref s, Channels.Length)];
                        var domestic = Uniforms.Next(ref s) < options.DomesticShare;
                        var m = domestic ? 1 : 2 + Pick(ref s, options.MaxCountries - 1);
                        // N: heavy-tailed around 8 outlets; cross-border merchants are larger.
                        var outlets = Math.Min(100_000, 1 + (long)Math.Floor(-Math.Log(Uniforms.Next(ref s)) * (domestic ? 6.0 : 15.0 * m)));
                        CountryRow(id, home, 0);
                        var available = 0;
                        for (var i = 0; i < Pool.Length; i++)
                        {
                            if (Pool[i] != home)
                            {
                                picks[available++] = i;
                            }
                        }

                        for (var j = 1; j < m; j++)
                        {
                            var choice = j - 1 + Pick(ref s, available - (j - 1));
                            (picks[j - 1], picks[choice]) = (picks[choice], picks[j - 1]);
                            CountryRow(id, Pool[picks[j - 1]], j);
                        }

                        rows += m;
                        (merchantId[merchants.Row], merchantMcc[merchants.Row], merchantChannel[merchants.Row], merchantHome[merchants.Row]) = (id, mcc, channel, home);
                        merchants.Advance();
                        nb.Write(string.Create(CultureInfo.InvariantCulture, $"{{\"ts_utc\":\"2024-06-01T00:00:00.000000Z\",\"run_id\":\"{options.NbRunId}\",\"seed\":{seed},\"parameter_hash\":\"{lineage.ParameterHash}\",\"manifest_fingerprint\":\"{lineage.ManifestFingerprint}\",\"module\":\"1A.nb_sampler\",\"substream_label\":\"nb_final\",\"rng_counter_before_lo\":0,\"rng_counter_before_hi\":0,\"rng_counter_after_lo\":0,\"rng_counter_after_hi\":0,\"blocks\":0,\"draws\":\"0\",\"merchant_id\":{id},\"n_outlets\":{outlets},\"nb_rejections\":0}}\n"));
                    }

                    countrySet.Complete();
                    merchants.Complete();
                }, S7Errors.ImmutableConflict), S7Errors.ImmutableConflict), S7Errors.ImmutableConflict);

        var hyper = dictionary.Resolve(root, "crossborder_hyperparams", tokens, S7Errors.SchemaInvalid);
        if (!File.Exists(hyper))
        {
            PartitionPublisher.WriteFileAtomically(hyper, Encoding.UTF8.GetBytes(FixtureHyperparameters()));
        }

        return rows;
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

    /// <summary>One part file (part-00000.parquet) through the data plane's writer, filled row by row, written in row groups of 2^20 rows.</summary>
    private sealed class GroupedWriter : IDisposable
    {
        private const int GroupRows = 1 << 20;
        private readonly ParquetPartitionWriter _writer;
        private readonly Array[] _columns;
        private int _rows;

        public GroupedWriter(string folder, (ParquetColumnSpec Spec, Type Type)[] columns)
        {
            _writer = new ParquetPartitionWriter(folder, columns.Select(c => c.Spec).ToArray(), int.MaxValue);
            _columns = columns.Select(c => Array.CreateInstance(c.Type, GroupRows)).ToArray();
        }

        /// <summary>The row being filled.</summary>
        public int Row => _rows;

        /// <summary>Column <paramref name="c"/>'s buffer, typed.</summary>
        public T[] Column<T>(int c) => (T[])_columns[c];

        /// <summary>Ends the row being filled (writes the group when full).</summary>
        public void Advance()
        {
            if (++_rows == GroupRows)
            {
                Flush();
            }
        }

        public void Complete()
        {
            Flush();
            _writer.Complete();
        }

        public void Dispose() => _writer.Dispose();

        private void Flush()
        {
            if (_rows > 0)
            {
                _writer.WriteRowGroup(_columns, _rows);
                _rows = 0;
            }
        }
    }
}
