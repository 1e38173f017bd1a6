using System.Globalization;
using Allot.Retail.Errors;

namespace Allot.Retail.Inputs;

/// <summary>Cell-level parsing shared by the readers: pandas-style missing markers and invariant numbers.</summary>
internal static class CellParsing
{
    /// <summary>True for an empty cell or a marker pandas writes for missing values (nan, None, null, NA, N/A, NaT).</summary>
    public static bool IsMissing(string cell) =>
        cell.Length == 0
        || cell.Equals("nan", StringComparison.OrdinalIgnoreCase)
        || cell.Equals("none", StringComparison.OrdinalIgnoreCase)
        || cell.Equals("null", StringComparison.OrdinalIgnoreCase)
        || cell.Equals("na", StringComparison.OrdinalIgnoreCase)
        || cell.Equals("n/a", StringComparison.OrdinalIgnoreCase)
        || cell.Equals("nat", StringComparison.OrdinalIgnoreCase)
        || cell.Equals("<na>", StringComparison.OrdinalIgnoreCase);

    /// <summary>An optional decimal; missing ⇒ null; unreadable ⇒ <see cref="RetailErrorCodes.BadNumber"/> naming file, row and column.</summary>
    public static decimal? OptionalDecimal(CsvSource source, int column, string columnName)
    {
        var cell = source.Get(column);
        if (IsMissing(cell))
        {
            return null;
        }

        if (decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsInfinity(d))
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.BadNumber, $"column {columnName} holds '{cell}', which is infinite", source.Path, source.Row);
        }

        throw RetailErrorCodes.Input(RetailErrorCodes.BadNumber, $"column {columnName} holds '{cell}', which is not a number", source.Path, source.Row);
    }

    /// <summary>An optional double (for business scores); same rules as <see cref="OptionalDecimal"/>.</summary>
    public static double? OptionalDouble(CsvSource source, int column, string columnName)
    {
        var v = OptionalDecimal(source, column, columnName);
        return v is null ? null : (double)v.Value;
    }
}
