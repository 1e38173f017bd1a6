using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Allot.Data.Reports;

/// <summary>
/// Report and receipt JSON in one stable shape: object keys sorted ordinally at every depth, 2-space indent,
/// <c>\n</c> line ends, a trailing newline, UTF-8 without BOM, and no escaping of plain ASCII punctuation.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Serialises <paramref name="node"/> with sorted keys.</summary>
    public static byte[] ToBytes(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, IndentedOptions))
        {
            Write(writer, node);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Serialises <paramref name="node"/> on one line with sorted keys (for stderr/stdout records).</summary>
    public static string ToLine(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The writer options every canonical document uses (2-space indent, <c>\n</c>, relaxed escaping).</summary>
    public static JsonWriterOptions IndentedOptions => new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="node"/> with sorted keys into an existing writer (for documents streamed piece by piece).</summary>
    public static void WriteNode(Utf8JsonWriter writer, JsonNode? node) => Write(writer, node);

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
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
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
