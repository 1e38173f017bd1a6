using System.Collections;
using System.Globalization;

namespace Allot.Data.Tables;

/// <summary>
/// One column of a table read as text: every cell's characters in one buffer with end offsets, so a million-row
/// column is two arrays, not a million strings. A cell is read as a span (no allocation) or, where a string is
/// wanted, through the indexer, which gives null for a missing value: an empty CSV cell, a Parquet null (a Parquet
/// empty string stays an empty string).
/// </summary>
public sealed class TextColumn : IReadOnlyList<string?>
{
    private readonly int _maxChars;
    private char[] _chars;
    private int[] _ends;
    private int _length;
    private bool[]? _nulls;

    /// <param name="name">The column's name in the file.</param>
    /// <param name="capacity">Expected cells (the buffers grow past it).</param>
    /// <param name="binary64">Whether the cells are doubles' shortest round trips.</param>
    /// <param name="emptyIsNull">Whether an empty cell is a missing value.</param>
    /// <param name="maxChars">The most characters the column may hold (the runtime's array limit; smaller in tests).</param>
    internal TextColumn(string name, int capacity = 16, bool binary64 = false, bool emptyIsNull = true, int maxChars = 0)
    {
        _maxChars = maxChars > 0 ? maxChars : Array.MaxLength;
        Name = name;
        EmptyIsNull = emptyIsNull;
        _chars = new char[Math.Max(16, capacity * 4)];
        _ends = new int[Math.Max(1, capacity)];
        IsBinary64 = binary64;
    }

    /// <summary>The column's name in the file.</summary>
    public string Name { get; }

    /// <summary>Number of cells.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// True when the file holds binary64 (double) values: each cell is the shortest text that reads back as the
    /// same double, so a reader that needs the exact value parses it as a double, not as a decimal.
    /// </summary>
    public bool IsBinary64 { get; }

    /// <summary>True when an empty cell is a missing value (CSV); false when missing values are marked apart (Parquet).</summary>
    public bool EmptyIsNull { get; }

    /// <summary>The cell at <paramref name="row"/> (0-based) as a string; null for a missing value.</summary>
    public string? this[int row] => IsNull(row) ? null : new string(Span(row));

    /// <summary>The characters of the cell at <paramref name="row"/> (empty for an empty cell); valid while the column lives.</summary>
    public ReadOnlySpan<char> Span(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        var start = row == 0 ? 0 : _ends[row - 1];
        return _chars.AsSpan(start, _ends[row] - start);
    }

    /// <summary>True when the cell at <paramref name="row"/> is a missing value.</summary>
    public bool IsNull(int row) => EmptyIsNull ? Span(row).IsEmpty : _nulls is { } n && n[row];

    /// <inheritdoc />
    public IEnumerator<string?> GetEnumerator()
    {
        for (var r = 0; r < Count; r++)
        {
            yield return this[r];
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void AppendNull()
    {
        Append([]);
        if (!EmptyIsNull)
        {
            if (_nulls is null || _nulls.Length < Count)
            {
                Array.Resize(ref _nulls, _ends.Length);
            }

            _nulls[Count - 1] = true;
        }
    }

    internal void Append(ReadOnlySpan<char> cell)
    {
        // Sizes in 64 bits: doubling a buffer of 2³⁰ characters overflowed int, and every later cell then grew the
        // buffer by its own length alone, copying the whole column each time (a column of ~10⁹ characters never
        // finished reading). Past the runtime's array limit the table is refused with the column and row named.
        var needed = (long)_length + cell.Length;
        if (needed > _chars.Length)
        {
            if (needed > _maxChars)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"column '{Name}' holds more than {_maxChars:N0} characters by row {Count + 1:N0}, the most one column can hold; split the input into smaller files (by group) and run each."));
            }

            Array.Resize(ref _chars, (int)Math.Min(Math.Max((long)_chars.Length * 2, needed), _maxChars));
        }

        if (Count == _ends.Length)
        {
            Array.Resize(ref _ends, (int)Math.Min((long)_ends.Length * 2, Array.MaxLength));
        }

        cell.CopyTo(_chars.AsSpan(_length));
        _length += cell.Length;
        _ends[Count++] = _length;
    }
}
