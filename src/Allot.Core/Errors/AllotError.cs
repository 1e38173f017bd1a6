using System.Text;

namespace Allot.Core.Errors;

/// <summary>
/// A failure as a value: a stable <see cref="Code"/> (never reworded once published), a sentence a user can act
/// on, and the context that locates the problem (<see cref="Location"/>: file, row group, row, column, key fields).
/// </summary>
/// <param name="Code">Stable machine-readable code, e.g. <c>E_NEGATIVE_WEIGHT</c> or <c>E411_IMMUTABLE_CONFLICT</c>; listed in <see cref="ErrorCatalogue"/>.</param>
/// <param name="Class">What kind of failure this is; decides the exit code.</param>
/// <param name="Message">What went wrong and what to do about it.</param>
/// <param name="File">The file involved, when there is one.</param>
/// <param name="Row">1-based data row (header excluded) in <see cref="File"/>, when known.</param>
/// <param name="Key">The group, unit, merchant or other key involved, as shown to people, when known.</param>
public sealed record AllotError(
    string Code,
    ErrorClass Class,
    string Message,
    string? File = null,
    long? Row = null,
    string? Key = null)
{
    /// <summary>An error at a structured <paramref name="location"/>; <see cref="Key"/> is rendered from its key fields.</summary>
    public AllotError(string code, ErrorClass errorClass, string message, ErrorLocation location)
        : this(code, errorClass, message, location?.File, location?.Row, RenderKey(location?.KeyFields))
    {
        RowGroup = location?.RowGroup;
        Column = location?.Column;
        KeyFields = location?.KeyFields;
    }

    /// <summary>0-based Parquet row group, when known.</summary>
    public int? RowGroup { get; init; }

    /// <summary>The column involved, when known.</summary>
    public string? Column { get; init; }

    /// <summary>Named key values of the record involved (e.g. <c>merchant_id</c>), when known.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? KeyFields { get; init; }

    /// <summary>The location as one structured value.</summary>
    public ErrorLocation Location => new(File, RowGroup, Row, Column, KeyFields);

    /// <summary>One line for humans: code, location, message.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Code).Append(": ");
        if (File is not null)
        {
            sb.Append(File);
            if (RowGroup is not null)
            {
                sb.Append(" row group ").Append(RowGroup.Value);
            }

            if (Row is not null)
            {
                sb.Append(" row ").Append(Row.Value);
            }

            if (Column is not null)
            {
                sb.Append(" column ").Append(Column);
            }

            sb.Append(": ");
        }
        else if (Row is not null)
        {
            sb.Append("row ").Append(Row.Value).Append(": ");
        }

        if (Key is not null)
        {
            sb.Append('[').Append(Key).Append("] ");
        }

        sb.Append(Message);
        return sb.ToString();
    }

    private static string? RenderKey(IReadOnlyList<KeyValuePair<string, string>>? fields) =>
        fields is null || fields.Count == 0 ? null : string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}"));
}
