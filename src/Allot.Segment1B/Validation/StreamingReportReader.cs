using System.Text.Json;
using System.Text.Json.Nodes;
using Allot.Data.Json;

namespace Allot.Segment1B.Validation;

/// <summary>
/// Reads a run report without holding it whole: every top-level field except one streamed array is collected into
/// a <see cref="JsonObject"/>; the streamed array's objects are handed to a callback one by one. A report with
/// millions of merchant summaries therefore needs memory for one summary at a time.
/// </summary>
internal sealed class StreamingReportReader
{
    private readonly string _streamedKey;
    private readonly Action<JsonObject?> _onItem;
    private readonly ItemFastPath? _fast;
    private readonly JsonObject _head = [];
    private Phase _phase = Phase.Start;
    private bool _streamedSeen;

    private StreamingReportReader(string streamedKey, Action<JsonObject?> onItem, ItemFastPath? fast)
    {
        _streamedKey = streamedKey;
        _onItem = onItem;
        _fast = fast;
    }

    /// <summary>
    /// Takes one whole element of the streamed array straight from the reader (positioned on its first token)
    /// and returns true, or returns false to have it parsed into a <see cref="JsonObject"/> for the callback.
    /// </summary>
    public delegate bool ItemFastPath(ref Utf8JsonReader item);

    private enum Phase
    {
        Start,
        Fields,
        Items,
        Done,
    }

    /// <summary>Reads <paramref name="path"/>; returns the fields other than <paramref name="streamedKey"/>. Throws <see cref="JsonException"/> on malformed JSON.</summary>
    /// <param name="path">The report file.</param>
    /// <param name="streamedKey">The top-level array to stream (e.g. <c>merchant_summaries</c>).</param>
    /// <param name="onItem">Called for each element of that array (null when the element is not an object).</param>
    /// <param name="bufferSize">Initial buffer size; grows when one value does not fit.</param>
    /// <param name="fast">Optional: takes the usual elements without a DOM (see <see cref="ItemFastPath"/>).</param>
    public static JsonObject Read(string path, string streamedKey, Action<JsonObject?> onItem, int bufferSize = 1 << 20, ItemFastPath? fast = null)
    {
        var reader = new StreamingReportReader(streamedKey, onItem, fast);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        var buffer = new byte[Math.Max(16, bufferSize)];
        int start = 0, end = 0;
        var eof = false;
        var state = default(JsonReaderState);
        while (true)
        {
            var json = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, state);
            var progressed = reader.Step(ref json);
            start += (int)json.BytesConsumed;
            state = json.CurrentState;
            if (reader._phase == Phase.Done)
            {
                return reader._head;
            }

            if (!progressed)
            {
                if (eof)
                {
                    throw new JsonException("the report ends before its top-level object is closed.");
                }

                // Keep the unconsumed tail, grow when a single value fills the buffer, then read more.
                var tail = end - start;
                if (start == 0 && tail == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                else
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, tail);
                }

                (start, end) = (0, tail);
                var read = stream.Read(buffer, end, buffer.Length - end);
                end += read;
                eof = read == 0;
            }
        }
    }

    // Consumes as many whole units as the buffer holds; false when more bytes are needed.
    private bool Step(ref Utf8JsonReader json)
    {
        var any = false;
        while (_phase != Phase.Done)
        {
            var checkpoint = json;
            if (!json.Read())
            {
                json = checkpoint;
                return any;
            }

            switch (_phase)
            {
                case Phase.Start:
                    if (json.TokenType != JsonTokenType.StartObject)
                    {
                        throw new JsonException("the report is not a JSON object.");
                    }

                    _phase = Phase.Fields;
                    break;
                case Phase.Fields:
                    if (json.TokenType == JsonTokenType.EndObject)
                    {
                        _phase = Phase.Done;
                        break;
                    }

                    var name = json.GetString()!;
                    if (!json.Read())
                    {
                        json = checkpoint;
                        return any;
                    }

                    if (name == _streamedKey && json.TokenType == JsonTokenType.StartArray)
                    {
                        if (_streamedSeen || _head.ContainsKey(name))
                        {
                            throw new JsonException($"the key '{name}' appears twice in the report object.");
                        }

                        _streamedSeen = true;
                        _phase = Phase.Items;
                        break;
                    }

                    var valueStart = json;
                    if (!json.TrySkip())
                    {
                        json = checkpoint;
                        return any;
                    }

                    // The head is a JsonObject: a repeated name would overwrite the first value, and a field the
                    // report gives twice is two claims, not the last one.
                    if (_head.ContainsKey(name) || (_streamedSeen && name == _streamedKey))
                    {
                        throw new JsonException($"the key '{name}' appears twice in the report object.");
                    }

                    _head[name] = AllotJson.ParseStrict(ref valueStart);
                    break;
                default:
                    if (json.TokenType == JsonTokenType.EndArray)
                    {
                        _phase = Phase.Fields;
                        break;
                    }

                    var itemStart = json;
                    if (!json.TrySkip())
                    {
                        json = checkpoint;
                        return any;
                    }

                    var copy = itemStart;
                    if (_fast is null || !_fast(ref copy))
                    {
                        _onItem(AllotJson.ParseStrict(ref itemStart) as JsonObject);
                    }

                    break;
            }

            any = true;
        }

        return true;
    }
}
