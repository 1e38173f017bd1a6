using System.Numerics;
using Allot.Data.Tables;

namespace Allot.Data.Tests.Tables;

public class ExactNumberTests
{
    [Theory]
    [InlineData("0.58", "29/50")]
    [InlineData("12", "12")]
    [InlineData("-1.50", "-3/2")]
    [InlineData(" 7E2 ", "700")]
    [InlineData("1.5e-3", "3/2000")]
    [InlineData(".5", "1/2")]
    [InlineData("5.", "5")]
    [InlineData("+3", "3")]
    public void TryParse_ReadsDecimalLiteralsExactly(string text, string expected)
    {
        Assert.True(ExactNumber.TryParse(text, out var n));
        Assert.Equal(expected, n.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1/3")]
    [InlineData("NaN")]
    [InlineData("1e")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData(null)]
    public void TryParse_RejectsNonLiterals(string? text) => Assert.False(ExactNumber.TryParse(text, out _));

    [Fact]
    public void FromDouble_IsExact()
    {
        // binary64 0.1 is exactly 3602879701896397 / 2^55 = 0.1000000000000000055511151231257827021181583404541015625
        var n = ExactNumber.FromDouble(0.1);
        Assert.Equal("3602879701896397/36028797018963968", n.ToString());
        Assert.Equal(BigInteger.Parse("1000000000000000055511151231257827021181583404541015625") * n.Denominator, n.Numerator * BigInteger.Pow(10, 55));
        Assert.Equal("3", ExactNumber.FromDouble(3.0).ToString());
    }

    [Fact]
    public void TryToInt64_OnlyForIntegers()
    {
        Assert.True(ExactNumber.TryParse("12.000", out var a) && a.TryToInt64(out var v) && v == 12);
        Assert.True(ExactNumber.TryParse("12.5", out var b) && !b.TryToInt64(out _));
        Assert.True(ExactNumber.TryParse("1e30", out var c) && !c.TryToInt64(out _));
    }
}
