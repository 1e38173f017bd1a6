using System.Collections.Concurrent;
using System.Text.Json;
using Allot.Core.Errors;

namespace Allot.Segment1A.Validation;

/// <summary>
/// Reads a JSONL file one object at a time, remembering the line number for messages. Lines are read and parsed
/// ahead on a background task in batches (bounded), so parsing overlaps with the checks; errors surface in file
/// order exactly where a serial reader would raise them.
/// </summary>
internal sealed class JsonlCursor : IDisposable
{
    private const int BatchSize = 2048;
    private readonly BlockingCollection<Batch> _queue = new(boundedCapacity: 8);
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _producer;
    private Batch? _current;
    private int _index;

    public JsonlCursor(string file)
    {
        File = file;
        _producer = Task.Run(Produce);
    }

    public string File { get; }

    public long Line { get; private set; }

    /// <summary>The next object, or null at the end. A line that is not a JSON object is <c>E_RNG_ENVELOPE</c>.</summary>
    public JsonDocument? Next()
    {
        while (_current is null || _index >= _current.Docs.Count)
        {
            if (_current?.Error is { } error)
            {
                Line = _current.ErrorLine;
                throw error;
            }

            if (!_queue.TryTake(out _current, Timeout.Infinite))
            {
                return null;
            }

            _index = 0;
        }

        Line = _current.Lines[_index];
        return _current.Docs[_index++];
    }

    public void Dispose()
    {
        _cancel.Cancel();
        try
        {
            _producer.Wait();
        }
        catch (AggregateException)
        {
            // Cancelled or failed: nothing more to read.
        }

        while (_current is not null && _index < _current.Docs.Count)
        {
            _current.Docs[_index++].Dispose();
        }

        while (_queue.TryTake(out var batch))
        {
            batch.Docs.ForEach(d => d.Dispose());
        }

        _queue.Dispose();
        _cancel.Dispose();
    }

    private void Produce()
    {
        try
        {
            using var reader = new StreamReader(File, System.Text.Encoding.UTF8, false, 1 << 20);
            long line = 0;
            var batch = new Batch();
            string? text;
            while ((text = reader.ReadLine()) is not null)
            {
                line++;
                try
                {
                    var doc = JsonDocument.Parse(text);
                    if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        doc.Dispose();
                        batch.Fail(S7Errors.Fail(S7Errors.RngEnvelope, "the line is not a JSON object.", File, line), line);
                        break;
                    }

                    batch.Docs.Add(doc);
                    batch.Lines.Add(line);
                }
                catch (JsonException ex)
                {
                    batch.Fail(S7Errors.Fail(S7Errors.RngEnvelope, $"the line is not valid JSON: {ex.Message}", File, line), line);
                    break;
                }

                if (batch.Docs.Count == BatchSize)
                {
                    _queue.Add(batch, _cancel.Token);
                    batch = new Batch();
                }
            }

            _queue.Add(batch, _cancel.Token);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _queue.CompleteAdding();
        }
    }

    private sealed class Batch
    {
        public List<JsonDocument> Docs { get; } = new(BatchSize);

        public List<long> Lines { get; } = new(BatchSize);

        public AllotException? Error { get; private set; }

        public long ErrorLine { get; private set; }

        public void Fail(AllotException error, long line)
        {
            Error = error;
            ErrorLine = line;
        }
    }
}
