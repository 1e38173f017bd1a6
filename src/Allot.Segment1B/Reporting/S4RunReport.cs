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
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        WriteTo(stream, report, pairs, rowsPerPair);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Runs the report's writing once, for a one-pair plan, into nothing, so that what a cold process compiles for it (the
    /// serialiser's contract for this record, the canonical writer, the summaries' formatter) is compiled on another
    /// thread while the shards run rather than after them.
    /// </summary>
    internal static void WarmUp(Segment1BLayout layout, S4Inputs inputs)
    {
        var totals = new PlanTotals(0, 0, 0, 0, 0, true, 1, []);
        var report = Build(layout, inputs, totals, new string('0', 64), new RunMeasurement(0, 0, 0, 0), new Dictionary<string, double>(StringComparer.Ordinal) { ["s0_gate"] = 0 });
        WriteTo(Stream.Null, report, new RequirementPairs([1], ["AA"], [1]), [1]);
    }

    private static void WriteTo(Stream stream, S4RunReport report, RequirementPairs pairs, int[] rowsPerPair)
    {
        var head = AllotJson.ToNode(report);
        using (var writer = new Utf8JsonWriter(stream, AllotJson.CanonicalWriterOptions))
        {
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

                WriteSummaries(writer, stream, pairs, rowsPerPair);
            }

            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    /// <summary>
    /// Writes <c>merchant_summaries</c> as an array, merchant by merchant: the same bytes as serialising each
    /// <see cref="MerchantSummary"/> with <paramref name="writer"/>'s options (keys in sorted order: countries,
    /// merchant_id, n_sites_total, pairs, tiles; a test holds the two equal, including sums beyond 64 bits), but the
    /// elements are formatted straight into a buffer that goes to <paramref name="output"/> — the stream under
    /// <paramref name="writer"/> — in large blocks: the writer only opens and closes the array (an array it sees as
    /// empty, closed without a line break, after the line break and indent written here).
    /// </summary>
    /// <param name="writer">An indented writer (2 spaces, LF) positioned where the array goes.</param>
    /// <param name="output">The stream <paramref name="writer"/> writes to.</param>
    /// <param name="pairs">The requirements (sorted by merchant).</param>
    /// <param name="rowsPerPair">Plan rows of each pair.</param>
    internal static void WriteSummaries(Utf8JsonWriter writer, Stream output, RequirementPairs pairs, int[] rowsPerPair)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(rowsPerPair);
        writer.WriteStartArray();
        writer.Flush();
        var depth = writer.CurrentDepth;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var at = FormatSummaries(output, buffer, depth, pairs, rowsPerPair);
            if (pairs.Count > 0)
            {
                buffer[at++] = (byte)'\n';
                buffer.AsSpan(at, 2 * (depth - 1)).Fill((byte)' ');
                at += 2 * (depth - 1);
            }

            output.Write(buffer, 0, at);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        writer.WriteEndArray();
    }

    // The elements, formatted into buffer and written to output whenever it fills; returns the bytes left in buffer.
    // One loop with no per-merchant objects (it runs once per merchant: optimised at once in a sub-second process).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int FormatSummaries(Stream output, byte[] buffer, int depth, RequirementPairs pairs, int[] rowsPerPair)
    {
        // Longest element: indents, keys and punctuation (< 2 × 16 × depth + 100) plus five numbers of ≤ 40 digits.
        var reserve = (32 * depth) + 400;
        var merchants = pairs.MerchantIds;
        var sitesOf = pairs.NSites;
        var at = 0;
        var i = 0;
        var first = true;
        while (i < merchants.Length)
        {
            if (buffer.Length - at < reserve)
            {
                output.Write(buffer, 0, at);
                at = 0;
            }

            var merchant = merchants[i];
            long countries = 0, tiles = 0;
            Int128 sites = 0;
            for (; i < merchants.Length && merchants[i] == merchant; i++)
            {
                countries++;
                tiles += rowsPerPair[i];
                sites += sitesOf[i];
            }

            var span = buffer.AsSpan();
            if (!first)
            {
                span[at++] = (byte)',';
            }

            first = false;
            at = Indent(span, at, depth);
            span[at++] = (byte)'{';
            at = Member(span, Indent(span, at, depth + 1), "\"countries\": "u8, countries);
            span[at++] = (byte)',';
            at = Member(span, Indent(span, at, depth + 1), "\"merchant_id\": "u8, merchant);
            span[at++] = (byte)',';
            at = Indent(span, at, depth + 1);
            "\"n_sites_total\": "u8.CopyTo(span[at..]);
            at += 17;
            sites.TryFormat(span[at..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            at += written;
            span[at++] = (byte)',';
            at = Member(span, Indent(span, at, depth + 1), "\"pairs\": "u8, countries);
            span[at++] = (byte)',';
            at = Member(span, Indent(span, at, depth + 1), "\"tiles\": "u8, tiles);
            at = Indent(span, at, depth);
            span[at++] = (byte)'}';
        }

        return at;
    }

    private static int Indent(Span<byte> span, int at, int depth)
    {
        span[at++] = (byte)'\n';
        span.Slice(at, 2 * depth).Fill((byte)' ');
        return at + (2 * depth);
    }

    private static int Member(Span<byte> span, int at, ReadOnlySpan<byte> key, long value)
    {
        key.CopyTo(span[at..]);
        at += key.Length;
        value.TryFormat(span[at..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        return at + written;
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
}
