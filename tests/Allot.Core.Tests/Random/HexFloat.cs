using System.Globalization;

namespace Allot.Core.Tests.Random;

/// <summary>Parses C99/Python hex floats such as <c>0x1.e76fb99e1c86dp-7</c> (normal numbers only).</summary>
internal static class HexFloat
{
    public static double Parse(string text)
    {
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        if (body is "0x0.0p+0")
        {
            return negative ? -0.0 : 0.0;
        }

        var p = body.IndexOf('p');
        var mantissa = body[2..p];
        var exponent = int.Parse(body[(p + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var fraction = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var bits = ulong.Parse(fraction.PadRight(13, '0'), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var value = BitConverter.Int64BitsToDouble((long)(((ulong)(exponent + 1023) << 52) | bits));
        return negative ? -value : value;
    }
}
