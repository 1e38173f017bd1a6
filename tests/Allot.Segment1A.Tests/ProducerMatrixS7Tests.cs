using Allot.Core.Errors;
using Allot.Data.Parquet;
using Allot.Data.Publishing;
using Allot.Segment1A.Validation;
using Allot.Tests.Shared;

namespace Allot.Segment1A.Tests;

/// <summary>
/// S7 and validate-s7 on every Parquet dataset they read — country_set, merchant attributes and the residual
/// cache — rewritten by every producer of the matrix (60-data-plane): same cache bytes, same validation verdict.
/// </summary>
public sealed class ProducerMatrixS7Tests
{
    private const int Merchants = 80;

    private static readonly byte[] ReferenceCache = ReferenceRun();

    public static TheoryData<string> Variants => ProducerMatrix.VariantNames();

    [Theory]
    [MemberData(nameof(Variants))]
    public void Inputs_WrittenByAnyProducer_GiveTheSameCacheBytes_AndValidate(string name)
    {
        var v = ProducerMatrix.Variant(name);
        using var root = new S7TestRoot(Merchants);
        Rewrite(Path.Combine(root.CountrySetFolder, "part-00000.parquet"), v);
        Rewrite(Path.Combine(root.Root, MerchantAttributesPart(root)), v);

        root.Run(workers: 2);

        Assert.Equal(ReferenceCache, File.ReadAllBytes(root.CacheFile));
        Assert.Equal(Merchants, S7Validator.Validate(new S7ValidationOptions(root.Inputs)).Merchants);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Cache_RewrittenByAnyProducer_WithIdenticalRows_Validates(string name)
    {
        using var root = new S7TestRoot(Merchants);
        var run = root.Run();
        Rewrite(root.CacheFile, ProducerMatrix.Variant(name));

        // Other bytes than the run sealed: the validator reads every row, then says the receipt no longer matches
        // (a clean error naming the field, never a crash).
        var ex = Assert.Throws<AllotException>(() => S7Validator.Validate(new S7ValidationOptions(root.Inputs)));
        Assert.Equal(S7Errors.RngAccounting, ex.Code);
        Assert.Contains("cache.sha256", ex.Message, StringComparison.Ordinal);

        // Re-sealed (the report carries the new receipt, as a pipeline that re-encodes the cache would write it):
        // every row of every producer's encoding replays exactly.
        var report = File.ReadAllText(run.ReportPath);
        File.WriteAllText(run.ReportPath, report.Replace(run.Cache.Sha256Hex, DeterminismReceipt.ComputeSha256Hex(root.CacheFolder), StringComparison.Ordinal));
        Assert.Equal(Merchants, S7Validator.Validate(new S7ValidationOptions(root.Inputs)).Merchants);
    }

    [Fact]
    public void VarcharMerchantId_IsASchemaErrorNamingTheParquetType()
    {
        using var root = new S7TestRoot(10);
        var file = Path.Combine(root.CountrySetFolder, "part-00000.parquet");
        var columns = new List<MatrixColumn>();
        using (var pf = ParquetFile.Open(file, "E_TEST"))
        {
            foreach (var f in pf.Describe())
            {
                var kind = f.Type switch
                {
                    ParquetValueType.String => ParquetColumnKind.String,
                    ParquetValueType.Boolean => ParquetColumnKind.Boolean,
                    _ => f.BitWidth <= 32 ? ParquetColumnKind.Int32 : ParquetColumnKind.Int64,
                };
                var values = pf.ReadColumn(new ParquetColumnSpec(f.Name, kind));
                columns.Add(f.Name == "merchant_id" ? new(f.Name, ((long[])values).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()) : new(f.Name, values));
            }
        }

        ProducerMatrix.Write(file, ProducerMatrix.Variant("duckdb-optional-dict-snappy"), columns);

        var ex = Assert.Throws<Core.Errors.AllotException>(() => root.Run());
        Assert.Equal(S7Errors.SchemaInvalid, ex.Code);
        Assert.Equal(Path.GetFullPath(file), Path.GetFullPath(ex.Error.File!));
        Assert.Contains("has type STRING; an integer is required", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ReadOnlyMemory", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Reads every column with the data plane's reader and writes the same logical rows as <paramref name="variant"/>.</summary>
    internal static void Rewrite(string file, ProducerVariant variant)
    {
        var columns = new List<MatrixColumn>();
        using (var pf = ParquetFile.Open(file, "E_TEST"))
        {
            foreach (var f in pf.Describe())
            {
                var kind = f.Type switch
                {
                    ParquetValueType.String => ParquetColumnKind.String,
                    ParquetValueType.Boolean => ParquetColumnKind.Boolean,
                    ParquetValueType.Floating => ParquetColumnKind.Double,
                    ParquetValueType.UnsignedInteger => ParquetColumnKind.UInt64,
                    _ => f.BitWidth <= 32 ? ParquetColumnKind.Int32 : ParquetColumnKind.Int64,
                };
                columns.Add(new(f.Name, pf.ReadColumn(new ParquetColumnSpec(f.Name, kind))));
            }
        }

        ProducerMatrix.Write(file, variant, columns);
    }

    private static string MerchantAttributesPart(S7TestRoot root) =>
        Path.GetRelativePath(root.Root, Directory.EnumerateFiles(Path.Combine(root.Root, "data/layer1/1A"), "part-00000.parquet", SearchOption.AllDirectories)
            .Single(f => f.Contains("merchant", StringComparison.Ordinal) && !f.Contains("country_set", StringComparison.Ordinal) && !f.Contains("residual", StringComparison.Ordinal)));

    private static byte[] ReferenceRun()
    {
        using var root = new S7TestRoot(Merchants);
        root.Run();
        return File.ReadAllBytes(root.CacheFile);
    }
}
