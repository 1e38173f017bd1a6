using System.Collections.Concurrent;
using Allot.Core.Errors;

namespace Allot.Segment1A.Validation;

/// <summary>
/// Reads a JSONL file one object at a time, remembering the line number for messages. A background task reads
/// the file in large blocks, splits lines and parses each once into a pooled <see cref="JsonLine"/> (no DOM, no
/// string per line), a batch at a time (bounded), so parsing overlaps with the checks; errors surface in file
/// order exactly where a serial reader would raise them. A line returned by <see cref="Next"/> stays valid until
/// the cursor moves past its batch; callers use it before asking for the next one.
/// </summary>
internal sealed class JsonlCursor : IDisposable
{
    private const int BlockBytes = 1 << 20;
    private const int MaxLinesPerBatch = 4096;
    private readonly BlockingCollection<Batch> _queue = new(boundedCapacity: 4);
    private readonly ConcurrentBag<Batch> _free = [];
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _producer;
    private Batch? _current;
    private int _index;

    private readonly long _offset;
    private readonly long _firstLine;

    /// <summary>Reads <paramref name="file"/> from byte <paramref name="offset"/>, where <paramref name="firstLine"/> lines precede.</summary>
    public JsonlCursor(string file, long offset = 0, long firstLine = 0)
    {
        File = file;
        _offset = offset;
        _firstLine = firstLine;
        Line = firstLine;
        _producer = Task.Run(Produce);
    }

    public string File { get; }

    public long Line { get; private set; }

    /// <summary>The next object, or null at the end. A line that is not a JSON object is <c>E_RNG_ENVELOPE</c>.</summary>
    public JsonLine? Next()
    {
        while (_current is null || _index >= _current.Count)
        {
            if (_current?.Error is { } error)
            {
                Line = _current.ErrorLine;
                throw error;
            }

            if (_current is not null)
            {
                _free.Add(_current);
                _current = null;
            }

            if (!_queue.TryTake(out _current, Timeout.Infinite))
            {
                return null;
            }

            _index = 0;
        }

        var line = _current.Lines[_index++];
        Line = line.LineNumber;
        return line;
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

        _queue.Dispose();
        _cancel.Dispose();
    }

    private void Produce()
    {
        try
        {
            using var stream = File.EndsWith(S7LogCompressionFormat.ZstdSuffix, StringComparison.Ordinal)
                ? S7LogCompressionFormat.OpenRead(File)
                : new FileStream(File, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            Skip(stream, _offset);
            var carry = Array.Empty<byte>();
            var carryLength = 0;
            var line = _firstLine;
            var eof = false;
            while (!eof)
            {
                var batch = Rent();
                // The block starts with the unfinished line of the previous block.
                var size = Math.Max(BlockBytes, carryLength * 2);
                if (batch.Buffer.Length < size)
                {
                    batch.Buffer = new byte[size];
                }

                carry.AsSpan(0, carryLength).CopyTo(batch.Buffer);
                var filled = carryLength;
                InvalidDataException? damaged = null;
                while (filled < batch.Buffer.Length)
                {
                    int n;
                    try
                    {
                        n = stream.Read(batch.Buffer, filled, batch.Buffer.Length - filled);
                    }
                    catch (InvalidDataException ex)
                    {
                        // A damaged compressed log: the whole lines before the damage are still checked, then the
                        // line where it starts is reported (it used to end the log there silently).
                        (damaged, n) = (ex, 0);
                    }

                    if (n == 0)
                    {
                        eof = true;
                        break;
                    }

                    filled += n;
                }

                var start = 0;
                while (batch.Count < MaxLinesPerBatch)
                {
                    var newline = batch.Buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                    int end;
                    if (newline >= 0)
                    {
                        end = start + newline;
                    }
                    else if (damaged is not null)
                    {
                        batch.Fail(S7Errors.Fail(S7Errors.RngEnvelope, damaged.Message, File, line + 1), line + 1);
                        _queue.Add(batch, _cancel.Token);
                        return;
                    }
                    else if (eof && start < filled)
                    {
                        end = filled; // last line without a trailing newline
                    }
                    else
                    {
                        break;
                    }

                    line++;
                    var length = end - start;
                    if (length > 0 && batch.Buffer[end - 1] == (byte)'\r')
                    {
                        length--;
                    }

                    var parsed = batch.Line(batch.Count);
                    var problem = parsed.Parse(batch.Buffer, start, length, line);
                    start = Math.Min(end + 1, filled);
                    if (problem is not null)
                    {
                        batch.Fail(S7Errors.Fail(S7Errors.RngEnvelope, problem, File, line), line);
                        _queue.Add(batch, _cancel.Token);
                        return;
                    }

                    batch.Count++;
                }

                // Keep the unread tail for the next block (copied: this buffer now belongs to the batch).
                carryLength = filled - start;
                if (carry.Length < carryLength)
                {
                    carry = new byte[Math.Max(carryLength, BlockBytes)];
                }

                batch.Buffer.AsSpan(start, carryLength).CopyTo(carry);
                if (batch.Count > 0)
                {
                    _queue.Add(batch, _cancel.Token);
                }
                else
                {
                    _free.Add(batch);
                }

                // Lines left in the carry when the line cap was hit are read again from it.
                eof = eof && carryLength == 0;
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _queue.CompleteAdding();
        }
    }

    private static void Skip(Stream stream, long bytes)
    {
        if (bytes == 0)
        {
            return;
        }

        if (stream.CanSeek)
        {
            stream.Seek(bytes, SeekOrigin.Begin);
            return;
        }

        var scratch = new byte[BlockBytes];
        while (bytes > 0)
        {
            var n = stream.Read(scratch, 0, (int)Math.Min(scratch.Length, bytes));
            if (n == 0)
            {
                return;
            }

            bytes -= n;
        }
    }

    private Batch Rent()
    {
        if (_free.TryTake(out var batch))
        {
            batch.Reset();
            return batch;
        }

        return new Batch();
    }

    private sealed class Batch
    {
        private readonly List<JsonLine> _lines = [];

        public byte[] Buffer { get; set; } = [];

        public int Count { get; set; }

        public IReadOnlyList<JsonLine> Lines => _lines;

        public AllotException? Error { get; private set; }

        public long ErrorLine { get; private set; }

        public JsonLine Line(int index)
        {
            while (_lines.Count <= index)
            {
                _lines.Add(new JsonLine());
            }

            return _lines[index];
        }

        public void Reset()
        {
            Count = 0;
            Error = null;
        }

        public void Fail(AllotException error, long line)
        {
            Error = error;
            ErrorLine = line;
        }
    }
}
