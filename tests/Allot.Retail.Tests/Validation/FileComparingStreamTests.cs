using Allot.Retail.Tests.Support;
using Allot.Retail.Validation;
using CsCheck;

namespace Allot.Retail.Tests.Validation;

/// <summary>The validator's streamed comparison of a re-derived output with the file on disk.</summary>
public class FileComparingStreamTests
{
    [Fact]
    public void SameBytes_InAnyWritePieces_Same_AnyChangeOrLengthDifference_Differs()
    {
        using var t = new TempFolder();
        Gen.Byte.Array[0, 200_000].Select(Gen.Int[1, 70_000], Gen.Int[0, 3]).Sample(
            (bytes, piece, change) =>
            {
                var path = Path.Combine(t.Path, $"{Guid.NewGuid():N}.bin"); // samples run in parallel
                File.WriteAllBytes(path, bytes);
                var written = change switch
                {
                    0 => bytes,
                    1 when bytes.Length > 0 => Flip(bytes, bytes.Length * 7 / 11),
                    2 => [.. bytes, 0x0A],
                    _ => bytes.Length > 0 ? bytes[..^1] : [0x0A],
                };
                using var s = new FileComparingStream(path);
                for (var i = 0; i < written.Length; i += piece)
                {
                    s.Write(written.AsSpan(i, Math.Min(piece, written.Length - i)));
                }

                Assert.Equal(written.AsSpan().SequenceEqual(bytes), s.SameAsFile);
            },
            iter: 200);
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x01;
        return copy;
    }
}
