namespace Allot.Data.Csv;

/// <summary>
/// What to add to a "column missing" error when the header itself shows why. A file saved with another separator
/// (Excel writes ';' where the decimal comma is used; tab- and pipe-separated exports exist too) reads as one column
/// whose name holds every header, so the list of columns found looks as if the column were there.
/// </summary>
public static class CsvHeaderHint
{
    /// <summary>A sentence (with a leading space) naming the separator the header seems to use; empty when there is none.</summary>
    public static string ForeignSeparator(IReadOnlyCollection<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count != 1)
        {
            return string.Empty;
        }

        var header = columns.First();
        var separator = new[] { ';', '\t', '|' }.FirstOrDefault(header.Contains);
        if (separator == default)
        {
            return string.Empty;
        }

        var shown = separator == '\t' ? "a tab" : $"'{separator}'";
        return $" The header is one column that contains {shown}: the file looks {(separator == '\t' ? "tab" : $"'{separator}'")}-separated, and tables here are comma-separated CSV (save it as \"CSV UTF-8 (comma delimited)\").";
    }
}
