using System.Globalization;
using Allot.Core.Errors;
using Allot.Data.Parquet;

namespace Allot.Segment1B.Allocation;

/// <summary>
/// Optional lineage columns (<c>seed</c>, <c>manifest_fingerprint</c>, <c>parameter_hash</c>) embedded in an
/// input must agree with the path tokens; a disagreement is <see cref="S4Codes.TokenMismatch"/>. Integer-typed
/// columns (a u64 seed) are compared by their decimal text.
/// </summary>
internal static class LineageColumns
{
    /// <summary>Checks <paramref name="column"/> of every file in <paramref name="dataset"/> when present.</summary>
    public static void Verify(ParquetDataset dataset, string column, string expected)
    {
        foreach (var file in dataset.Files)
        {
            var field = ParquetDataset.DescribeSchema(file, S4Codes.SchemaInvalid).FirstOrDefault(f => f.Name == column);
            if (field is null)
            {
                continue;
            }

            var isText = field.Type == ParquetValueType.String;
            var one = ParquetDataset.TryOpen(file)!;
            foreach (var b in one.ReadBatches([new(column, isText ? ParquetColumnKind.String : ParquetColumnKind.UInt64)], S4Codes.SchemaInvalid))
            {
                for (var i = 0; i < b.RowCount; i++)
                {
                    var value = isText ? b.String(column)[i] : b.UInt64(column)[i].ToString(CultureInfo.InvariantCulture);
                    if (value != expected)
                    {
                        throw new AllotException(new AllotError(S4Codes.TokenMismatch, ErrorClass.Input,
                            $"column {column} holds '{value}' but the path token is '{expected}': the data belongs to another run.", File: file, Row: b.FirstRow + i, Key: column));
                    }
                }
            }
        }
    }
}
