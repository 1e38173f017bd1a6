using Allot.Data.Parquet;
using Allot.Segment1A.Cache;

namespace Allot.Segment1A.Validation;

/// <summary>
/// Streams the cache one row group at a time (memory bounded by a row group) through the data plane's reader,
/// checking the dataset's own schema rules: the contract's nine columns by name and in order, integers of any
/// width that holds the values, floating-point residuals and weights, strings with or without the UTF8
/// annotation, REQUIRED or OPTIONAL (a null is an error) — so a cache rewritten by DuckDB, pyarrow or polars
/// with identical rows validates like the original.
/// </summary>
internal sealed class ResidualCacheCursor : IDisposable
{
    private static readonly ParquetColumnSpec[] Columns = ResidualCacheSchema.Columns;

    private readonly IReadOnlyList<string> _files;
    private readonly string _fingerprint;
    private int _fileIndex = -1;
    private ParquetFile? _reader;
    private int _group;
    private long _groupFirstRow;
    private int _position;
    private int _length;
    private bool _fingerprintProven;

    public ResidualCacheCursor(IReadOnlyList<string> files, string manifestFingerprint)
    {
        _files = files;
        _fingerprint = manifestFingerprint;
    }

    public string File => _fileIndex >= 0 && _fileIndex < _files.Count ? _files[_fileIndex] : _files[^1];

    public long Row { get; private set; }

    public string[] Fingerprint { get; private set; } = [];

    public long[] MerchantId { get; private set; } = [];

    public string[] CountryIso { get; private set; } = [];

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

            _reader = ParquetFile.Open(_files[_fileIndex], S7Errors.SchemaInvalid);
            _group = 0;
            _groupFirstRow = 1;
            Row = 0;
            CheckSchema(_reader);
            // Row-group statistics with min = max = the run's fingerprint and no nulls prove every row without decoding it.
            _fingerprintProven = _reader.StatisticsProveAllEqual(Columns[0].Name, _fingerprint);
        }

        var g = _group++;
        var n = checked((int)_reader.RowGroupRows(g));
        var first = _groupFirstRow;
        _groupFirstRow += n;
        Fingerprint = _fingerprintProven ? Filled(n) : (string[])_reader.ReadColumn(g, Columns[0], first);
        MerchantId = (long[])_reader.ReadColumn(g, Columns[1], first);
        CountryIso = (string[])_reader.ReadColumn(g, Columns[2], first);
        Residual = (double[])_reader.ReadColumn(g, Columns[3], first);
        Rank = (int[])_reader.ReadColumn(g, Columns[4], first);
        NTotal = (long[])_reader.ReadColumn(g, Columns[5], first);
        Weight = (double[])_reader.ReadColumn(g, Columns[6], first);
        Floor = (long[])_reader.ReadColumn(g, Columns[7], first);
        Count = (long[])_reader.ReadColumn(g, Columns[8], first);
        _position = 0;
        _length = n;
        return true;
    }

    private void CheckSchema(ParquetFile file)
    {
        var actual = file.Describe();
        if (actual.Count != Columns.Length)
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, $"the cache has {actual.Count} columns; the contract has {Columns.Length}.", File);
        }

        for (var i = 0; i < Columns.Length; i++)
        {
            var a = actual[i];
            var kind = Columns[i].Kind;
            var typeOk = !a.IsNested && kind switch
            {
                ParquetColumnKind.String => a.Type == ParquetValueType.String,
                ParquetColumnKind.Double => a.Type == ParquetValueType.Floating,
                _ => a.IsInteger,
            };
            if (a.Name != Columns[i].Name || !typeOk)
            {
                throw S7Errors.Fail(S7Errors.SchemaInvalid, $"cache column {i} is '{a.Name}' ({a.TypeName}); the contract says '{Columns[i].Name}' ({kind}).", File);
            }
        }
    }

    private string[] Filled(int n)
    {
        var result = new string[n];
        Array.Fill(result, _fingerprint);
        return result;
    }

    private void Close()
    {
        _reader?.Dispose();
        _reader = null;
        _fingerprintProven = false;
    }
}
