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

    /// <summary>
    /// What a file that is not text is, by its first bytes (a compressed file, a ZIP archive such as an .xlsx workbook,
    /// a Parquet file), with what to do; null when nothing is recognised.
    /// </summary>
    public static string? NotText(string path)
    {
        Span<byte> head = stackalloc byte[6];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (IOException)
        {
            return null;
        }

        var h = head[..read];
        return h switch
        {
            [0x1F, 0x8B, ..] => "gzip-compressed; decompress it first (gunzip)",
            [0x28, 0xB5, 0x2F, 0xFD, ..] => "zstd-compressed; decompress it first (zstd -d)",
            [0x42, 0x5A, 0x68, ..] => "bzip2-compressed; decompress it first (bunzip2)",
            [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00] => "xz-compressed; decompress it first (unxz)",
            [0x50, 0x4B, 0x03, 0x04, ..] => "a ZIP archive (an Excel .xlsx workbook is one); export the sheet as \"CSV UTF-8\" or unzip it",
            [0x50, 0x41, 0x52, 0x31, ..] => "a Parquet file; give it a name ending in .parquet",
            _ => null,
        };
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
