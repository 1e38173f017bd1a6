using System.Globalization;
using System.Text.Json;
using Allot.Core.Errors;
using Allot.Data.Json;
using Allot.Data.Publishing;

namespace Allot.Segment1A.Inputs;

/// <summary>
/// Reads the S2 <c>nb_final</c> events of one run: exactly one event per merchant with an integer
/// <c>n_outlets ≥ 1</c>; the embedded <c>seed</c>, <c>parameter_hash</c>, <c>manifest_fingerprint</c> and
/// <c>run_id</c> (when present) must equal the partition's. With several runs, <c>--nb-run-id</c> picks one.
/// </summary>
internal static class NbFinalReader
{
    public static (NbFinalOutlets Outlets, string RunId) Read(string eventsFolder, string? runId, S7Lineage lineage)
    {
        runId = ResolveRun(eventsFolder, runId);
        var folder = Path.Combine(eventsFolder, $"run_id={runId}");
        var files = Directory.EnumerateFiles(folder, "part-*.jsonl").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, "the nb_final run has no part-*.jsonl files.", folder);
        }

        var expected = new NbFinalExpectations(
            System.Text.Encoding.ASCII.GetBytes(lineage.Seed.ToString(CultureInfo.InvariantCulture)),
            System.Text.Encoding.UTF8.GetBytes(lineage.ParameterHash),
            System.Text.Encoding.UTF8.GetBytes(lineage.ManifestFingerprint),
            System.Text.Encoding.UTF8.GetBytes(runId));

        // Streamed through one 4 MB buffer (the events are ~450 bytes each: 10^7 merchants are 4.5 GB of JSONL), into
        // two flat arrays sorted by merchant afterwards: 16 bytes per merchant, where a dictionary takes ~30.
        var events = new Collector(expected, (int)Math.Min(Array.MaxLength, Math.Max(16, files.Sum(f => new FileInfo(f).Length) / 384)));
        var buffer = new byte[1 << 22];
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var row = 0L;
            var filled = 0;
            while (true)
            {
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                filled += read;
                var start = 0;
                for (var newline = buffer.AsSpan(0, filled).IndexOf((byte)'\n'); newline >= 0; newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n'))
                {
                    events.Add(buffer.AsSpan(start, newline), file, ++row);
                    start += newline + 1;
                }

                if (read == 0)
                {
                    if (start < filled)
                    {
                        events.Add(buffer.AsSpan(start, filled - start), file, ++row);
                    }

                    break;
                }

                // Keep the partial last line at the front; a line longer than the buffer grows it.
                var rest = filled - start;
                Buffer.BlockCopy(buffer, start, buffer, 0, rest);
                filled = rest;
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
        }

        var (merchants, outlets, count, sorted) = (events.Merchants, events.Outlets, events.Count, events.Sorted);
        if (!sorted)
        {
            Array.Sort(merchants, outlets, 0, count);
            for (var i = 1; i < count; i++)
            {
                if (merchants[i] == merchants[i - 1])
                {
                    throw Duplicate(files, merchants[i], expected);
                }
            }
        }

        return (new NbFinalOutlets(merchants, outlets, count), runId);
    }

    /// <summary>The error for a merchant with two events, naming the second one's file and line (found by a second pass: errors only).</summary>
    private static AllotException Duplicate(List<string> files, long merchant, NbFinalExpectations expected)
    {
        var seen = false;
        var names = new JsonKeySet();
        foreach (var file in files)
        {
            var row = 0L;
            foreach (var line in File.ReadLines(file))
            {
                row++;
                if (line.Length > 0 && ParseLine(System.Text.Encoding.UTF8.GetBytes(line), expected, file, row, names).Merchant == merchant)
                {
                    if (seen)
                    {
                        return S7Errors.Fail(S7Errors.SchemaInvalid, "a second nb_final event for the merchant: exactly one is allowed.", file, row, $"merchant_id={merchant}");
                    }

                    seen = true;
                }
            }
        }

        return S7Errors.Fail(S7Errors.SchemaInvalid, "a second nb_final event for the merchant: exactly one is allowed.", key: $"merchant_id={merchant}");
    }

    /// <summary>The nb_final run to read: <paramref name="runId"/> when it exists, else the only run (a choice is refused).</summary>
    public static string ResolveRun(string eventsFolder, string? runId)
    {
        if (!Directory.Exists(eventsFolder))
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, "no nb_final events for this seed and parameter hash.", eventsFolder);
        }

        var runs = Directory.EnumerateDirectories(eventsFolder, "run_id=*")
            .Select(Path.GetFileName)
            .Where(n => n is not null && !n.StartsWith(PartitionPublisher.StagingPrefix, StringComparison.Ordinal))
            .Select(n => n!["run_id=".Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
        if (runId is null)
        {
            runId = runs.Count switch
            {
                0 => throw S7Errors.Fail(S7Errors.UpstreamMissing, "no nb_final run folder (run_id=…).", eventsFolder),
                1 => runs[0],
                _ => throw S7Errors.Fail(S7Errors.UpstreamMissing, $"several nb_final runs ({string.Join(", ", runs)}): choose one with --nb-run-id.", eventsFolder),
            };
        }
        else if (!runs.Contains(runId, StringComparer.Ordinal))
        {
            throw S7Errors.Fail(S7Errors.UpstreamMissing, $"nb_final run '{runId}' not found (runs: {string.Join(", ", runs)}).", eventsFolder);
        }

        return runId;
    }

    /// <summary>Reads one event with <see cref="Utf8JsonReader"/> (no per-line allocation).</summary>
    private static (long Merchant, long N) ParseLine(ReadOnlySpan<byte> line, NbFinalExpectations expected, string file, long row, JsonKeySet names)
    {
        names.Clear();
        long? merchant = null;
        long? n = null;
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw S7Errors.Fail(S7Errors.SchemaInvalid, "not a JSON object.", file, row);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!names.Add(ref reader))
                {
                    var key = names.Repeated;
                    throw new AllotException(new AllotError(
                        S7Errors.SchemaInvalid,
                        S7Errors.ClassOf(S7Errors.SchemaInvalid),
                        $"the key '{key}' appears twice in the event: each field of a record is given once (JSON leaves a repeated name to the reader, and keeping either value would be a guess).",
                        new ErrorLocation(File: file, Row: row, Column: key)));
                }

                var name = reader;
                reader.Read();
                if (name.ValueTextEquals("merchant_id"u8))
                {
                    merchant = Integer(ref reader, "merchant_id", file, row);
                }
                else if (name.ValueTextEquals("n_outlets"u8))
                {
                    n = Integer(ref reader, "n_outlets", file, row);
                }
                else if (name.ValueTextEquals("seed"u8))
                {
                    Embedded(ref reader, "seed", expected.Seed, file, row);
                }
                else if (name.ValueTextEquals("parameter_hash"u8))
                {
                    Embedded(ref reader, "parameter_hash", expected.ParameterHash, file, row);
                }
                else if (name.ValueTextEquals("manifest_fingerprint"u8))
                {
                    Embedded(ref reader, "manifest_fingerprint", expected.ManifestFingerprint, file, row);
                }
                else if (name.ValueTextEquals("run_id"u8))
                {
                    Embedded(ref reader, "run_id", expected.RunId, file, row);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, $"not valid JSON: {ex.Message}", file, row);
        }

        return (
            merchant ?? throw S7Errors.Fail(S7Errors.SchemaInvalid, "field 'merchant_id' is missing.", file, row),
            n ?? throw S7Errors.Fail(S7Errors.SchemaInvalid, "field 'n_outlets' is missing.", file, row, $"merchant_id={merchant}"));
    }

    private static long Integer(ref Utf8JsonReader reader, string name, string file, long row) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? value
            : throw S7Errors.Fail(S7Errors.SchemaInvalid, $"field '{name}' is not an integer.", file, row);

    private static void Embedded(ref Utf8JsonReader reader, string name, byte[] expected, string file, long row)
    {
        var matches = reader.TokenType switch
        {
            JsonTokenType.String => reader.ValueTextEquals(expected),
            JsonTokenType.Number => reader.ValueSpan.SequenceEqual(expected),
            _ => false,
        };
        if (!matches)
        {
            var actual = reader.TokenType == JsonTokenType.String ? reader.GetString() : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            throw S7Errors.Fail(S7Errors.PathEmbedMismatch, $"embedded {name} '{actual}' differs from the partition's '{System.Text.Encoding.UTF8.GetString(expected)}'.", file, row);
        }
    }

    /// <summary>Appends (merchant, N) of each event line to two growing arrays.</summary>
    private sealed class Collector(NbFinalExpectations expected, int capacity)
    {
        private readonly JsonKeySet _names = new();

        public long[] Merchants { get; private set; } = new long[capacity];

        public long[] Outlets { get; private set; } = new long[capacity];

        public int Count { get; private set; }

        public bool Sorted { get; private set; } = true;

        public void Add(ReadOnlySpan<byte> line, string file, long row)
        {
            if (line.IsEmpty)
            {
                return;
            }

            var (merchant, n) = ParseLine(line, expected, file, row, _names);
            if (merchant < 1)
            {
                // The domain of country_set's merchant_id: an event outside it belongs to no merchant, and keeping it
                // turned the bad line into "a merchant without nb_final" that named neither file nor line.
                throw S7Errors.Fail(S7Errors.SchemaInvalid, $"merchant_id {merchant} must be in 1..2^63−1.", file, row);
            }

            if (n < 1)
            {
                throw S7Errors.Fail(S7Errors.SchemaInvalid, $"n_outlets {n} must be ≥ 1.", file, row, $"merchant_id={merchant}");
            }

            if (Count == Merchants.Length)
            {
                var merchants = Merchants;
                var outlets = Outlets;
                Array.Resize(ref merchants, checked(Count * 2));
                Array.Resize(ref outlets, Count * 2);
                (Merchants, Outlets) = (merchants, outlets);
            }

            if (Count > 0 && merchant <= Merchants[Count - 1])
            {
                if (Sorted && merchant == Merchants[Count - 1])
                {
                    throw S7Errors.Fail(S7Errors.SchemaInvalid, "a second nb_final event for the merchant: exactly one is allowed.", file, row, $"merchant_id={merchant}");
                }

                Sorted = false;
            }

            Merchants[Count] = merchant;
            Outlets[Count++] = n;
        }
    }

    private sealed record NbFinalExpectations(byte[] Seed, byte[] ParameterHash, byte[] ManifestFingerprint, byte[] RunId);
}

/// <summary>N per merchant from nb_final: merchant ids strictly ascending with their outlet counts.</summary>
/// <param name="Merchants">Merchant ids, ascending, no repeats (first <see cref="Count"/> entries).</param>
/// <param name="Outlets">n_outlets of each.</param>
/// <param name="Count">Events read.</param>
internal sealed record NbFinalOutlets(long[] Merchants, long[] Outlets, int Count);
