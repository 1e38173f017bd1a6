using System.Numerics;
using Allot.Data.Tables;
using CsCheck;

namespace Allot.Data.Tests.Tables;

/// <summary>
/// <see cref="ExactNumber.TryParseSmall"/> (the 64-bit path of <c>allot apportion</c>) never disagrees with the exact
/// parser: when it answers, it gives the same value; when it declines, the exact parser decides.
/// </summary>
public class FastDecimalTests
{
    private static readonly Gen<string> Literal = Gen.Frequency(
        (6, from sign in Gen.Int[0, 2].Select(i => i == 0 ? string.Empty : i == 1 ? "-" : "+")
            from i in Gen.String[Gen.Char["0123456789"], 0, 12]
            from dot in Gen.Bool
            from f in Gen.String[Gen.Char["0123456789"], 0, 12]
            select sign + i + (dot ? "." + f : string.Empty)),
        (1, Gen.String[Gen.Char["0123456789.e+- x"], 0, 25]));

    [Fact]
    public void WhenItAnswers_ItEqualsTheExactParser()
    {
        Literal.Sample(text =>
        {
            if (ExactNumber.TryParseSmall(text, out var magnitude, out var scale, out var negative))
            {
                Assert.True(ExactNumber.TryParse(text, out var exact));
                var value = new BigInteger(magnitude) * (negative ? -1 : 1);
                Assert.Equal(exact.Numerator * BigInteger.Pow(10, scale), value * exact.Denominator);
            }
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("1234567890123456789", true)] // 19 digits: the largest that always fits in 64 bits
    [InlineData("12345678901234567890", false)] // 20 digits: declined, the exact parser reads it
    [InlineData(" 1", false)]
    [InlineData("1e3", false)]
    [InlineData(".", false)]
    [InlineData("-0.000", true)]
    public void DeclinesWhatItCannotHoldExactly(string text, bool answers)
    {
        Assert.Equal(answers, ExactNumber.TryParseSmall(text, out _, out _, out _));
        Assert.True(ExactNumber.TryParse(text, out _) || text == ".");
    }
}
