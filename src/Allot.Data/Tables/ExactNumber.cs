using System.Globalization;
using System.Numerics;

namespace Allot.Data.Tables;

/// <summary>
/// A decimal literal read exactly as a fraction <c>Numerator / 10^Scale</c> (never through binary floating point):
/// <c>0.58</c>, <c>-12</c>, <c>1.5e-3</c>, <c>7E2</c>. Text such as <c>NaN</c> or <c>1/3</c> is not a literal.
/// </summary>
/// <param name="Numerator">Signed numerator.</param>
/// <param name="Denominator">Positive power of ten.</param>
public readonly record struct ExactNumber(BigInteger Numerator, BigInteger Denominator)
{
    /// <summary>
    /// The largest exponent magnitude a literal may carry (<c>1e4000</c>, <c>1e-4000</c>): beyond it a few characters
    /// would make a number of millions of digits.
    /// </summary>
    public const int MaxExponent = 4000;

    /// <summary>True when the value is a whole number.</summary>
    public bool IsInteger => (Numerator % Denominator).IsZero;

    /// <summary>True when the value is below zero.</summary>
    public bool IsNegative => Numerator.Sign < 0;

    /// <summary>The value as a <see cref="long"/> if it is an integer in range.</summary>
    public bool TryToInt64(out long value)
    {
        value = 0;
        if (!IsInteger)
        {
            return false;
        }

        var v = Numerator / Denominator;
        if (v < long.MinValue || v > long.MaxValue)
        {
            return false;
        }

        value = (long)v;
        return true;
    }

    /// <summary>Parses a decimal literal exactly; leading/trailing white space is ignored.</summary>
    public static bool TryParse(string? text, out ExactNumber value) => TryParse(text.AsSpan(), out value);

    /// <summary>
    /// The common case without big integers: a plain literal <c>[+|-]digits[.digits]</c> (no spaces, no exponent)
    /// of at most 19 digits is <c>±magnitude / 10^scale</c>. False for anything else — then use
    /// <see cref="TryParse(ReadOnlySpan{char}, out ExactNumber)"/>, which decides validity; false here never means
    /// invalid.
    /// </summary>
    public static bool TryParseSmall(ReadOnlySpan<char> text, out ulong magnitude, out int scale, out bool negative)
    {
        magnitude = 0;
        scale = 0;
        negative = false;
        var i = 0;
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            i = 1;
        }

        var digits = 0;
        var dot = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if ((uint)(c - '0') <= 9)
            {
                // 19 digits stay below 10^19 < 2^64: no overflow check needed.
                if (++digits > 19)
                {
                    return false;
                }

                magnitude = (magnitude * 10) + (uint)(c - '0');
            }
            else if (c == '.' && dot < 0)
            {
                dot = i;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        scale = dot < 0 ? 0 : text.Length - dot - 1;
        return true;
    }

    /// <summary>Parses a decimal literal exactly; leading/trailing white space is ignored.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ExactNumber value)
    {
        value = default;
        var s = text.Trim();
        if (s.IsEmpty)
        {
            return false;
        }

        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        var exp = 0;
        var e = s.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            if (!int.TryParse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp) || Math.Abs(exp) > MaxExponent)
            {
                return false;
            }

            s = s[..e];
        }

        var dot = s.IndexOf('.');
        ReadOnlySpan<char> intPart = dot >= 0 ? s[..dot] : s;
        ReadOnlySpan<char> fracPart = dot >= 0 ? s[(dot + 1)..] : [];
        if ((intPart.IsEmpty && fracPart.IsEmpty) || !AllDigits(intPart) || !AllDigits(fracPart))
        {
            return false;
        }

        var digits = string.Concat(intPart, fracPart);
        var num = digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        var scale = fracPart.Length - exp;
        BigInteger den;
        if (scale >= 0)
        {
            den = BigInteger.Pow(10, scale);
        }
        else
        {
            num *= BigInteger.Pow(10, -scale);
            den = BigInteger.One;
        }

        value = new ExactNumber(negative ? -num : num, den);
        return true;
    }

    /// <summary>
    /// For text that <see cref="TryParse(ReadOnlySpan{char}, out ExactNumber)"/> refuses only because its exponent is
    /// beyond ±<see cref="MaxExponent"/> (<c>1e-5000</c> is a number, just one this reader does not expand): the
    /// exponent's sign, +1 or −1; otherwise 0. Lets callers say why instead of "not a decimal number".
    /// </summary>
    public static int ExponentBeyondLimit(ReadOnlySpan<char> text)
    {
        var s = text.Trim();
        var e = s.IndexOfAny('e', 'E');
        if (e < 0 || !TryParse(s[..e], out _))
        {
            return 0;
        }

        var exponent = s[(e + 1)..];
        var sign = exponent.Length > 0 && exponent[0] == '-' ? -1 : 1;
        var digits = exponent.Length > 0 && exponent[0] is '+' or '-' ? exponent[1..] : exponent;
        if (digits.IsEmpty || !AllDigits(digits))
        {
            return 0;
        }

        var beyond = digits.TrimStart('0').Length > 9 || int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) > MaxExponent;
        return beyond ? sign : 0;
    }

    /// <summary>The exact value of a binary64 number (every finite double is a dyadic rational).</summary>
    public static ExactNumber FromDouble(double d)
    {
        if (!double.IsFinite(d))
        {
            throw new ArgumentOutOfRangeException(nameof(d), d, "not a finite number");
        }

        // "R" round-trips, but is not exact; use the exact decimal expansion instead (a double has at most
        // 1074 fractional binary digits, so its decimal expansion is finite).
        var bits = BitConverter.DoubleToInt64Bits(d);
        var negative = bits < 0;
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponent == 0)
        {
            exponent++;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        BigInteger num = mantissa;
        BigInteger den = BigInteger.One;
        if (exponent > 0)
        {
            num <<= exponent;
        }
        else if (exponent < 0)
        {
            // m / 2^k = m·5^k / 10^k
            num *= BigInteger.Pow(5, -exponent);
            den = BigInteger.Pow(10, -exponent);
        }

        return new ExactNumber(negative ? -num : num, den);
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var g = BigInteger.GreatestCommonDivisor(Numerator, Denominator);
        var (p, q) = (Numerator / g, Denominator / g);
        return q.IsOne ? p.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{p}/{q}");
    }
}
