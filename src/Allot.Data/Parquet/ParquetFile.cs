using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Allot.Core.Errors;
using ParquetSharp;

namespace Allot.Data.Parquet;

/// <summary>
/// One open Parquet file, read column by column with Apache Arrow's C++ reader (ParquetSharp) — the reader
/// behind pyarrow, so whatever a mainstream producer writes is understood: REQUIRED or OPTIONAL columns, plain
/// or dictionary pages, data page v1 or v2, every standard codec. Values are decoded straight into typed arrays
/// (no per-row objects; repeated short strings are interned), converted to the requested
/// <see cref="ParquetColumnKind"/> with range checks. Every failure — a corrupt, truncated or empty file, a
/// missing column, a wrong type, a null, an out-of-range value — is an <see cref="AllotException"/> of class
/// input carrying the caller's code, the file, the row (row group and offset in the message) and the column.
/// </summary>
public sealed class ParquetFile : IDisposable
{
    private const int InternMaxBytes = 128;
    private static readonly object OutOfRange = new();
    private const int InternMaxEntries = 1 << 16;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly ParquetFileReader _reader;
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.Ordinal);
    private readonly ColumnMeta[] _descriptors;
    private readonly long[] _groupRows;
    private readonly string _code;

    private ParquetFile(string path, ParquetFileReader reader, string code)
    {
        Path = path;
        _reader = reader;
        _code = code;
        // Everything needed from the native schema is copied into managed values now: native descriptors
        // must not outlive the metadata object that owns them.
        using var meta = reader.FileMetaData;
        var schema = meta.Schema;
        _descriptors = new ColumnMeta[schema.NumColumns];
        for (var i = 0; i < _descriptors.Length; i++)
        {
            var d = schema.Column(i);
            var top = TopLevelName(d);
            var info = Info(d, top);
            using var logical = d.LogicalType;
            var text = info.IsNested ? default : ParquetTextForm.Of(d.PhysicalType, logical, d.TypeLength);
            _descriptors[i] = new ColumnMeta(top, d.PhysicalType, d.MaxDefinitionLevel, info, info.Type == ParquetValueType.Decimal ? d.TypeScale : 0, d.TypeLength, text);
            _columnIndex.TryAdd(top, i);
        }

        CreatedBy = meta.CreatedBy;
        _groupRows = new long[meta.NumRowGroups];
        for (var g = 0; g < _groupRows.Length; g++)
        {
            using var rg = reader.RowGroup(g);
            _groupRows[g] = rg.MetaData.NumRows;
            RowCount += _groupRows[g];
        }
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Number of row groups.</summary>
    public int RowGroupCount => _groupRows.Length;

    /// <summary>Total rows.</summary>
    public long RowCount { get; }

    /// <summary>The writer's <c>created_by</c> string.</summary>
    public string CreatedBy { get; }

    /// <summary>
    /// Opens <paramref name="path"/>; a file that is not Parquet (empty, truncated, corrupt footer) is an input
    /// error with <paramref name="code"/> naming the file.
    /// </summary>
    public static ParquetFile Open(string path, string code)
    {
        ParquetFileReader? reader = null;
        try
        {
            reader = new ParquetFileReader(path);
            return new ParquetFile(path, reader, code);
        }
        catch (Exception ex) when (ex is not AllotException and not OutOfMemoryException)
        {
            reader?.Dispose();
            if (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new AllotException(new AllotError(code, ErrorClass.Input, "the file does not exist.", File: path), ex);
            }

            throw Corrupt(path, code, ex);
        }
    }

    /// <summary>Rows of row group <paramref name="rowGroup"/>.</summary>
    public long RowGroupRows(int rowGroup) => _groupRows[rowGroup];

    /// <summary>True when the file has a top-level column <paramref name="name"/>.</summary>
    public bool Has(string name) => _columnIndex.ContainsKey(name);

    /// <summary>The top-level columns, in file order.</summary>
    public IReadOnlyList<ParquetFieldInfo> Describe()
    {
        var result = new List<ParquetFieldInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in _descriptors)
        {
            if (seen.Add(d.Name))
            {
                result.Add(d.Info);
            }
        }

        return result;
    }

    /// <summary>Names of the top-level columns, in file order.</summary>
    public IReadOnlyList<string> ColumnNames => Describe().Select(f => f.Name).ToList();

    /// <summary>Reads <paramref name="spec"/> from one row group.</summary>
    /// <param name="rowGroup">Row group index.</param>
    /// <param name="spec">Column and the kind to convert to.</param>
    /// <param name="firstRow">1-based row (within the file) of the row group's first row, for messages.</param>
    /// <param name="nullCode">Code for a null (defaults to the file's code).</param>
    /// <returns><c>long[]</c>, <c>ulong[]</c>, <c>int[]</c>, <c>double[]</c>, <c>string[]</c> or <c>bool[]</c>.</returns>
    public Array ReadColumn(int rowGroup, ParquetColumnSpec spec, long firstRow, string? nullCode = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var ci = Column(spec.Name);
        var d = _descriptors[ci];
        var n = checked((int)_groupRows[rowGroup]);
        var at = new Where(this, rowGroup, firstRow, spec.Name, nullCode ?? _code);
        CheckType(d.Info, spec, at);
        try
        {
            using var rg = _reader.RowGroup(rowGroup);
            using var col = rg.Column(ci);
            return spec.Kind switch
            {
                ParquetColumnKind.String => ReadStrings((ColumnReader<ByteArray>)col, n, d.MaxDefinitionLevel, at),
                ParquetColumnKind.Boolean => ReadPlain<bool>((ColumnReader<bool>)col, n, d.MaxDefinitionLevel, at),
                ParquetColumnKind.Double => d.PhysicalType == PhysicalType.Float
                    ? Array.ConvertAll(ReadPlain<float>((ColumnReader<float>)col, n, d.MaxDefinitionLevel, at), v => (double)v)
                    : ReadPlain<double>((ColumnReader<double>)col, n, d.MaxDefinitionLevel, at),
                _ => ReadInteger(col, d, spec.Kind, n, at),
            };
        }
        catch (Exception ex) when (ex is not AllotException and not OutOfMemoryException)
        {
            throw Corrupt(Path, _code, ex, $"row group {rowGroup}, column '{spec.Name}'");
        }
    }

    /// <summary>
    /// Reads any scalar column of one row group as values for rendering (nulls allowed): <c>long</c>, <c>ulong</c>,
    /// <c>double</c>, <c>bool</c> or <c>string</c> (a DECIMAL as its exact text at the declared scale, of any
    /// precision), or null. For small tables (one object per value).
    /// </summary>
    public object?[] ReadValues(int rowGroup, string column)
    {
        var ci = Column(column);
        var d = _descriptors[ci];
        var info = d.Info;
        var n = checked((int)_groupRows[rowGroup]);
        long firstRow = 1;
        for (var g = 0; g < rowGroup; g++)
        {
            firstRow += _groupRows[g];
        }

        var at = new Where(this, rowGroup, firstRow, column, _code);
        if (info.IsNested)
        {
            throw at.Fail(null, $"column '{column}' is nested (a list, map or struct); only scalar columns can be read as text.");
        }

        if (info.Type == ParquetValueType.Other && d.Text.Form == ParquetTextKind.None)
        {
            throw at.Fail(null, $"column '{column}' has unsupported type {info.TypeName}.");
        }

        try
        {
            using var rg = _reader.RowGroup(rowGroup);
            using var col = rg.Column(ci);
            if (d.Text.Form != ParquetTextKind.None)
            {
                return TextFormValues(col, d, n, at);
            }

            if (info.Type == ParquetValueType.Decimal)
            {
                // Rendered exactly at the column's declared scale ("1.50" for DECIMAL(9,2)), as written, from the stored
                // unscaled integer: System.Decimal (ParquetSharp's logical reader) holds neither DuckDB's DECIMAL(38, 0)
                // sums above 7.9·10^28 nor more than 28 fractional digits, and failed on them as if the file were corrupt.
                var scale = d.Scale;
                var width = d.TypeLength;
                return d.PhysicalType switch
                {
                    PhysicalType.Int32 => Spaced((ColumnReader<int>)col, n, d.MaxDefinitionLevel, v => DecimalText(v, scale)),
                    PhysicalType.Int64 => Spaced((ColumnReader<long>)col, n, d.MaxDefinitionLevel, v => DecimalText(v, scale)),
                    PhysicalType.FixedLenByteArray => Spaced((ColumnReader<FixedLenByteArray>)col, n, d.MaxDefinitionLevel, v => DecimalText(BigEndian(v.Pointer, width), scale)),
                    _ => Spaced((ColumnReader<ByteArray>)col, n, d.MaxDefinitionLevel, v => DecimalText(BigEndian(v.Pointer, v.Length), scale)),
                };
            }

            var unsigned = info.Type == ParquetValueType.UnsignedInteger;
            return d.PhysicalType switch
            {
                PhysicalType.Int64 => Spaced((ColumnReader<long>)col, n, d.MaxDefinitionLevel, v => unsigned ? (ulong)v : (object)v),
                PhysicalType.Int32 => Spaced((ColumnReader<int>)col, n, d.MaxDefinitionLevel, v => unsigned ? (ulong)(uint)v : (object)(long)v),
                PhysicalType.Double => Spaced((ColumnReader<double>)col, n, d.MaxDefinitionLevel, v => (object)v),
                PhysicalType.Float => Spaced((ColumnReader<float>)col, n, d.MaxDefinitionLevel, v => (object)(double)v),
                PhysicalType.Boolean => Spaced((ColumnReader<bool>)col, n, d.MaxDefinitionLevel, v => (object)v),
                _ => SpacedStrings((ColumnReader<ByteArray>)col, n, d.MaxDefinitionLevel, at),
            };
        }
        catch (Exception ex) when (ex is not AllotException and not OutOfMemoryException)
        {
            throw Corrupt(Path, _code, ex, $"row group {rowGroup}, column '{column}'");
        }
    }

    /// <summary>Reads a whole column (all row groups concatenated).</summary>
    public Array ReadColumn(ParquetColumnSpec spec, string? nullCode = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parts = new List<Array>(RowGroupCount);
        long first = 1;
        for (var g = 0; g < RowGroupCount; g++)
        {
            parts.Add(ReadColumn(g, spec, first, nullCode));
            first += _groupRows[g];
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        var result = Array.CreateInstance(parts.Count == 0 ? ElementType(spec.Kind) : parts[0].GetType().GetElementType()!, checked((int)RowCount));
        var offset = 0;
        foreach (var p in parts)
        {
            Array.Copy(p, 0, result, offset, p.Length);
            offset += p.Length;
        }

        return result;
    }

    /// <summary>
    /// True when the row-group statistics prove that every value of the string column equals
    /// <paramref name="expected"/> (no nulls, min = max = expected in every row group); false when they cannot.
    /// </summary>
    public bool StatisticsProveAllEqual(string column, string expected)
    {
        var ci = Column(column);
        if (_descriptors[ci].PhysicalType != PhysicalType.ByteArray)
        {
            return false;
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(expected);
        try
        {
            for (var g = 0; g < RowGroupCount; g++)
            {
                using var rg = _reader.RowGroup(g);
                using var chunk = rg.MetaData.GetColumnChunkMetaData(ci);
                if (!chunk.IsStatsSet)
                {
                    return false;
                }

                using var stats = chunk.Statistics;
                if (stats is not Statistics<ByteArray> typed || !stats.HasMinMax || stats.NullCount != 0
                    || !Span(typed.Min).SequenceEqual(bytes) || !Span(typed.Max).SequenceEqual(bytes))
                {
                    return false;
                }
            }
        }
        catch (Exception ex) when (ex is not AllotException and not OutOfMemoryException)
        {
            return false;
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    internal static AllotException Corrupt(string path, string code, Exception ex, string? where = null) =>
        new(new AllotError(
            code,
            ErrorClass.Input,
            $"not a readable Parquet file (corrupt, truncated or empty){(where is null ? string.Empty : " at " + where)}: {FirstLine(ex.Message)}",
            File: path), ex);

    internal static Type ElementType(ParquetColumnKind kind) => kind switch
    {
        ParquetColumnKind.Int64 => typeof(long),
        ParquetColumnKind.UInt64 => typeof(ulong),
        ParquetColumnKind.Int32 => typeof(int),
        ParquetColumnKind.Double => typeof(double),
        ParquetColumnKind.String => typeof(string),
        _ => typeof(bool),
    };

    internal static ParquetFieldInfo Info(ColumnDescriptor d, string name)
    {
        using var logical = d.LogicalType;
        using var path = d.Path;
        var nested = d.MaxRepetitionLevel > 0 || path.ToDotVector().Length > 1;
        ParquetValueType type;
        int width;
        switch (d.PhysicalType)
        {
            case PhysicalType.Int32 or PhysicalType.Int64 when logical is NoneLogicalType or IntLogicalType:
                var signed = logical is not IntLogicalType il || il.IsSigned;
                width = logical is IntLogicalType i ? i.BitWidth : d.PhysicalType == PhysicalType.Int32 ? 32 : 64;
                type = signed ? ParquetValueType.SignedInteger : ParquetValueType.UnsignedInteger;
                break;
            case PhysicalType.ByteArray when logical is NoneLogicalType or StringLogicalType or EnumLogicalType or JsonLogicalType:
                type = ParquetValueType.String;
                width = 0;
                break;
            case PhysicalType.Boolean:
                type = ParquetValueType.Boolean;
                width = 1;
                break;
            case PhysicalType.Double or PhysicalType.Float when logical is NoneLogicalType:
                type = ParquetValueType.Floating;
                width = d.PhysicalType == PhysicalType.Double ? 64 : 32;
                break;
            default:
                type = logical is DecimalLogicalType ? ParquetValueType.Decimal : ParquetValueType.Other;
                width = 0;
                break;
        }

        return new ParquetFieldInfo(name, type, width, d.MaxDefinitionLevel > 0, nested, Describe(d, logical));
    }

    private static string Describe(ColumnDescriptor d, LogicalType logical)
    {
        return logical switch
        {
            IntLogicalType i => $"{(i.IsSigned ? "INT" : "UINT")}{i.BitWidth}",
            StringLogicalType => "STRING",
            NoneLogicalType => d.PhysicalType.ToString().ToUpperInvariant(),
            _ => $"{d.PhysicalType.ToString().ToUpperInvariant()} ({logical.GetType().Name.Replace("LogicalType", string.Empty, StringComparison.Ordinal).ToUpperInvariant()})",
        };
    }

    private static string TopLevelName(ColumnDescriptor d)
    {
        using var path = d.Path;
        var parts = path.ToDotVector();
        return parts.Length > 0 ? parts[0] : d.Name;
    }

    private static string FirstLine(string message)
    {
        var nl = message.IndexOfAny(['\r', '\n']);
        return nl < 0 ? message : message[..nl];
    }

    private static unsafe ReadOnlySpan<byte> Span(ByteArray b) =>
        b.Length == 0 ? [] : new ReadOnlySpan<byte>((void*)b.Pointer, b.Length);

    private int Column(string name) =>
        _columnIndex.TryGetValue(name, out var ci)
            ? ci
            : throw new AllotException(new AllotError(_code, ErrorClass.Input, $"required column '{name}' is missing (columns present: {string.Join(", ", ColumnNames)}).", File: Path, Key: name));

    private static void CheckType(ParquetFieldInfo info, ParquetColumnSpec spec, Where at)
    {
        if (info.IsNested)
        {
            throw at.Fail(null, $"column '{spec.Name}' is nested (a list, map or struct); a scalar {Expected(spec.Kind)} is required.");
        }

        var ok = spec.Kind switch
        {
            ParquetColumnKind.String => info.Type == ParquetValueType.String,
            ParquetColumnKind.Boolean => info.Type == ParquetValueType.Boolean,
            ParquetColumnKind.Double => info.Type == ParquetValueType.Floating,
            _ => info.Type is ParquetValueType.SignedInteger or ParquetValueType.UnsignedInteger,
        };
        if (!ok)
        {
            throw at.Fail(null, $"column '{spec.Name}' has type {info.TypeName}; {Expected(spec.Kind)} is required{Hint(spec.Kind)}.");
        }
    }

    private static string Expected(ParquetColumnKind kind) => kind switch
    {
        ParquetColumnKind.String => "a string",
        ParquetColumnKind.Boolean => "a boolean",
        ParquetColumnKind.Double => "a floating-point number",
        _ => "an integer",
    };

    private static string Hint(ParquetColumnKind kind) => kind switch
    {
        ParquetColumnKind.String => " (BYTE_ARRAY, with or without the UTF8/STRING annotation)",
        ParquetColumnKind.Boolean or ParquetColumnKind.Double => string.Empty,
        _ => " (any width or signedness that holds the values)",
    };

    // Reads every level of the row group; a null (definition level below the maximum) is an error at its row.
    private static T[] ReadPlain<T>(ColumnReader<T> reader, int n, short maxDef, Where at)
        where T : unmanaged
    {
        var result = new T[n];
        ReadInto(reader, result, maxDef, at);
        return result;
    }

    // Decodes the row group's values straight into dest (no intermediate copy).
    private static void ReadInto<T>(ColumnReader<T> reader, Span<T> dest, short maxDef, Where at)
        where T : unmanaged
    {
        var n = dest.Length;
        if (maxDef == 0)
        {
            var offset = 0;
            while (offset < n && reader.HasNext)
            {
                offset += (int)reader.ReadBatch(n - offset, dest[offset..], out _);
            }

            if (offset != n)
            {
                throw at.Fail(null, $"the row group declares {n} rows but column '{at.Column}' holds {offset} values.");
            }

            return;
        }

        var defs = ArrayPool<short>.Shared.Rent(Math.Min(Math.Max(n, 1), 1 << 16));
        try
        {
            var done = 0;
            while (done < n && reader.HasNext)
            {
                var levels = (int)reader.ReadBatch(Math.Min(defs.Length, n - done), defs, default, dest[done..], out var values);
                if (values != levels)
                {
                    throw at.Null(done + FirstNull(defs.AsSpan(0, levels), maxDef));
                }

                done += levels;
            }

            if (done != n)
            {
                throw at.Fail(null, $"the row group declares {n} rows but column '{at.Column}' holds {done} values.");
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(defs);
        }
    }

    private static int FirstNull(ReadOnlySpan<short> defs, short maxDef)
    {
        for (var i = 0; i < defs.Length; i++)
        {
            if (defs[i] < maxDef)
            {
                return i;
            }
        }

        return 0;
    }

    private static Array ReadInteger(ColumnReader col, ColumnMeta d, ParquetColumnKind kind, int n, Where at)
    {
        var unsigned = d.Info.Type == ParquetValueType.UnsignedInteger;
        if (d.PhysicalType == PhysicalType.Int64 && kind == ParquetColumnKind.UInt64)
        {
            // Same 64 bits either way: decode into the ulong array through a long view, then check the sign.
            var u = new ulong[n];
            var view = MemoryMarshal.Cast<ulong, long>(u.AsSpan());
            ReadInto((ColumnReader<long>)col, view, d.MaxDefinitionLevel, at);
            if (!unsigned)
            {
                for (var i = 0; i < n; i++)
                {
                    if (view[i] < 0)
                    {
                        throw at.Range(i, view[i].ToString(System.Globalization.CultureInfo.InvariantCulture), "UInt64");
                    }
                }
            }

            return u;
        }

        if (d.PhysicalType == PhysicalType.Int64)
        {
            var raw = ReadPlain((ColumnReader<long>)col, n, d.MaxDefinitionLevel, at);
            switch (kind)
            {
                case ParquetColumnKind.Int64:
                    if (unsigned)
                    {
                        for (var i = 0; i < n; i++)
                        {
                            if (raw[i] < 0)
                            {
                                throw at.Range(i, ((ulong)raw[i]).ToString(System.Globalization.CultureInfo.InvariantCulture), "Int64");
                            }
                        }
                    }

                    return raw;
                case ParquetColumnKind.UInt64:
                    throw new InvalidOperationException("UInt64 from INT64 is read without a copy above.");
                default:
                    var r32 = new int[n];
                    for (var i = 0; i < n; i++)
                    {
                        if ((unsigned && raw[i] < 0) || raw[i] is < int.MinValue or > int.MaxValue)
                        {
                            throw at.Range(i, unsigned ? ((ulong)raw[i]).ToString(System.Globalization.CultureInfo.InvariantCulture) : raw[i].ToString(System.Globalization.CultureInfo.InvariantCulture), "Int32");
                        }

                        r32[i] = (int)raw[i];
                    }

                    return r32;
            }
        }

        var raw32 = ReadPlain((ColumnReader<int>)col, n, d.MaxDefinitionLevel, at);
        switch (kind)
        {
            case ParquetColumnKind.Int64:
                var l = new long[n];
                for (var i = 0; i < n; i++)
                {
                    l[i] = unsigned ? (uint)raw32[i] : raw32[i];
                }

                return l;
            case ParquetColumnKind.UInt64:
                var u = new ulong[n];
                for (var i = 0; i < n; i++)
                {
                    if (!unsigned && raw32[i] < 0)
                    {
                        throw at.Range(i, raw32[i].ToString(System.Globalization.CultureInfo.InvariantCulture), "UInt64");
                    }

                    u[i] = unsigned ? (uint)raw32[i] : (ulong)raw32[i];
                }

                return u;
            default:
                if (unsigned)
                {
                    for (var i = 0; i < n; i++)
                    {
                        if (raw32[i] < 0)
                        {
                            throw at.Range(i, ((uint)raw32[i]).ToString(System.Globalization.CultureInfo.InvariantCulture), "Int32");
                        }
                    }
                }

                return raw32;
        }
    }

    private static object?[] Spaced<T>(ColumnReader<T> reader, int n, short maxDef, Func<T, object> box)
        where T : unmanaged
    {
        var result = new object?[n];
        var defs = new short[Math.Max(1, n)];
        var values = new T[Math.Max(1, n)];
        var done = 0;
        while (done < n && reader.HasNext)
        {
            var levels = (int)reader.ReadBatch(n - done, defs.AsSpan(0, n - done), default, values, out var got);
            var v = 0;
            for (var i = 0; i < levels; i++)
            {
                result[done + i] = maxDef == 0 || defs[i] == maxDef ? box(values[v++]) : null;
            }

            done += levels;
        }

        return result;
    }

    // Dates, times, timestamps and UUIDs as text (ParquetTextForm); a value outside what the text can show (a year
    // beyond 1–9999, a time beyond a day) is an error at its row rather than a wrapped or invented date.
    private static object?[] TextFormValues(ColumnReader col, ColumnMeta d, int n, Where at)
    {
        var form = d.Text;
        var max = d.MaxDefinitionLevel;
        var values = form.Form switch
        {
            ParquetTextKind.Date => Spaced((ColumnReader<int>)col, n, max, v => ParquetTextForm.Date(v) ?? OutOfRange),
            ParquetTextKind.Timestamp => Spaced((ColumnReader<long>)col, n, max, v => form.Timestamp(v) ?? OutOfRange),
            ParquetTextKind.Time when d.PhysicalType == PhysicalType.Int32 => Spaced((ColumnReader<int>)col, n, max, v => form.Time(v) ?? OutOfRange),
            ParquetTextKind.Time => Spaced((ColumnReader<long>)col, n, max, v => form.Time(v) ?? OutOfRange),
            _ => Spaced((ColumnReader<FixedLenByteArray>)col, n, max, v => ParquetTextForm.Uuid(Bytes(v.Pointer, 16))),
        };
        var bad = Array.IndexOf(values, OutOfRange);
        return bad < 0 ? values : throw at.Fail(bad, $"column '{at.Column}' holds a value ({d.Info.TypeName}) outside years 1–9999 (or, for a time, outside a day).");
    }

    private static unsafe ReadOnlySpan<byte> Bytes(IntPtr pointer, int length) => new((void*)pointer, length);

    // A Parquet decimal stores its unscaled value as a big-endian two's-complement integer (FIXED_LEN_BYTE_ARRAY or
    // BYTE_ARRAY); the span is valid until the next ReadBatch, so it is read at once.
    private static unsafe System.Numerics.BigInteger BigEndian(IntPtr pointer, int length) =>
        length == 0 ? System.Numerics.BigInteger.Zero : new System.Numerics.BigInteger(new ReadOnlySpan<byte>((void*)pointer, length), isUnsigned: false, isBigEndian: true);

    /// <summary><paramref name="unscaled"/> · 10^−<paramref name="scale"/> written out with exactly <paramref name="scale"/> fractional digits.</summary>
    internal static string DecimalText(System.Numerics.BigInteger unscaled, int scale)
    {
        var digits = System.Numerics.BigInteger.Abs(unscaled).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sign = unscaled.Sign < 0 ? "-" : string.Empty;
        if (scale <= 0)
        {
            return sign + digits + new string('0', -scale);
        }

        digits = digits.PadLeft(scale + 1, '0');
        return string.Concat(sign, digits.AsSpan(0, digits.Length - scale), ".", digits.AsSpan(digits.Length - scale));
    }

    private static object?[] SpacedStrings(ColumnReader<ByteArray> reader, int n, short maxDef, Where at)
    {
        var result = new object?[n];
        var defs = new short[Math.Max(1, n)];
        var values = new ByteArray[Math.Max(1, n)];
        var done = 0;
        while (done < n && reader.HasNext)
        {
            var levels = (int)reader.ReadBatch(n - done, defs.AsSpan(0, n - done), default, values, out _);
            var v = 0;
            for (var i = 0; i < levels; i++)
            {
                if (maxDef == 0 || defs[i] == maxDef)
                {
                    try
                    {
                        result[done + i] = StrictUtf8.GetString(Span(values[v++]));
                    }
                    catch (DecoderFallbackException)
                    {
                        throw at.Fail(done + i, $"column '{at.Column}' holds bytes that are not valid UTF-8.");
                    }
                }
            }

            done += levels;
        }

        return result;
    }

    private static string[] ReadStrings(ColumnReader<ByteArray> reader, int n, short maxDef, Where at)
    {
        var result = new string[n];
        var batch = Math.Min(Math.Max(n, 1), 1 << 14);
        var values = ArrayPool<ByteArray>.Shared.Rent(batch);
        var defs = maxDef > 0 ? ArrayPool<short>.Shared.Rent(batch) : null;
        try
        {
            return ReadStrings(reader, n, maxDef, at, result, batch, values, defs);
        }
        finally
        {
            ArrayPool<ByteArray>.Shared.Return(values);
            if (defs is not null)
            {
                ArrayPool<short>.Shared.Return(defs);
            }
        }
    }

    private static string[] ReadStrings(ColumnReader<ByteArray> reader, int n, short maxDef, Where at, string[] result, int batch, ByteArray[] values, short[]? defs)
    {
        var intern = new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = intern.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = stackalloc char[InternMaxBytes];
        var done = 0;
        ReadOnlySpan<byte> lastBytes = default;
        string? last = null;
        while (done < n && reader.HasNext)
        {
            var want = Math.Min(batch, n - done);
            int levels;
            long got;
            if (defs is null)
            {
                levels = (int)reader.ReadBatch(want, values.AsSpan(0, want), out got);
            }
            else
            {
                levels = (int)reader.ReadBatch(want, defs.AsSpan(0, want), default, values.AsSpan(0, want), out got);
                if (got != levels)
                {
                    throw at.Null(done + FirstNull(defs.AsSpan(0, levels), maxDef));
                }
            }

            // The byte spans point into the current page; they stay valid until the next ReadBatch.
            lastBytes = default;
            last = null;
            for (var i = 0; i < levels; i++)
            {
                var bytes = Span(values[i]);
                if (last is not null && bytes.SequenceEqual(lastBytes))
                {
                    result[done + i] = last;
                    continue;
                }

                string s;
                try
                {
                    if (bytes.Length <= InternMaxBytes)
                    {
                        var len = StrictUtf8.GetChars(bytes, chars);
                        var text = chars[..len];
                        if (!lookup.TryGetValue(text, out var found))
                        {
                            found = new string(text);
                            if (intern.Count < InternMaxEntries)
                            {
                                intern.Add(found, found);
                            }
                        }

                        s = found;
                    }
                    else
                    {
                        s = StrictUtf8.GetString(bytes);
                    }
                }
                catch (DecoderFallbackException)
                {
                    throw at.Fail(done + i, $"column '{at.Column}' holds bytes that are not valid UTF-8.");
                }

                result[done + i] = s;
                last = s;
                lastBytes = bytes;
            }

            done += levels;
        }

        return done == n ? result : throw at.Fail(null, $"the row group declares {n} rows but column '{at.Column}' holds {done} values.");
    }

    /// <summary>What the reader needs of a leaf column, copied out of the native schema.</summary>
    private sealed record ColumnMeta(string Name, PhysicalType PhysicalType, short MaxDefinitionLevel, ParquetFieldInfo Info, int Scale, int TypeLength, ParquetTextForm Text);

    /// <summary>Where a value sits, for messages: file, row group, offset, row, column.</summary>
    private readonly record struct Where(ParquetFile File, int RowGroup, long FirstRow, string Column, string NullCode)
    {
        public AllotException Fail(long? offset, string message, string? code = null) =>
            new(new AllotError(
                code ?? File._code,
                ErrorClass.Input,
                offset is null ? $"{message} (row group {RowGroup})" : $"{message} (row group {RowGroup}, offset {offset})",
                File: File.Path,
                Row: offset is null ? null : FirstRow + offset,
                Key: Column));

        public AllotException Null(long offset) => Fail(offset, $"column '{Column}' is null; the contract requires a value.", NullCode);

        public AllotException Range(long offset, string value, string kind) => Fail(offset, $"column '{Column}' value {value} is outside the {kind} range.");
    }
}
