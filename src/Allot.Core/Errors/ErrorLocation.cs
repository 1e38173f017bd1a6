namespace Allot.Core.Errors;

/// <summary>
/// Where a failure was found, as fields rather than a sentence: the file, the Parquet row group, the 1-based data
/// row, the column and the key fields that identify the record (e.g. <c>merchant_id</c>, <c>legal_country_iso</c>).
/// Every part is optional; JSON error records and reports read these fields, never the message.
/// </summary>
/// <param name="File">The file involved.</param>
/// <param name="RowGroup">0-based Parquet row group, when the file is Parquet and the group is known.</param>
/// <param name="Row">1-based data row (header excluded; within the file, not the row group).</param>
/// <param name="Column">The column involved.</param>
/// <param name="KeyFields">Named key values of the record, in a stable order.</param>
public sealed record ErrorLocation(
    string? File = null,
    int? RowGroup = null,
    long? Row = null,
    string? Column = null,
    IReadOnlyList<KeyValuePair<string, string>>? KeyFields = null)
{
    /// <summary>The value of key field <paramref name="name"/>, or null.</summary>
    public string? KeyField(string name)
    {
        foreach (var (k, v) in KeyFields ?? [])
        {
            if (k == name)
            {
                return v;
            }
        }

        return null;
    }
}
