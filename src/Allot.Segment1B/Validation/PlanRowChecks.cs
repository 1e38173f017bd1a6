using Allot.Core.Errors;
using Allot.Data.Parquet;

namespace Allot.Segment1B.Validation;

/// <summary>Physical schema of plan files: exactly four columns, in order, with the original engine's types.</summary>
internal static class PlanRowChecks
{
    private static readonly (string Name, Type[] Types, string Expected)[] Expected =
    [
        ("merchant_id", [typeof(long)], "int64"),
        ("legal_country_iso", [typeof(string), typeof(ReadOnlyMemory<char>)], "string"),
        ("tile_id", [typeof(ulong)], "uint64"),
        ("n_sites_tile", [typeof(long)], "int64"),
    ];

    public static void CheckSchema(string file)
    {
        var fields = ParquetDataset.DescribeSchema(file);
        var actual = string.Join(", ", fields.Select(f => $"{f.Name}:{f.ClrType.Name}"));
        if (fields.Count != Expected.Length)
        {
            throw Fail(file, $"expected exactly the columns merchant_id int64, legal_country_iso string, tile_id uint64, n_sites_tile int64; found {actual}.");
        }

        for (var i = 0; i < Expected.Length; i++)
        {
            var f = fields[i];
            if (f.Name != Expected[i].Name || f.IsNested || !Expected[i].Types.Contains(f.ClrType))
            {
                throw Fail(file, $"column {i + 1} must be {Expected[i].Name} {Expected[i].Expected}; found {actual}.");
            }
        }
    }

    private static AllotException Fail(string file, string message) =>
        new(new AllotError(S4Codes.SchemaInvalid, ErrorClass.Validation, message, File: file));
}
