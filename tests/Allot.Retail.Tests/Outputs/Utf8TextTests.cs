using System.Globalization;
using System.Text;
using Allot.Retail.Outputs;
using CsCheck;

namespace Allot.Retail.Tests.Outputs;

public class Utf8TextTests
{
    [Fact]
    public void Pieces_AreTheUtf8OfTheSameTextBuiltAsCharacters_ForAnyPieces()
    {
        // The rationale is built from literals, labels (encoded once and reused), text and numbers formatted as UTF-8:
        // the bytes must be those of the same text built as a string and encoded whole.
        var label = Gen.OneOf(Gen.Const("Moderate"), Gen.Const("四季"), Gen.Const("Fashion 店"), Gen.String[Gen.Char["a店 é"], 0, 6]);
        var piece = Gen.OneOf(
            label.Select(l => ((Action<Utf8Text>)(t => t.AppendLabel(l)), l)),
            label.Select(l => ((Action<Utf8Text>)(t => t.Append(l.AsSpan())), l)),
            Gen.Long.Select(v => ((Action<Utf8Text>)(t => t.Append(v)), v.ToString(CultureInfo.InvariantCulture))),
            Gen.Double.Select(v => ((Action<Utf8Text>)(t => t.Append(v * 100, "0.0")), (v * 100).ToString("0.0", CultureInfo.InvariantCulture))),
            Gen.Decimal.Select(v => ((Action<Utf8Text>)(t => t.Append(v)), v.ToString(CultureInfo.InvariantCulture))));
        var text = new Utf8Text(); // one builder for every sample, as the pick list reuses one per writer
        piece.Array[0, 40].Sample(pieces =>
        {
            lock (text)
            {
                text.Clear();
                foreach (var (append, _) in pieces)
                {
                    append(text);
                }

                var expected = string.Concat(pieces.Select(p => p.Item2));
                Assert.Equal(Encoding.UTF8.GetBytes(expected), text.Span.ToArray());
                Assert.Equal(expected, text.ToString());
            }
        }, iter: 500);
    }

    [Fact]
    public void LoneSurrogate_Refused()
    {
        Assert.Throws<EncoderFallbackException>(() => new Utf8Text().Append("a\uD800b".AsSpan()));
        Assert.Throws<EncoderFallbackException>(() => new Utf8Text().AppendLabel("a\uDC00"));
    }
}
