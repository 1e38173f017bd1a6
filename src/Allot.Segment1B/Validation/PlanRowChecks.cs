using Allot.Core.Errors;
using Allot.Data.Parquet;

namespace Allot.Segment1B.Validation;

/// <summary>
/// Schema of plan files: exactly the four contract columns, in order. Integer columns may be any integer width
/// or signedness that holds the values (<c>merchant_id</c> is INT64 in Allot's plans and the engine's October
/// sample, UINT64 in the engine's final code); the values are range-checked while the plan is read.
/// <c>legal_country_iso</c> is a string (BYTE_ARRAY, with or without the UTF8 annotation). Nulls are rejected
/// when the values are read.
/// </summary>
internal static class PlanRowChecks
{
    private static readonly (string Name, bool Text, string Expected)[] Expected =
    [
        ("merchant_id", false, "integer"),
        ("legal_country_iso", true, "string"),
        ("tile_id", false, "integer"),
        ("n_sites_tile", false, "integer"),
    ];

    public static void CheckSchema(string file)
    {
        var fields = ParquetDataset.DescribeSchema(file, S4Codes.SchemaInvalid);
        var actual = string.Join(", ", fields.Select(f => $"{f.Name}:{f.TypeName}"));
        if (fields.Count != Expected.Length)
        {
            throw Fail(file, $"expected exactly the columns merchant_id integer, legal_country_iso string, tile_id integer, n_sites_tile integer; found {actual}.");
        }

        for (var i = 0; i < Expected.Length; i++)
        {
            var f = fields[i];
            var typeOk = Expected[i].Text ? f.Type == ParquetValueType.String : f.IsInteger;
            if (f.Name != Expected[i].Name || f.IsNested || !typeOk)
            {
                throw Fail(file, $"column {i + 1} must be {Expected[i].Name} {Expected[i].Expected}; found {actual}.");
            }
        }
    }

    private static AllotException Fail(string file, string message) =>
        new(new AllotError(S4Codes.SchemaInvalid, ErrorClass.Validation, message, File: file));
}
