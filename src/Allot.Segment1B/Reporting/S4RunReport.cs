using System.Text.Json;
using System.Text.Json.Serialization;
using Allot.Data.Diagnostics;
using Allot.Data.Json;
using Allot.Segment1B.Allocation;
using Allot.Segment1B.Validation;

namespace Allot.Segment1B.Reporting;

/// <summary>
/// <c>s4_run_report.json</c>: the one type that S4 writes, the validator and the report section read back, and the CLI
/// prints from. Written by <see cref="AllotJson"/> in canonical form (keys sorted, 2-space indent) with
/// <c>merchant_summaries</c> streamed merchant by merchant. Field meanings: <c>docs/segment1b-s4.md</c>.
/// </summary>
public sealed record S4RunReport
{
    /// <summary>Name of the streamed per-merchant array.</summary>
    public const string SummariesKey = "merchant_summaries";

    /// <summary>
    /// Every field a report must have (merchant_summaries and timings are optional): the JSON names of this record's
    /// <c>required</c> properties, so the list is never spelled a second time.
    /// </summary>
    public static IReadOnlyList<string> RequiredFields { get; } =
        [.. new JsonSerializerOptions(AllotJson.Options) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() }
            .GetTypeInfo(typeof(S4RunReport)).Properties.Where(p => p.IsRequired).Select(p => p.Name)];

    /// <summary>The seed token (a number written by another producer is read as its text).</summary>
    [JsonConverter(typeof(TokenTextConverter))]
    public required string Seed { get; init; }

    /// <summary>The manifest fingerprint token.</summary>
    [JsonConverter(typeof(TokenTextConverter))]
    public required string ManifestFingerprint { get; init; }

    /// <summary>The parameter hash token.</summary>
    [JsonConverter(typeof(TokenTextConverter))]
    public required string ParameterHash { get; init; }

    /// <summary>Plan rows written.</summary>
    public required long RowsEmitted { get; init; }

    /// <summary>Distinct merchants in S3.</summary>
    public required long MerchantsTotal { get; init; }

    /// <summary>(merchant, country) requirement pairs.</summary>
    public required long PairsTotal { get; init; }

    /// <summary>Σ shortfall over pairs = number of +1 increments.</summary>
    public required long ShortfallTotal { get; init; }

    /// <summary>+1 increments decided by the tile_id rule.</summary>
    public required long TiesBrokenTotal { get; init; }

    /// <summary>Every pair's rows sum to its n_sites (always true in a written report).</summary>
    public required bool AllocSumEqualsRequirements { get; init; }

    /// <summary>Versions of the reference data read.</summary>
    public required S4IngressVersions IngressVersions { get; init; }

    /// <summary>The partition and its hash.</summary>
    public required S4DeterminismReceipt DeterminismReceipt { get; init; }

    /// <summary>Bytes of the s3_requirements files read.</summary>
    [JsonPropertyName("bytes_read_s3")]
    public required long BytesReadS3 { get; init; }

    /// <summary>Bytes of the tile_weights files read.</summary>
    public required long BytesReadWeights { get; init; }

    /// <summary>Bytes of the tile_index files read.</summary>
    public required long BytesReadIndex { get; init; }

    /// <summary>Wall time of the whole state, seconds.</summary>
    public required double WallClockSecondsTotal { get; init; }

    /// <summary>Process CPU time over the same span, seconds.</summary>
    public required double CpuSecondsTotal { get; init; }

    /// <summary>Peak number of chunks computed at the same moment.</summary>
    public required long WorkersUsed { get; init; }

    /// <summary>Peak resident set of the process, bytes.</summary>
    public required long MaxWorkerRssBytes { get; init; }

    /// <summary>Largest number of open file descriptors seen.</summary>
    public required long OpenFilesPeak { get; init; }

    /// <summary>Optional breakdown by phase, seconds.</summary>
    public IReadOnlyDictionary<string, double>? TimingsSeconds { get; init; }

    /// <summary>Who ran the shards (silos, shards per silo, re-dispatches) when a cluster did; absent for a local
    /// run. Outside the determinism receipt and ignored by the validator (docs/cluster.md).</summary>
    public System.Text.Json.Nodes.JsonObject? Execution { get; init; }

    /// <summary>The report of one run.</summary>
    public static S4RunReport Build(Segment1BLayout layout, S4Inputs inputs, PlanTotals totals, string sha256Hex, RunMeasurement meter, IReadOnlyDictionary<string, double> timings)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(timings);
        var id = layout.Identity;
        return new S4RunReport
        {
            Seed = id.Seed,
            ManifestFingerprint = id.ManifestFingerprint,
            ParameterHash = id.ParameterHash,
            RowsEmitted = totals.RowsEmitted,
            MerchantsTotal = totals.MerchantsTotal,
            PairsTotal = totals.PairsTotal,
            ShortfallTotal = totals.ShortfallTotal,
            TiesBrokenTotal = totals.TiesBrokenTotal,
            AllocSumEqualsRequirements = totals.AllocSumEqualsRequirements,
            IngressVersions = new S4IngressVersions(layout.IsoVersion),
            DeterminismReceipt = new S4DeterminismReceipt(layout.AllocPlanRelative, sha256Hex),
            BytesReadS3 = inputs.BytesReadRequirements,
            BytesReadWeights = inputs.BytesReadWeights,
            BytesReadIndex = inputs.BytesReadIndex,
            WallClockSecondsTotal = Math.Round(meter.WallClockSeconds, 6),
            CpuSecondsTotal = Math.Round(meter.CpuSeconds, 6),
            WorkersUsed = totals.WorkersUsed,
            MaxWorkerRssBytes = meter.PeakResidentBytes,
            OpenFilesPeak = meter.OpenFilesPeak,
            TimingsSeconds = timings.ToDictionary(t => t.Key, t => Math.Round(t.Value, 6), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Writes the report to <paramref name="path"/> (a staged file of the run's publication): <paramref name="report"/>'s fields plus <c>merchant_summaries</c>, streamed
    /// merchant by merchant (a plan with millions of merchants never holds its summaries in memory), all keys sorted.
    /// </summary>
    public static void Write(string path, S4RunReport report, RequirementPairs pairs, int[] rowsPerPair)
    {
        var head = AllotJson.ToNode(report);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using var writer = new Utf8JsonWriter(stream, AllotJson.CanonicalWriterOptions);
            writer.WriteStartObject();
            var keys = head.Select(p => p.Key).Append(SummariesKey).Order(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                writer.WritePropertyName(key);
                if (key != SummariesKey)
                {
                    AllotJson.WriteSorted(writer, head[key]);
                    continue;
                }

                WriteSummaries(writer, pairs, rowsPerPair);
            }

            writer.WriteEndObject();
            writer.Flush();
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>
    /// Writes <c>merchant_summaries</c> as an array, merchant by merchant, with the writer's primitives: the same
    /// bytes as serialising each <see cref="MerchantSummary"/> (keys in sorted order: countries, merchant_id,
    /// n_sites_total, pairs, tiles), about ten times faster (a test holds the two equal).
    /// </summary>
    internal static void WriteSummaries(Utf8JsonWriter writer, RequirementPairs pairs, int[] rowsPerPair)
    {
        writer.WriteStartArray();
        Span<byte> digits = stackalloc byte[48];
        var written = 0;
        foreach (var summary in EnumerateSummaries(pairs, rowsPerPair))
        {
            var (merchant, countries, tiles, sites) = (summary.MerchantId, summary.Countries, summary.Tiles!.Value, summary.NSitesTotal);
            writer.WriteStartObject();
            writer.WriteNumber(SummaryKeys.Countries, countries);
            writer.WriteNumber(SummaryKeys.MerchantId, merchant);
            if (sites <= long.MaxValue)
            {
                writer.WriteNumber(SummaryKeys.NSitesTotal, (long)sites);
            }
            else
            {
                // An exact 128-bit sum: written as its digits, as the serialiser's Int128 converter does.
                sites.TryFormat(digits, out var length, default, System.Globalization.CultureInfo.InvariantCulture);
                writer.WritePropertyName(SummaryKeys.NSitesTotal);
                writer.WriteRawValue(digits[..length], skipInputValidation: true);
            }

            writer.WriteNumber(SummaryKeys.Pairs, countries);
            writer.WriteNumber(SummaryKeys.Tiles, tiles);
            writer.WriteEndObject();
            if (++written % 8192 == 0)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Reads a report back without holding it whole: returns its fields and hands each merchant summary to
    /// <paramref name="onSummary"/> (null for an element that is not an object).
    /// </summary>
    /// <exception cref="JsonException">Malformed JSON, or a field missing or of the wrong type (the message names it).</exception>
    public static S4RunReport Read(string path, Action<MerchantSummary?> onSummary)
    {
        ArgumentNullException.ThrowIfNull(onSummary);
        var head = StreamingReportReader.Read(
            path,
            SummariesKey,
            item => onSummary(item is null ? null : AllotJson.Read<MerchantSummary>(item)),
            fast: (ref Utf8JsonReader item) =>
            {
                if (!TryReadSummary(ref item, out var summary))
                {
                    return false;
                }

                onSummary(summary);
                return true;
            });
        if (head.ContainsKey(SummariesKey))
        {
            throw new JsonException("merchant_summaries must be an array.");
        }

        return AllotJson.Read<S4RunReport>(head);
    }

    /// <summary>
    /// A summary read straight from the reader when it has the usual shape — an object whose members are
    /// countries, merchant_id, n_sites_total, pairs and optionally tiles, each once, each an integer that fits 64
    /// bits; false for anything else, which then goes through the serialiser (same result, same errors).
    /// </summary>
    internal static bool TryReadSummary(ref Utf8JsonReader item, out MerchantSummary? summary)
    {
        summary = null;
        if (item.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        long countries = 0, merchant = 0, sites = 0, pairs = 0, tiles = 0;
        var seen = 0;
        while (item.Read() && item.TokenType == JsonTokenType.PropertyName)
        {
            var bit = item.ValueTextEquals("countries"u8) ? 1
                : item.ValueTextEquals("merchant_id"u8) ? 2
                : item.ValueTextEquals("n_sites_total"u8) ? 4
                : item.ValueTextEquals("pairs"u8) ? 8
                : item.ValueTextEquals("tiles"u8) ? 16
                : 0;
            if (bit == 0 || (seen & bit) != 0 || !item.Read() || item.TokenType != JsonTokenType.Number || !item.TryGetInt64(out var value))
            {
                return false;
            }

            seen |= bit;
            switch (bit)
            {
                case 1: countries = value; break;
                case 2: merchant = value; break;
                case 4: sites = value; break;
                case 8: pairs = value; break;
                default: tiles = value; break;
            }
        }

        if (item.TokenType != JsonTokenType.EndObject || (seen & 15) != 15)
        {
            return false;
        }

        summary = new MerchantSummary(merchant, countries, pairs, (seen & 16) != 0 ? tiles : null, sites);
        return true;
    }

    /// <summary>The per-merchant summaries in merchant order (pairs must be sorted by merchant).</summary>
    public static IEnumerable<MerchantSummary> EnumerateSummaries(RequirementPairs pairs, int[] rowsPerPair)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(rowsPerPair);
        var i = 0;
        while (i < pairs.Count)
        {
            var merchant = pairs.MerchantIds[i];
            long countries = 0, tiles = 0;
            Int128 sites = 0;
            for (; i < pairs.Count && pairs.MerchantIds[i] == merchant; i++)
            {
                countries++;
                tiles += rowsPerPair[i];
                sites += pairs.NSites[i];
            }

            yield return new MerchantSummary(merchant, countries, countries, tiles, sites);
        }
    }

    // The summary keys, pre-encoded once.
    private static class SummaryKeys
    {
        public static readonly JsonEncodedText Countries = JsonEncodedText.Encode("countries");
        public static readonly JsonEncodedText MerchantId = JsonEncodedText.Encode("merchant_id");
        public static readonly JsonEncodedText NSitesTotal = JsonEncodedText.Encode("n_sites_total");
        public static readonly JsonEncodedText Pairs = JsonEncodedText.Encode("pairs");
        public static readonly JsonEncodedText Tiles = JsonEncodedText.Encode("tiles");
    }
}
