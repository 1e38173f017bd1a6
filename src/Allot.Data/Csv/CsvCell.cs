using System.Globalization;

namespace Allot.Data.Csv;

/// <summary>
/// How one cell is written: spreadsheet formula neutralisation, then RFC 4180 quoting. Pure functions, so the same
/// value always gives the same bytes.
/// </summary>
public static class CsvCell
{
    /// <summary>
    /// True when <paramref name="text"/> is a plain decimal number: an optional sign, ASCII digits with at most one
    /// decimal point (at least one digit), and an optional exponent <c>e</c>/<c>E</c>, optional sign, digits.
    /// Nothing else (no spaces, thousands separators, <c>Infinity</c>, <c>NaN</c>, hex). Such a cell is never
    /// neutralised: a spreadsheet reads it as the number it is, not as a formula.
    /// </summary>
    public static bool IsNumber(ReadOnlySpan<char> text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '+' or '-')
        {
            i++;
        }

        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            var exponent = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                exponent++;
            }

            if (exponent == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    /// <summary>
    /// True when a spreadsheet could run <paramref name="text"/> as a formula: it starts with <c>=</c>, <c>+</c>,
    /// <c>-</c>, <c>@</c>, a tab or a carriage return and is not a plain number (<see cref="IsNumber"/>).
    /// </summary>
    public static bool NeedsNeutralising(ReadOnlySpan<char> text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(text);

    /// <summary>True when RFC 4180 requires quotes (a comma, quote, CR or LF), or the cell starts or ends with
    /// white space (quoted so that readers that trim cells keep it).</summary>
    public static bool NeedsQuotes(ReadOnlySpan<char> text) =>
        text.IndexOfAny(",\"\r\n") >= 0 || (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])));

    /// <summary>The text cell as written: a leading <c>'</c> when <see cref="NeedsNeutralising"/>, then quoted when
    /// <see cref="NeedsQuotes"/> (inner quotes doubled).</summary>
    public static string Text(string? value)
    {
        var v = value ?? string.Empty;
        if (NeedsNeutralising(v))
        {
            v = "'" + v;
        }

        return NeedsQuotes(v) ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    /// <summary>An integer cell (invariant culture).</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A double cell in shortest round-trip form; empty for NaN; an infinity is written as (neutralised) text.</summary>
    public static string Real(double value) => value switch
    {
        double.NaN => string.Empty,
        _ when double.IsInfinity(value) => Text(value.ToString(CultureInfo.InvariantCulture)),
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>A decimal cell as held (trailing zeros kept); empty when null.</summary>
    public static string Decimal(decimal? value) => value is null ? string.Empty : value.Value.ToString(CultureInfo.InvariantCulture);
}
