using System.Buffers;
using System.Text;

namespace Allot.Data.Csv;

/// <summary>Locates the first invalid UTF-8 sequence of a CSV file and the record it falls in (error path only).</summary>
internal static class Utf8Scan
{
    /// <summary>Byte offset of the first invalid sequence and its record: 0 = header, n = data row n.</summary>
    public static (long Offset, long Row) FirstInvalid(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var span = bytes.AsSpan();
        long offset = 0;
        while (!span.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(span, out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                break;
            }

            span = span[consumed..];
            offset += consumed;
        }

        return (offset, RecordOf(bytes.AsSpan(0, (int)offset)));
    }

    // Counts record ends outside quotes (LF, CRLF or a lone CR) before the offset.
    private static long RecordOf(ReadOnlySpan<byte> before)
    {
        long row = 0;
        var quoted = false;
        for (var i = 0; i < before.Length; i++)
        {
            var b = before[i];
            if (b == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (b == (byte)'\n' || (b == (byte)'\r' && (i + 1 >= before.Length || before[i + 1] != (byte)'\n'))))
            {
                row++;
            }
        }

        return row;
    }
}
