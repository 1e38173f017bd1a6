using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Allot.Cli;

/// <summary>
/// Puts the command-line parser's value errors in the words of the option's value. The parser reports a value it
/// cannot convert as "Cannot parse argument 'abc' for option '--total' as expected type
/// 'System.Nullable`1[System.Int64]'": a .NET type name a planner cannot act on, and no hint that a too-large
/// number is merely out of range. Every other parser message is already plain and passes through unchanged.
/// </summary>
internal static partial class UsageMessages
{
    /// <summary>The message to print for one parser error.</summary>
    public static string Rewrite(string message)
    {
        var match = CannotParse().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var value = match.Groups["value"].Value;
        var name = match.Groups["name"].Value;
        var type = Unwrap(match.Groups["type"].Value);

        // An enum option: the parser lists its values (as C# names) after "Did you mean one of the following?".
        var choices = match.Groups["choices"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (choices.Length > 0)
        {
            return $"{name}: '{value}' is not one of: {string.Join(", ", choices.Select(c => c.ToLowerInvariant()))}.";
        }

        return Integral(type) is { } range
            ? IntegerMessage(name, value, range.Min, range.Max)
            : type switch
            {
                "System.Double" or "System.Single" or "System.Decimal" => $"{name}: '{value}' is not a number (write it like 12 or 0.5, with a point).",
                "System.Boolean" => $"{name}: '{value}' is not true or false.",
                _ => $"{name}: '{value}' is not a valid value.",
            };
    }

    private static string IntegerMessage(string name, string value, BigInteger min, BigInteger max)
    {
        if (BigInteger.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            // A whole number the option's type cannot hold: say which end of the range it passed.
            return n > max
                ? $"{name}: {value} is too large; the largest accepted value is {max.ToString(CultureInfo.InvariantCulture)}."
                : $"{name}: {value} is too small; the smallest accepted value is {min.ToString(CultureInfo.InvariantCulture)}.";
        }

        return $"{name}: '{value}' is not a whole number.";
    }

    private static string Unwrap(string type)
    {
        var nullable = NullableOf().Match(type);
        return nullable.Success ? nullable.Groups["inner"].Value : type;
    }

    private static (BigInteger Min, BigInteger Max)? Integral(string type) => type switch
    {
        "System.Int64" => (long.MinValue, long.MaxValue),
        "System.UInt64" => (ulong.MinValue, ulong.MaxValue),
        "System.Int32" => (int.MinValue, int.MaxValue),
        "System.UInt32" => (uint.MinValue, uint.MaxValue),
        "System.Int16" => (short.MinValue, short.MaxValue),
        "System.Byte" => (byte.MinValue, byte.MaxValue),
        _ => null,
    };

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*?)' for (?:option|command|argument) '(?<name>.*?)' as expected type '(?<type>[^']*)'\.(?: Did you mean one of the following\?(?<choices>.*))?$", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>.+)\]$")]
    private static partial Regex NullableOf();
}
