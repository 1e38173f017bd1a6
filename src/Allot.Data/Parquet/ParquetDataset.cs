using System.Numerics;
using Allot.Core.Errors;
using Allot.Data.Publishing;
using global::Parquet;
using global::Parquet.Schema;

namespace Allot.Data.Parquet;

/// <summary>
/// A Parquet dataset: one file, or a partition folder of <c>*.parquet</c> files read in ordinal name order
/// (staging leftovers and hidden files are skipped). Integer columns are read whatever physical width the
/// producer used (int8..int64, uint8..uint64) and converted to the requested kind with range checks; nulls in a
/// requested column are rejected. Failures are <see cref="AllotException"/>s carrying the caller's schema code,
/// the file, the row and the column.
/// </summary>
public sealed class ParquetDataset
{
    private ParquetDataset(string location, IReadOnlyList<string> files)
    {
        Location = location;
        Files = files;
        BytesTotal = files.Sum(f => new FileInfo(f).Length);
    }

    /// <summary>The folder or file this dataset was opened from.</summary>
    public string Location { get; }

    /// <summary>The data files, in read order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Total size of <see cref="Files"/> in bytes (what a full read consumes).</summary>
    public long BytesTotal { get; }

    /// <summary>True when <paramref name="location"/> is an existing Parquet file or a folder holding at least one.</summary>
    public static bool Exists(string location) =>
        File.Exists(location) || (Directory.Exists(location) && ListParts(location).Count > 0);

    /// <summary>Opens a file or partition folder; returns null when there is nothing to read.</summary>
    public static ParquetDataset? TryOpen(string location)
    {
        if (File.Exists(location))
        {
            return new ParquetDataset(location, [Path.GetFullPath(location)]);
        }

        if (!Directory.Exists(location))
        {
            return null;
        }

        var parts = ListParts(location);
        return parts.Count == 0 ? null : new ParquetDataset(location, parts);
    }

    /// <summary>The data files of a partition folder in ordinal order of name.</summary>
    public static IReadOnlyList<string> ListParts(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.TopDirectoryOnly)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).StartsWith(PartitionPublisher.StagingPrefix, StringComparison.Ordinal))
            .Select(Path.GetFullPath)
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>The columns of one file as (name, CLR type, nullable), in file order.</summary>
    public static IReadOnlyList<ParquetFieldInfo> DescribeSchema(string file)
    {
        using var stream = File.OpenRead(file);
        var schema = ParquetReader.ReadSchemaAsync(stream).GetAwaiter().GetResult();
        return schema.Fields.Select(f => f is DataField df
            ? new ParquetFieldInfo(df.Name, df.ClrType, df.IsNullable, df.IsArray)
            : new ParquetFieldInfo(f.Name, typeof(object), true, true)).ToList();
    }

    /// <summary>Reads the requested columns row group by row group, in file order.</summary>
    /// <param name="columns">Columns to read; extra columns in the files are ignored.</param>
    /// <param name="schemaErrorCode">Code for a missing required column, a wrong type, a null or an out-of-range value.</param>
    /// <param name="nullCodeByColumn">Codes that replace <paramref name="schemaErrorCode"/> for nulls in specific columns.</param>
    public IEnumerable<ParquetBatch> ReadBatches(IReadOnlyList<ParquetColumnSpec> columns, string schemaErrorCode, IReadOnlyDictionary<string, string>? nullCodeByColumn = null)
    {
        foreach (var file in Files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
            try
            {
                var fields = new Dictionary<string, DataField>(StringComparer.Ordinal);
                foreach (var df in reader.Schema.GetDataFields())
                {
                    fields.TryAdd(df.Name, df);
                }

                foreach (var spec in columns)
                {
                    if (spec.Required && !fields.ContainsKey(spec.Name))
                    {
                        throw Fail(schemaErrorCode, file, null, spec.Name, $"required column '{spec.Name}' is missing (columns present: {string.Join(", ", fields.Keys)}).");
                    }
                }

                long firstRow = 1;
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var group = reader.OpenRowGroupReader(g);
                    var n = checked((int)group.RowCount);
                    var data = new Dictionary<string, Array>(StringComparer.Ordinal);
                    foreach (var spec in columns)
                    {
                        if (fields.TryGetValue(spec.Name, out var df))
                        {
                            var nullCode = nullCodeByColumn is not null && nullCodeByColumn.TryGetValue(spec.Name, out var nc) ? nc : schemaErrorCode;
                            data[spec.Name] = ReadColumn(group, df, spec, n, file, firstRow, schemaErrorCode, nullCode);
                        }
                    }

                    yield return new ParquetBatch(file, g, firstRow, n, data);
                    firstRow += n;
                }
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private static Array ReadColumn(ParquetRowGroupReader group, DataField df, ParquetColumnSpec spec, int n, string file, long firstRow, string code, string nullCode)
    {
        if (df.IsArray)
        {
            throw Fail(code, file, null, spec.Name, $"column '{spec.Name}' is a list; a scalar {spec.Kind} is required.");
        }

        var t = df.ClrType;
        switch (spec.Kind)
        {
            case ParquetColumnKind.String:
                if (t != typeof(string) && t != typeof(ReadOnlyMemory<char>))
                {
                    throw Fail(code, file, null, spec.Name, $"column '{spec.Name}' has type {t.Name}; a string is required.");
                }

                var raw = new string?[n];
                group.ReadAsync(df, raw.AsMemory(), null, default).AsTask().GetAwaiter().GetResult();
                var strings = new string[n];
                for (var i = 0; i < n; i++)
                {
                    strings[i] = raw[i] ?? throw Fail(nullCode, file, firstRow + i, spec.Name, $"column '{spec.Name}' is null.");
                }

                return strings;
            case ParquetColumnKind.Boolean:
                if (t != typeof(bool))
                {
                    throw Fail(code, file, null, spec.Name, $"column '{spec.Name}' has type {t.Name}; a boolean is required.");
                }

                var bools = ReadValues<bool>(group, df, n, file, firstRow, spec.Name, nullCode);
                return bools;
            default:
                // Fast paths for the common widths; everything else goes through a checked Int128 widening.
                if (t == typeof(long) && spec.Kind == ParquetColumnKind.Int64)
                {
                    return ReadValues<long>(group, df, n, file, firstRow, spec.Name, nullCode);
                }

                if (t == typeof(ulong) && spec.Kind == ParquetColumnKind.UInt64)
                {
                    return ReadValues<ulong>(group, df, n, file, firstRow, spec.Name, nullCode);
                }

                if (t == typeof(long) && spec.Kind == ParquetColumnKind.UInt64)
                {
                    var signed = ReadValues<long>(group, df, n, file, firstRow, spec.Name, nullCode);
                    var unsigned = new ulong[n];
                    for (var i = 0; i < n; i++)
                    {
                        unsigned[i] = signed[i] >= 0 ? (ulong)signed[i] : throw Fail(code, file, firstRow + i, spec.Name, $"column '{spec.Name}' value {signed[i]} is outside the UInt64 range.");
                    }

                    return unsigned;
                }

                var wide = t switch
                {
                    _ when t == typeof(long) => Widen(ReadValues<long>(group, df, n, file, firstRow, spec.Name, nullCode)),
                    _ when t == typeof(ulong) => Widen(ReadValues<ulong>(group, df, n, file, firstRow, spec.Name, nullCode)),
                    _ when t == typeof(int) => Widen(ReadValues<int>(group, df, n, file, firstRow, spec.Name, nullCode)),
                    _ when t == typeof(uint) => Widen(ReadValues<uint>(group, df, n, file, firstRow, spec.Name, nullCode)),
                    _ when t == typeof(short) => Widen(ReadValues<short>(group, df, n, file, firstRow, spec.Name, nullCode)),
                    _ when t == typeof(ushort) => Widen(ReadValues<ushort>(group, df, n, file, firstRow, spec.Name, nullCode)),
                    _ when t == typeof(sbyte) => Widen(ReadValues<sbyte>(group, df, n, file, firstRow, spec.Name, nullCode)),
                    _ when t == typeof(byte) => Widen(ReadValues<byte>(group, df, n, file, firstRow, spec.Name, nullCode)),
                    _ => throw Fail(code, file, null, spec.Name, $"column '{spec.Name}' has type {t.Name}; an integer is required."),
                };
                return spec.Kind == ParquetColumnKind.Int64
                    ? Narrow<long>(wide, file, firstRow, spec.Name, code)
                    : Narrow<ulong>(wide, file, firstRow, spec.Name, code);
        }
    }

    private static T[] ReadValues<T>(ParquetRowGroupReader group, DataField df, int n, string file, long firstRow, string column, string code)
        where T : struct
    {
        if (!df.IsNullable)
        {
            var values = new T[n];
            group.ReadAsync<T>(df, values.AsMemory(), null, default).AsTask().GetAwaiter().GetResult();
            return values;
        }

        var nullable = new T?[n];
        group.ReadAsync<T>(df, nullable.AsMemory(), null, default).AsTask().GetAwaiter().GetResult();
        var result = new T[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = nullable[i] ?? throw Fail(code, file, firstRow + i, column, $"column '{column}' is null.");
        }

        return result;
    }

    private static Int128[] Widen<T>(T[] values)
        where T : IBinaryInteger<T>
    {
        var wide = new Int128[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            wide[i] = Int128.CreateTruncating(values[i]);
        }

        return wide;
    }

    private static T[] Narrow<T>(Int128[] wide, string file, long firstRow, string column, string code)
        where T : IBinaryInteger<T>, IMinMaxValue<T>
    {
        var min = Int128.CreateTruncating(T.MinValue);
        var max = Int128.CreateTruncating(T.MaxValue);
        var result = new T[wide.Length];
        for (var i = 0; i < wide.Length; i++)
        {
            if (wide[i] < min || wide[i] > max)
            {
                throw Fail(code, file, firstRow + i, column, $"column '{column}' value {wide[i]} is outside the {typeof(T).Name} range.");
            }

            result[i] = T.CreateTruncating(wide[i]);
        }

        return result;
    }

    private static AllotException Fail(string code, string file, long? row, string column, string message) =>
        new(new AllotError(code, ErrorClass.Input, message, File: file, Row: row, Key: column));
}
