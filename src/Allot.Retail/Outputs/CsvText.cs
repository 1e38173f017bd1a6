using System.Globalization;

namespace Allot.Retail.Outputs;

/// <summary>
/// Cell formatting for the CSV outputs: RFC 4180 quoting, spreadsheet formula neutralisation (a text cell that
/// starts with <c>= + - @</c> and is not a number gets a leading single quote), and culture-invariant numbers
/// (doubles in shortest round-trip form "R", decimals as read).
/// </summary>
public static class CsvText
{
    /// <summary>A text cell, neutralised and quoted as needed.</summary>
    public static string Text(string? value)
    {
        var v = value ?? string.Empty;
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@' && !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            v = "'" + v;
        }

        return NeedsQuotes(v) ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    /// <summary>An integer cell.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A double cell in shortest round-trip form; empty for NaN.</summary>
    public static string Real(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An optional decimal cell; empty when null.</summary>
    public static string Decimal(decimal? value) => value is null ? string.Empty : value.Value.ToString(CultureInfo.InvariantCulture);

    private static bool NeedsQuotes(string v) =>
        v.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (v.Length > 0 && (char.IsWhiteSpace(v[0]) || char.IsWhiteSpace(v[^1])));
}
