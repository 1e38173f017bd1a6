using System.Globalization;
using Allot.Retail.Errors;

namespace Allot.Retail.Configuration;

/// <summary>A half-month planning period <c>{yyyymm}{A|B}</c>, e.g. <c>202509A</c> (A = first half, B = second).</summary>
/// <param name="Year">Four-digit year.</param>
/// <param name="Month">Month 1–12.</param>
/// <param name="Half">'A' or 'B'.</param>
public sealed record TargetPeriod(int Year, int Month, char Half)
{
    /// <summary>The period token used in file names, e.g. <c>202509A</c>.</summary>
    public string Token => $"{Year:D4}{Month:D2}{Half}";

    /// <summary>The same half-month one year earlier (the default sales period), e.g. <c>202409A</c>.</summary>
    public string YearAgoToken => $"{Year - 1:D4}{Month:D2}{Half}";

    /// <summary>Parses <c>--target-yyyymm</c> and <c>--target-period</c>; malformed values are usage errors.</summary>
    public static TargetPeriod Parse(string? yyyymm, string? half)
    {
        var ym = (yyyymm ?? string.Empty).Trim();
        if (ym.Length != 6 || !ym.All(char.IsAsciiDigit))
        {
            throw RetailErrorCodes.Usage(RetailErrorCodes.BadPeriod, $"--target-yyyymm '{yyyymm}' must be six digits yyyymm, e.g. 202509");
        }

        var year = int.Parse(ym.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var month = int.Parse(ym.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || year < 1901)
        {
            throw RetailErrorCodes.Usage(RetailErrorCodes.BadPeriod, $"--target-yyyymm '{yyyymm}' has no valid month/year");
        }

        var h = (half ?? string.Empty).Trim().ToUpperInvariant();
        if (h is not ("A" or "B"))
        {
            throw RetailErrorCodes.Usage(RetailErrorCodes.BadPeriod, $"--target-period '{half}' must be A or B");
        }

        return new TargetPeriod(year, month, h[0]);
    }

    /// <summary>
    /// Reads a period label as the pipeline writes it in files (<c>202509A</c>; the half in either case). False for
    /// anything else, e.g. a month without its half (<c>202509</c>) or <c>2025-09A</c>.
    /// </summary>
    public static bool TryParseLabel(string label, out TargetPeriod? period)
    {
        ArgumentNullException.ThrowIfNull(label);
        period = null;
        if (label.Length != 7 || label.AsSpan(0, 6).ContainsAnyExceptInRange('0', '9') || char.ToUpperInvariant(label[6]) is not ('A' or 'B'))
        {
            return false;
        }

        var year = int.Parse(label.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var month = int.Parse(label.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || year < 1901)
        {
            return false;
        }

        period = new TargetPeriod(year, month, char.ToUpperInvariant(label[6]));
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Token;
}
