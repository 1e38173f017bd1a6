using System.Text;

namespace Allot.Core.Errors;

/// <summary>
/// A failure as a value: a stable <see cref="Code"/> (never reworded once published), a sentence a user can act
/// on, and the context that locates the problem (file, row, key).
/// </summary>
/// <param name="Code">Stable machine-readable code, e.g. <c>E_NEGATIVE_WEIGHT</c> or <c>E411_IMMUTABLE_CONFLICT</c>.</param>
/// <param name="Class">What kind of failure this is; decides the exit code.</param>
/// <param name="Message">What went wrong and what to do about it.</param>
/// <param name="File">The file involved, when there is one.</param>
/// <param name="Row">1-based data row (header excluded) in <see cref="File"/>, when known.</param>
/// <param name="Key">The group, unit, merchant or other key involved, when known.</param>
public sealed record AllotError(
    string Code,
    ErrorClass Class,
    string Message,
    string? File = null,
    long? Row = null,
    string? Key = null)
{
    /// <summary>One line for humans: code, location, message.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Code).Append(": ");
        if (File is not null)
        {
            sb.Append(File);
            if (Row is not null)
            {
                sb.Append(" row ").Append(Row.Value);
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
}
