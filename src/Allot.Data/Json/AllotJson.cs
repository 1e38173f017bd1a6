using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Allot.Data.Json;

/// <summary>
/// The one JSON serialiser of the product. Records are serialised with snake_case keys; every document comes out in
/// one of two stable shapes: the <b>canonical</b> form of run reports and receipts (object keys sorted ordinally at
/// every depth, 2-space indent, <c>\n</c> line ends, a trailing newline, UTF-8 without BOM, no escaping of plain
/// punctuation or non-ASCII text) and the <b>line</b> form of CLI summaries and error records (the same, on one line,
/// without the trailing newline).
/// </summary>
public static class AllotJson
{
    /// <summary>Serializer options of every record: snake_case keys, relaxed escaping, nulls omitted.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    // Reading is stricter: a null where the record's type says non-null is a malformed document, not a value; a key
    // given twice is ambiguous (the serialiser would keep the last value silently), not the last value.
    private static readonly JsonSerializerOptions ReadOptions = new(Options) { RespectNullableAnnotations = true, AllowDuplicateProperties = false };

    private static readonly JsonDocumentOptions StrictDocument = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// Parses a document that another tool (or a person) may have written, refusing a key given twice in any object:
    /// <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> accepts it and the
    /// <see cref="JsonObject"/> then throws <see cref="ArgumentException"/> when first read, which is no input error.
    /// </summary>
    /// <exception cref="JsonException">Malformed JSON, or a repeated key (the message names it).</exception>
    public static JsonNode? ParseStrict(string json) => JsonNode.Parse(json, documentOptions: StrictDocument);

    /// <summary>As <see cref="ParseStrict(string)"/>, for the complete value <paramref name="reader"/> is on (it moves past it).</summary>
    /// <exception cref="JsonException">Malformed JSON, or a repeated key (the message names it).</exception>
    public static JsonNode? ParseStrict(ref Utf8JsonReader reader)
    {
        JsonKeySet.ThrowIfAnyKeyRepeated(reader);
        return JsonNode.Parse(ref reader);
    }

    /// <summary>The writer options of the canonical form (2-space indent, <c>\n</c>, relaxed escaping).</summary>
    public static JsonWriterOptions CanonicalWriterOptions => new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The record <paramref name="value"/> as a node (snake_case keys), e.g. to stream it piece by piece.</summary>
    public static JsonObject ToNode<T>(T value) =>
        JsonSerializer.SerializeToNode(value, Options) as JsonObject ?? throw new ArgumentException("the value does not serialise to a JSON object.", nameof(value));

    /// <summary>The canonical bytes of the record (or node) <paramref name="value"/>.</summary>
    public static byte[] ToCanonicalBytes<T>(T value) => CanonicalBytesOf(value as JsonNode ?? ToNode(value));

    /// <summary>The canonical bytes of <paramref name="node"/>.</summary>
    public static byte[] ToCanonicalBytes(JsonNode node) => CanonicalBytesOf(node);

    /// <summary>The record (or node) <paramref name="value"/> on one line with sorted keys (CLI summaries on stdout).</summary>
    public static string ToLine<T>(T value) => LineOf(value as JsonNode ?? ToNode(value));

    /// <summary><paramref name="node"/> on one line with sorted keys.</summary>
    public static string ToLine(JsonNode node) => LineOf(node);

    private static byte[] CanonicalBytesOf(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalWriterOptions))
        {
            WriteSorted(writer, node);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static string LineOf(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteSorted(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes <paramref name="node"/> with sorted keys into a writer (for documents streamed piece by piece).</summary>
    public static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary>Reads a record from <paramref name="node"/>.</summary>
    /// <exception cref="JsonException">A field is missing or of the wrong type (the message names it).</exception>
    public static T Read<T>(JsonNode node) =>
        node.Deserialize<T>(ReadOptions) ?? throw new JsonException($"expected a {typeof(T).Name}, found null.");

    /// <summary>Reads a record from UTF-8 JSON bytes.</summary>
    /// <exception cref="JsonException">Malformed JSON, or a field missing or of the wrong type.</exception>
    public static T Read<T>(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<T>(utf8, ReadOptions) ?? throw new JsonException($"expected a {typeof(T).Name}, found null.");
}
