using System.Text;
using Allot.Data.Streams;

namespace Allot.Data.Tests.Streams;

/// <summary>Bytes written in pieces reach the writer as the same text, even when a character is split between pieces.</summary>
public sealed class TextWriterStreamTests
{
    [Fact]
    public void MultiByteCharacters_SplitAcrossWrites_ArriveWhole()
    {
        var bytes = Encoding.UTF8.GetBytes("店铺 01008, Zürich\n");
        using var text = new StringWriter();
        using (var stream = new TextWriterStream(text))
        {
            // One byte at a time: every multi-byte sequence is split.
            foreach (var b in bytes)
            {
                stream.Write([b]);
            }
        }

        Assert.Equal("店铺 01008, Zürich\n", text.ToString());
    }

    [Fact]
    public void InvalidUtf8_IsRefused_NotReplaced()
    {
        using var text = new StringWriter();
        using var stream = new TextWriterStream(text);
        Assert.Throws<DecoderFallbackException>(() => stream.Write([0x66, 0xFF, 0x66]));
    }
}
