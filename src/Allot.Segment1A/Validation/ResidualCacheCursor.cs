using Allot.Segment1A.Cache;
using Parquet;
using Parquet.Schema;

namespace Allot.Segment1A.Validation;

/// <summary>Streams the cache one row group at a time (memory bounded by a row group), checking its schema.</summary>
internal sealed class ResidualCacheCursor : IDisposable
{
    private readonly IReadOnlyList<string> _files;
    private int _fileIndex = -1;
    private FileStream? _stream;
    private ParquetReader? _reader;
    private int _group;
    private int _position;
    private int _length;
    private DataField[] _fields = [];

    private readonly string _fingerprint;

    public ResidualCacheCursor(IReadOnlyList<string> files, string manifestFingerprint)
    {
        _files = files;
        _fingerprint = manifestFingerprint;
    }

    public string File => _fileIndex >= 0 && _fileIndex < _files.Count ? _files[_fileIndex] : _files[^1];

    public long Row { get; private set; }

    public ReadOnlyMemory<char>[] Fingerprint { get; private set; } = [];

    public long[] MerchantId { get; private set; } = [];

    public ReadOnlyMemory<char>[] CountryIso { get; private set; } = [];

    public double[] Residual { get; private set; } = [];

    public int[] Rank { get; private set; } = [];

    public long[] NTotal { get; private set; } = [];

    public double[] Weight { get; private set; } = [];

    public long[] Floor { get; private set; } = [];

    public long[] Count { get; private set; } = [];

    /// <summary>Index of the current row in the arrays, or −1 at the end.</summary>
    public int Next()
    {
        while (_position >= _length)
        {
            if (!LoadNextGroup())
            {
                return -1;
            }
        }

        Row++;
        return _position++;
    }

    public void Dispose() => Close();

    private bool LoadNextGroup()
    {
        while (_reader is null || _group >= _reader.RowGroupCount)
        {
            Close();
            if (++_fileIndex >= _files.Count)
            {
                return false;
            }

            _stream = new FileStream(_files[_fileIndex], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            _reader = ParquetReader.CreateAsync(_stream).GetAwaiter().GetResult();
            _group = 0;
            Row = 0;
            CheckSchema();
        }

        using var rg = _reader.OpenRowGroupReader(_group++);
        var n = (int)rg.RowCount;
        Fingerprint = StatisticsProveFingerprint(rg) ? Filled(n) : ReadStrings(rg, 0, n);
        MerchantId = Read<long>(rg, 1, n);
        CountryIso = ReadStrings(rg, 2, n);
        Residual = Read<double>(rg, 3, n);
        Rank = Read<int>(rg, 4, n);
        NTotal = Read<long>(rg, 5, n);
        Weight = Read<double>(rg, 6, n);
        Floor = Read<long>(rg, 7, n);
        Count = Read<long>(rg, 8, n);
        _position = 0;
        _length = n;
        return true;
    }

    private void CheckSchema()
    {
        var expected = ResidualCacheSchema.Schema.GetDataFields();
        var actual = _reader!.Schema.GetDataFields();
        if (actual.Length != expected.Length)
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, $"the cache has {actual.Length} columns; the contract has {expected.Length}.", File);
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (actual[i].Name != expected[i].Name || (actual[i].ClrType != expected[i].ClrType && expected[i].ClrType != typeof(string)))
            {
                throw S7Errors.Fail(S7Errors.SchemaInvalid, $"cache column {i} is '{actual[i].Name}' ({actual[i].ClrType.Name}); the contract says '{expected[i].Name}' ({expected[i].ClrType.Name}).", File);
            }
        }

        _fields = actual;
    }

    private T[] Read<T>(ParquetRowGroupReader rg, int column, int n)
        where T : struct
    {
        var result = new T[n];
        if (_fields[column].IsNullable)
        {
            var part = new T?[n];
            rg.ReadAsync(_fields[column], part.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < n; i++)
            {
                result[i] = part[i] ?? throw S7Errors.Fail(S7Errors.SchemaInvalid, $"column '{_fields[column].Name}' has a null.", File, Row + i + 1);
            }
        }
        else
        {
            rg.ReadAsync(_fields[column], result.AsMemory()).GetAwaiter().GetResult();
        }

        return result;
    }

    // Row-group statistics with min = max = the run's fingerprint and no nulls prove every row without decoding it.
    private bool StatisticsProveFingerprint(ParquetRowGroupReader rg)
    {
        var stats = rg.GetStatistics(_fields[0]);
        return stats is { NullCount: 0, MinValue: string min, MaxValue: string max } && min == _fingerprint && max == _fingerprint;
    }

    private ReadOnlyMemory<char>[] Filled(int n)
    {
        var result = new ReadOnlyMemory<char>[n];
        Array.Fill(result, _fingerprint.AsMemory());
        return result;
    }

    private ReadOnlyMemory<char>[] ReadStrings(ParquetRowGroupReader rg, int column, int n)
    {
        // Character memory, not strings: Parquet.Net decodes text several times faster this way.
        var result = new ReadOnlyMemory<char>[n];
        rg.ReadAsync<ReadOnlyMemory<char>>(_fields[column], result.AsMemory()).GetAwaiter().GetResult();
        return result;
    }

    private void Close()
    {
        _reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _reader = null;
        _stream?.Dispose();
        _stream = null;
    }
}
