using System.Text.Json;

namespace Allot.Engine.Segment1A.Validation;

/// <summary>Reads a JSONL file one object at a time, remembering the line number for messages.</summary>
internal sealed class JsonlCursor : IDisposable
{
    private readonly StreamReader _reader;

    public JsonlCursor(string file)
    {
        File = file;
        _reader = new StreamReader(file, System.Text.Encoding.UTF8, false, 1 << 20);
    }

    public string File { get; }

    public long Line { get; private set; }

    /// <summary>The next object, or null at the end. A line that is not a JSON object is <c>E_RNG_ENVELOPE</c>.</summary>
    public JsonDocument? Next()
    {
        var text = _reader.ReadLine();
        if (text is null)
        {
            return null;
        }

        Line++;
        try
        {
            var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw S7Errors.Fail(S7Errors.RngEnvelope, "the line is not a JSON object.", File, Line);
            }

            return doc;
        }
        catch (JsonException ex)
        {
            throw S7Errors.Fail(S7Errors.RngEnvelope, $"the line is not valid JSON: {ex.Message}", File, Line);
        }
    }

    public void Dispose() => _reader.Dispose();
}
