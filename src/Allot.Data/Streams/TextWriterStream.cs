using System.Text;

namespace Allot.Data.Streams;

/// <summary>
/// A write-only stream that decodes UTF-8 bytes onto a <see cref="TextWriter"/> as they come (a sequence split across
/// two writes is completed by the decoder's state), so renderers that write bytes can print to standard output or a
/// host's writer without holding the whole text.
/// </summary>
public sealed class TextWriterStream(TextWriter writer) : WriteOnlyStream
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private char[] _chars = new char[4096];

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var needed = _decoder.GetCharCount(buffer, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[needed];
        }

        var n = _decoder.GetChars(buffer, _chars, flush: false);
        writer.Write(_chars, 0, n);
    }

    /// <inheritdoc/>
    public override void Flush() => writer.Flush();
}
