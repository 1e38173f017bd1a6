using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Allot.Data.Parquet;

/// <summary>
/// A direct encoder for the files <see cref="ParquetPartitionWriter"/> writes with Parquet.Net when every column is
/// REQUIRED <see cref="ParquetColumnKind.Int64"/>, <see cref="ParquetColumnKind.UInt64"/> or
/// <see cref="ParquetColumnKind.String"/> (the S4 plan): the same bytes, field for field, as Parquet.Net 6.1 with
/// <see cref="ParquetPartitionWriter.PinnedOptions"/> — one PLAIN data page (v1) per column chunk, compressed whole
/// with Snappier (the library Parquet.Net uses), statistics (max, min, null count, max_value, min_value) in the page
/// header and the column metadata, encodings [PLAIN, RLE], the row group's <c>file_offset</c> field holding its
/// compressed size (as Parquet.Net writes it), no key/value metadata, Parquet.Net's <c>created_by</c>. Tests write
/// the same row groups both ways and require identical files; anything else stays with Parquet.Net.
/// It encodes straight from the caller's arrays into one pooled buffer (no per-value objects) and needs no JIT of the
/// library's generic, asynchronous writing path.
/// </summary>
internal sealed class PlainColumnChunkWriter : IDisposable
{
    private const string CreatedBy = "Parquet.Net version 6.1.0 (build c179d97bd2549b5f44a9241e729f869d4947ee59)";
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly Stream _stream;
    private readonly IReadOnlyList<ParquetColumnSpec> _columns;
    private readonly List<RowGroupMeta> _groups = [];
    private byte[] _page = ArrayPool<byte>.Shared.Rent(1 << 16);
    private byte[] _compressed = ArrayPool<byte>.Shared.Rent(1 << 16);
    private long _position;

    public PlainColumnChunkWriter(Stream stream, IReadOnlyList<ParquetColumnSpec> columns)
    {
        _stream = stream;
        _columns = columns;
        _stream.Write(Magic);
        _position = Magic.Length;
    }

    /// <summary>True when every column is of a kind this encoder writes.</summary>
    public static bool Supports(IReadOnlyList<ParquetColumnSpec> columns) =>
        columns.Count > 0 && columns.All(c => c.Required && c.Kind is ParquetColumnKind.Int64 or ParquetColumnKind.UInt64 or ParquetColumnKind.String);

    /// <summary>Writes one row group: each column chunk is a page header and its Snappy-compressed PLAIN page.</summary>
    public void WriteRowGroup(IReadOnlyList<Array> columns, int rowCount)
    {
        var chunks = new ChunkMeta[_columns.Count];
        for (var c = 0; c < _columns.Count; c++)
        {
            var (length, max, min) = _columns[c].Kind switch
            {
                ParquetColumnKind.Int64 => EncodeInt64s(((long[])columns[c]).AsSpan(0, rowCount)),
                ParquetColumnKind.UInt64 => EncodeInt64s(((ulong[])columns[c]).AsSpan(0, rowCount)),
                _ => EncodeStrings(((string[])columns[c]).AsSpan(0, rowCount)),
            };

            var bound = Snappier.Snappy.GetMaxCompressedLength(length);
            if (_compressed.Length < bound)
            {
                ArrayPool<byte>.Shared.Return(_compressed);
                _compressed = ArrayPool<byte>.Shared.Rent(bound);
            }

            var compressed = Snappier.Snappy.Compress(_page.AsSpan(0, length), _compressed);
            var header = new ThriftCompactWriter();
            header.I32(1, 0);
            header.I32(2, length);
            header.I32(3, compressed);
            header.BeginStruct(5);
            header.I32(1, rowCount);
            header.I32(2, 0);
            header.I32(3, 3);
            header.I32(4, 3);
            WriteStatistics(header, 5, max, min);
            header.EndStruct();
            header.Stop();

            var offset = _position;
            _stream.Write(header.Written);
            _stream.Write(_compressed, 0, compressed);
            _position += header.Written.Length + compressed;
            chunks[c] = new ChunkMeta(offset, header.Written.Length + length, header.Written.Length + compressed, max, min);
        }

        _groups.Add(new RowGroupMeta(chunks, rowCount));
    }

    /// <summary>Writes the footer (file metadata, its length, the magic).</summary>
    public void Finish()
    {
        var f = new ThriftCompactWriter();
        f.I32(1, 1);
        f.BeginList(2, ThriftCompactWriter.Struct, _columns.Count + 1);
        f.BeginListStruct();
        f.Binary(4, "root"u8);
        f.I32(5, _columns.Count);
        f.EndStruct();
        foreach (var col in _columns)
        {
            f.BeginListStruct();
            f.I32(1, col.Kind == ParquetColumnKind.String ? 6 : 2);
            f.I32(3, 0);
            f.Binary(4, Encoding.UTF8.GetBytes(col.Name));
            f.I32(6, col.Kind switch { ParquetColumnKind.Int64 => 18, ParquetColumnKind.UInt64 => 14, _ => 0 });
            f.BeginStruct(10);
            if (col.Kind == ParquetColumnKind.String)
            {
                f.BeginStruct(1);
                f.EndStruct();
            }
            else
            {
                f.BeginStruct(10);
                f.Byte(1, 64);
                f.Bool(2, col.Kind == ParquetColumnKind.Int64);
                f.EndStruct();
            }

            f.EndStruct();
            f.EndStruct();
        }

        f.I64(3, _groups.Sum(g => (long)g.Rows));
        f.BeginList(4, ThriftCompactWriter.Struct, _groups.Count);
        foreach (var g in _groups)
        {
            f.BeginListStruct();
            f.BeginList(1, ThriftCompactWriter.Struct, g.Chunks.Length);
            for (var c = 0; c < g.Chunks.Length; c++)
            {
                var chunk = g.Chunks[c];
                var col = _columns[c];
                f.BeginListStruct();
                f.I64(2, chunk.Offset);
                f.BeginStruct(3);
                f.I32(1, col.Kind == ParquetColumnKind.String ? 6 : 2);
                f.BeginList(2, ThriftCompactWriter.I32Type, 2);
                f.ListI32(0);
                f.ListI32(3);
                f.BeginList(3, ThriftCompactWriter.BinaryType, 1);
                f.ListBinary(Encoding.UTF8.GetBytes(col.Name));
                f.I32(4, 1);
                f.I64(5, g.Rows);
                f.I64(6, chunk.Uncompressed);
                f.I64(7, chunk.Compressed);
                f.I64(9, chunk.Offset);
                WriteStatistics(f, 12, chunk.Max, chunk.Min);
                f.EndStruct();
                f.EndStruct();
            }

            f.I64(2, g.Chunks.Sum(c => c.Uncompressed));
            f.I64(3, g.Rows);
            f.I64(6, g.Chunks.Sum(c => c.Compressed));
            f.EndStruct();
        }

        f.Binary(6, Encoding.UTF8.GetBytes(CreatedBy));
        f.Stop();
        _stream.Write(f.Written);
        // A small array, not stackalloc: a method with stackalloc and loops is compiled fully optimised on its first
        // call (no on-stack replacement), ~10 ms of JIT for code that runs once per file.
        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, f.Written.Length);
        _stream.Write(length);
        _stream.Write(Magic);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_page);
        ArrayPool<byte>.Shared.Return(_compressed);
        _page = [];
        _compressed = [];
    }

    private static void WriteStatistics(ThriftCompactWriter w, short field, byte[] max, byte[] min)
    {
        w.BeginStruct(field);
        w.Binary(1, max);
        w.Binary(2, min);
        w.I64(3, 0);
        w.Binary(5, max);
        w.Binary(6, min);
        w.EndStruct();
    }

    private void EnsurePage(long size)
    {
        if (size > Array.MaxLength)
        {
            throw new InvalidOperationException("a column chunk exceeds the largest page this writer holds; use smaller row groups.");
        }

        if (_page.Length < size)
        {
            ArrayPool<byte>.Shared.Return(_page);
            _page = ArrayPool<byte>.Shared.Rent((int)size);
        }
    }

    /// <summary>
    /// PLAIN encoding of 64-bit integers (their little-endian bytes as they lie in memory) with the page statistics;
    /// an unsigned column's max and min are written as the same 8 bytes reinterpreted, as Parquet.Net does.
    /// </summary>
    private (int Length, byte[] Max, byte[] Min) EncodeInt64s<T>(ReadOnlySpan<T> values)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        EnsurePage((long)values.Length * 8);
        T max = values[0], min = values[0];
        foreach (var v in values)
        {
            max = T.Max(max, v);
            min = T.Min(min, v);
        }

        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(_page);
        return (values.Length * 8, LittleEndian(long.CreateTruncating(max)), LittleEndian(long.CreateTruncating(min)));
    }

    private (int Length, byte[] Max, byte[] Min) EncodeStrings(ReadOnlySpan<string> values)
    {
        long size = 0;
        foreach (var s in values)
        {
            size += 4 + Encoding.UTF8.GetByteCount(s);
        }

        EnsurePage(size);
        string max = values[0], min = values[0];
        var at = 0;
        string? last = null;
        var lastLength = 0;
        foreach (var s in values)
        {
            if (ReferenceEquals(s, last))
            {
                // Repeated (interned) values: copy the previous encoding instead of transcoding again.
                _page.AsSpan(at - lastLength - 4, lastLength + 4).CopyTo(_page.AsSpan(at));
                at += lastLength + 4;
                continue;
            }

            if (string.CompareOrdinal(s, max) > 0)
            {
                max = s;
            }

            if (string.CompareOrdinal(s, min) < 0)
            {
                min = s;
            }

            var n = Encoding.UTF8.GetBytes(s, _page.AsSpan(at + 4));
            BinaryPrimitives.WriteInt32LittleEndian(_page.AsSpan(at), n);
            at += 4 + n;
            last = s;
            lastLength = n;
        }

        return (at, Encoding.UTF8.GetBytes(max), Encoding.UTF8.GetBytes(min));
    }

    private static byte[] LittleEndian(long v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, v);
        return b;
    }

    private readonly record struct ChunkMeta(long Offset, long Uncompressed, long Compressed, byte[] Max, byte[] Min);

    private sealed record RowGroupMeta(ChunkMeta[] Chunks, int Rows);

    /// <summary>Thrift compact protocol, the subset a Parquet footer and page header need.</summary>
    private sealed class ThriftCompactWriter
    {
        public const byte I32Type = 5;
        public const byte BinaryType = 8;
        public const byte Struct = 12;
        private const byte BoolTrue = 1;
        private const byte BoolFalse = 2;
        private const byte ByteType = 3;
        private const byte I64Type = 6;
        private const byte ListType = 9;

        private readonly ArrayBufferWriter<byte> _out = new(256);
        private readonly Stack<short> _last = new();
        private short _lastField;

        public ReadOnlySpan<byte> Written => _out.WrittenSpan;

        public void I32(short field, int value)
        {
            Header(field, I32Type);
            VarInt(ZigZag(value));
        }

        public void I64(short field, long value)
        {
            Header(field, I64Type);
            VarInt(ZigZag(value));
        }

        public void Byte(short field, byte value)
        {
            Header(field, ByteType);
            Raw(value);
        }

        public void Bool(short field, bool value) => Header(field, value ? BoolTrue : BoolFalse);

        public void Binary(short field, ReadOnlySpan<byte> value)
        {
            Header(field, BinaryType);
            ListBinary(value);
        }

        public void BeginStruct(short field)
        {
            Header(field, Struct);
            _last.Push(_lastField);
            _lastField = 0;
        }

        public void BeginListStruct()
        {
            _last.Push(_lastField);
            _lastField = 0;
        }

        public void EndStruct()
        {
            Raw(0);
            _lastField = _last.Pop();
        }

        public void BeginList(short field, byte elementType, int count)
        {
            Header(field, ListType);
            if (count < 15)
            {
                Raw((byte)((count << 4) | elementType));
            }
            else
            {
                Raw((byte)(0xF0 | elementType));
                VarInt((ulong)count);
            }
        }

        public void ListI32(int value) => VarInt(ZigZag(value));

        public void ListBinary(ReadOnlySpan<byte> value)
        {
            VarInt((ulong)value.Length);
            _out.Write(value);
        }

        public void Stop() => Raw(0);

        private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

        private void Header(short field, byte type)
        {
            var delta = field - _lastField;
            if (delta is > 0 and <= 15)
            {
                Raw((byte)((delta << 4) | type));
            }
            else
            {
                Raw(type);
                VarInt(ZigZag(field));
            }

            _lastField = field;
        }

        private void VarInt(ulong v)
        {
            while (v >= 0x80)
            {
                Raw((byte)(v | 0x80));
                v >>= 7;
            }

            Raw((byte)v);
        }

        private void Raw(byte b)
        {
            _out.GetSpan(1)[0] = b;
            _out.Advance(1);
        }
    }
}
