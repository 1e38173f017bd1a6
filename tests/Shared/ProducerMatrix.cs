using System.Globalization;
using DuckDB.NET.Data;
using ParquetSharp;
using ParquetSharp.Schema;
using PN = Parquet;
using PNSchema = Parquet.Schema;

namespace Allot.Tests.Shared;

/// <summary>(Patterns test <c>ulong[]</c> before <c>long[]</c>: the CLR lets a <c>ulong[]</c> match <c>long[]</c>.) A column of a logical table: its name and values (<c>long[]</c>, <c>ulong[]</c>, <c>int[]</c>, <c>double[]</c>, <c>bool[]</c> or <c>string[]</c>).</summary>
internal sealed record MatrixColumn(string Name, Array Values);

/// <summary>One way a mainstream producer writes a Parquet file.</summary>
/// <param name="Producer">duckdb, arrow-cpp (ParquetSharp) or parquet-net.</param>
/// <param name="Optional">OPTIONAL columns (DuckDB always writes OPTIONAL).</param>
/// <param name="Dictionary">Dictionary encoding (DuckDB decides itself).</param>
/// <param name="Codec">snappy, zstd, gzip, lz4 or none.</param>
/// <param name="PageV2">Data page v2.</param>
internal sealed record ProducerVariant(string Producer, bool Optional, bool Dictionary, string Codec, bool PageV2 = false)
{
    public override string ToString() => $"{Producer}-{(Optional ? "optional" : "required")}-{(Dictionary ? "dict" : "plain")}-{Codec}{(PageV2 ? "-v2" : string.Empty)}";
}

/// <summary>
/// The producer matrix of 60-data-plane: the same logical table written by DuckDB (DuckDB.NET), Apache Arrow C++
/// (ParquetSharp, the writer behind pyarrow) and Parquet.Net; REQUIRED and OPTIONAL; dictionary and plain; several
/// codecs and both data page versions; always at least two row groups when the table has two rows or more.
/// </summary>
internal static class ProducerMatrix
{
    public static IReadOnlyList<ProducerVariant> Variants { get; } =
    [
        new("duckdb", true, true, "snappy"),
        new("duckdb", true, true, "zstd", PageV2: true),
        new("duckdb", true, true, "gzip"),
        new("duckdb", true, true, "lz4"),
        new("arrow-cpp", false, true, "snappy"),
        new("arrow-cpp", false, false, "zstd"),
        new("arrow-cpp", true, true, "zstd", PageV2: true),
        new("arrow-cpp", true, false, "snappy"),
        new("arrow-cpp", false, true, "gzip", PageV2: true),
        new("arrow-cpp", true, true, "lz4"),
        new("arrow-cpp", false, false, "none"),
        new("parquet-net", false, true, "snappy"),
        new("parquet-net", true, false, "snappy"),
        new("parquet-net", false, false, "zstd"),
        new("parquet-net", true, true, "gzip"),
    ];

    public static TheoryData<string> VariantNames()
    {
        var data = new TheoryData<string>();
        foreach (var v in Variants)
        {
            data.Add(v.ToString());
        }

        return data;
    }

    public static ProducerVariant Variant(string name) => Variants.Single(v => v.ToString() == name);

    /// <summary>Writes <paramref name="columns"/> to <paramref name="file"/> as <paramref name="variant"/> does.</summary>
    public static void Write(string file, ProducerVariant variant, IReadOnlyList<MatrixColumn> columns)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        if (File.Exists(file))
        {
            File.Delete(file);
        }

        switch (variant.Producer)
        {
            case "duckdb":
                WriteDuckDb(file, variant, columns);
                break;
            case "arrow-cpp":
                WriteArrow(file, variant, columns);
                break;
            default:
                WriteParquetNet(file, variant, columns);
                break;
        }
    }

    /// <summary>Replaces a dataset (a partition folder, or a single file) by one part written as <paramref name="variant"/>.</summary>
    public static void Replace(string location, bool asFile, ProducerVariant variant, IReadOnlyList<MatrixColumn> columns)
    {
        if (asFile)
        {
            Write(location, variant, columns);
            return;
        }

        if (Directory.Exists(location))
        {
            Directory.Delete(location, true);
        }

        Write(Path.Combine(location, "part-00000.parquet"), variant, columns);
    }

    private static int GroupRows(int rows) => Math.Max(1, (rows + 1) / 2);

    private static void WriteDuckDb(string file, ProducerVariant variant, IReadOnlyList<MatrixColumn> columns)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE TABLE t ({string.Join(", ", columns.Select(c => $"\"{c.Name}\" {DuckType(c.Values)}"))})";
            create.ExecuteNonQuery();
        }

        var rows = columns[0].Values.Length;
        using (var appender = connection.CreateAppender("t"))
        {
            for (var i = 0; i < rows; i++)
            {
                var row = appender.CreateRow();
                foreach (var c in columns)
                {
                    row = c.Values switch
                    {
                        ulong[] a => row.AppendValue((ulong?)a[i]),
                        long[] a => row.AppendValue((long?)a[i]),
                        int[] a => row.AppendValue((int?)a[i]),
                        double[] a => row.AppendValue((double?)a[i]),
                        bool[] a => row.AppendValue((bool?)a[i]),
                        string[] a => row.AppendValue(a[i]),
                        _ => throw new NotSupportedException(c.Values.GetType().Name),
                    };
                }

                row.EndRow();
            }
        }

        using var copy = connection.CreateCommand();
        var codec = variant.Codec == "none" ? "uncompressed" : variant.Codec;
        // DuckDB splits row groups at its vector size (2048 rows) at the smallest.
        copy.CommandText = $"COPY t TO '{file.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet, COMPRESSION '{codec}', ROW_GROUP_SIZE 2048{(variant.PageV2 ? ", PARQUET_VERSION 'V2'" : string.Empty)})";
        copy.ExecuteNonQuery();
    }

    private static string DuckType(Array values) => values switch
    {
        ulong[] => "UBIGINT",
        long[] => "BIGINT",
        int[] => "INTEGER",
        double[] => "DOUBLE",
        bool[] => "BOOLEAN",
        _ => "VARCHAR",
    };

    private static Compression ArrowCodec(string codec) => codec switch
    {
        "snappy" => Compression.Snappy,
        "zstd" => Compression.Zstd,
        "gzip" => Compression.Gzip,
        "lz4" => Compression.Lz4,
        _ => Compression.Uncompressed,
    };

    private static void WriteArrow(string file, ProducerVariant variant, IReadOnlyList<MatrixColumn> columns)
    {
        var repetition = variant.Optional ? Repetition.Optional : Repetition.Required;
        var nodes = columns.Select(c => (Node)(c.Values switch
        {
            ulong[] => new PrimitiveNode(c.Name, repetition, LogicalType.Int(64, false), PhysicalType.Int64),
            long[] => new PrimitiveNode(c.Name, repetition, LogicalType.None(), PhysicalType.Int64),
            int[] => new PrimitiveNode(c.Name, repetition, LogicalType.None(), PhysicalType.Int32),
            double[] => new PrimitiveNode(c.Name, repetition, LogicalType.None(), PhysicalType.Double),
            bool[] => new PrimitiveNode(c.Name, repetition, LogicalType.None(), PhysicalType.Boolean),
            _ => new PrimitiveNode(c.Name, repetition, LogicalType.String(), PhysicalType.ByteArray),
        })).ToArray();
        using var schema = new GroupNode("schema", Repetition.Required, nodes);
        using var builder = new WriterPropertiesBuilder();
        builder.Compression(ArrowCodec(variant.Codec)).CreatedBy("parquet-cpp-arrow (allot producer matrix)");
        if (!variant.Dictionary)
        {
            builder.DisableDictionary();
        }

        if (variant.PageV2)
        {
            builder.DataPageVersion(ParquetDataPageVersion.V2);
        }

        using var properties = builder.Build();
        using var writer = new ParquetFileWriter(file, schema, properties);
        var rows = columns[0].Values.Length;
        var step = GroupRows(rows);
        for (var start = 0; start < Math.Max(rows, 1); start += step)
        {
            var len = Math.Min(step, rows - start);
            using var group = writer.AppendRowGroup();
            foreach (var c in columns)
            {
                using var column = group.NextColumn();
                if (variant.Optional)
                {
                    WriteOptional(column, c.Values, start, len);
                }
                else
                {
                    WriteRequired(column, c.Values, start, len);
                }
            }

            if (rows == 0)
            {
                break;
            }
        }

        writer.Close();
    }

    private static void WriteRequired(ColumnWriter column, Array values, int start, int len)
    {
        switch (values)
        {
            case ulong[] a:
                using (var w = column.LogicalWriter<ulong>())
                {
                    w.WriteBatch(a.AsSpan(start, len));
                }

                break;
            case long[] a:
                using (var w = column.LogicalWriter<long>())
                {
                    w.WriteBatch(a.AsSpan(start, len));
                }

                break;
            case int[] a:
                using (var w = column.LogicalWriter<int>())
                {
                    w.WriteBatch(a.AsSpan(start, len));
                }

                break;
            case double[] a:
                using (var w = column.LogicalWriter<double>())
                {
                    w.WriteBatch(a.AsSpan(start, len));
                }

                break;
            case bool[] a:
                using (var w = column.LogicalWriter<bool>())
                {
                    w.WriteBatch(a.AsSpan(start, len));
                }

                break;
            case string[] a:
                using (var w = column.LogicalWriter<string>())
                {
                    w.WriteBatch(a.AsSpan(start, len));
                }

                break;
        }
    }

    private static void WriteOptional(ColumnWriter column, Array values, int start, int len)
    {
        switch (values)
        {
            case ulong[] a:
                using (var w = column.LogicalWriter<ulong?>())
                {
                    w.WriteBatch(a.Skip(start).Take(len).Select(v => (ulong?)v).ToArray());
                }

                break;
            case long[] a:
                using (var w = column.LogicalWriter<long?>())
                {
                    w.WriteBatch(a.Skip(start).Take(len).Select(v => (long?)v).ToArray());
                }

                break;
            case int[] a:
                using (var w = column.LogicalWriter<int?>())
                {
                    w.WriteBatch(a.Skip(start).Take(len).Select(v => (int?)v).ToArray());
                }

                break;
            case double[] a:
                using (var w = column.LogicalWriter<double?>())
                {
                    w.WriteBatch(a.Skip(start).Take(len).Select(v => (double?)v).ToArray());
                }

                break;
            case bool[] a:
                using (var w = column.LogicalWriter<bool?>())
                {
                    w.WriteBatch(a.Skip(start).Take(len).Select(v => (bool?)v).ToArray());
                }

                break;
            case string[] a:
                using (var w = column.LogicalWriter<string>())
                {
                    w.WriteBatch(a.AsSpan(start, len));
                }

                break;
        }
    }

    private static void WriteParquetNet(string file, ProducerVariant variant, IReadOnlyList<MatrixColumn> columns)
    {
        var fields = columns.Select(c => (PNSchema.DataField)(c.Values switch
        {
            ulong[] => new PNSchema.DataField<ulong>(c.Name, variant.Optional),
            long[] => new PNSchema.DataField<long>(c.Name, variant.Optional),
            int[] => new PNSchema.DataField<int>(c.Name, variant.Optional),
            double[] => new PNSchema.DataField<double>(c.Name, variant.Optional),
            bool[] => new PNSchema.DataField<bool>(c.Name, variant.Optional),
            _ => new PNSchema.DataField<string>(c.Name, variant.Optional),
        })).ToArray();
        var options = new PN.ParquetOptions
        {
            CompressionMethod = variant.Codec switch
            {
                "zstd" => PN.CompressionMethod.Zstd,
                "gzip" => PN.CompressionMethod.Gzip,
                "none" => PN.CompressionMethod.None,
                _ => PN.CompressionMethod.Snappy,
            },
            DictionaryEncodingThreshold = variant.Dictionary ? 1.0 : 0.0,
        };
        using var stream = File.Create(file);
        var writer = PN.ParquetWriter.CreateAsync(new PNSchema.ParquetSchema(fields), stream, options).GetAwaiter().GetResult();
        try
        {
            var rows = columns[0].Values.Length;
            var step = GroupRows(rows);
            for (var start = 0; start < rows; start += step)
            {
                var len = Math.Min(step, rows - start);
                using var group = writer.CreateRowGroup();
                for (var c = 0; c < columns.Count; c++)
                {
                    var f = fields[c];
                    var v = columns[c].Values;
                    var task = (v, variant.Optional) switch
                    {
                        (ulong[] a, false) => group.WriteAsync<ulong>(f, a.AsMemory(start, len), null, null, default),
                        (ulong[] a, true) => group.WriteAsync<ulong>(f, a.Skip(start).Take(len).Select(x => (ulong?)x).ToArray().AsMemory(), null, null, default),
                        (long[] a, false) => group.WriteAsync<long>(f, a.AsMemory(start, len), null, null, default),
                        (long[] a, true) => group.WriteAsync<long>(f, a.Skip(start).Take(len).Select(x => (long?)x).ToArray().AsMemory(), null, null, default),
                        (int[] a, false) => group.WriteAsync<int>(f, a.AsMemory(start, len), null, null, default),
                        (int[] a, true) => group.WriteAsync<int>(f, a.Skip(start).Take(len).Select(x => (int?)x).ToArray().AsMemory(), null, null, default),
                        (double[] a, false) => group.WriteAsync<double>(f, a.AsMemory(start, len), null, null, default),
                        (double[] a, true) => group.WriteAsync<double>(f, a.Skip(start).Take(len).Select(x => (double?)x).ToArray().AsMemory(), null, null, default),
                        (bool[] a, false) => group.WriteAsync<bool>(f, a.AsMemory(start, len), null, null, default),
                        (bool[] a, true) => group.WriteAsync<bool>(f, a.Skip(start).Take(len).Select(x => (bool?)x).ToArray().AsMemory(), null, null, default),
                        (string[] a, _) => group.WriteAsync(f, new ArraySegment<string>(a, start, len), null),
                        _ => throw new NotSupportedException(v.GetType().Name),
                    };
                    task.GetAwaiter().GetResult();
                }
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Text of a value for comparisons in messages.</summary>
    public static string Text(object? v) => v switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? string.Empty,
    };
}

/// <summary>Damaged Parquet files: garbage inside a valid header and footer, truncated, empty.</summary>
internal static class DamagedParquet
{
    public static readonly string[] Kinds = ["garbage", "truncated", "empty"];

    /// <summary>Damages the (valid) Parquet file <paramref name="file"/> in place.</summary>
    public static void Damage(string file, string kind)
    {
        var bytes = File.ReadAllBytes(file);
        switch (kind)
        {
            case "garbage":
                // Keep "PAR1", the footer (metadata) and its length + "PAR1": every page in between becomes noise.
                var footer = BitConverter.ToInt32(bytes, bytes.Length - 8);
                var end = bytes.Length - 8 - footer;
                var rng = new Random(7);
                for (var i = 4; i < end; i++)
                {
                    bytes[i] = (byte)rng.Next(256);
                }

                File.WriteAllBytes(file, bytes);
                break;
            case "truncated":
                File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
                break;
            default:
                File.WriteAllBytes(file, []);
                break;
        }
    }
}
