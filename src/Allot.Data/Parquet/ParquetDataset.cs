using Allot.Core.Errors;
using Allot.Data.Publishing;

namespace Allot.Data.Parquet;

/// <summary>
/// A Parquet dataset: one file, or a partition folder of <c>*.parquet</c> files read in ordinal name order
/// (staging leftovers and hidden files are skipped), through <see cref="ParquetFile"/> — the one Parquet reader
/// of every system and validator. Integer columns are read whatever physical width the producer used
/// (int8..int64, uint8..uint64) and converted to the requested kind with range checks; nulls in a requested
/// column are rejected. Failures are <see cref="AllotException"/>s of class input carrying the caller's schema
/// code, the file, the row (row group and offset) and the column.
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

    /// <summary>The top-level columns of one file, in file order; a file that is not Parquet is an input error with <paramref name="code"/>.</summary>
    public static IReadOnlyList<ParquetFieldInfo> DescribeSchema(string file, string code)
    {
        using var pf = ParquetFile.Open(file, code);
        return pf.Describe();
    }

    /// <summary>Opens every file once (footer only) so that a corrupt, truncated or empty one fails before any work starts.</summary>
    public void CheckReadable(string code)
    {
        foreach (var file in Files)
        {
            using var pf = ParquetFile.Open(file, code);
        }
    }

    /// <summary>Reads the requested columns row group by row group, in file order.</summary>
    /// <param name="columns">Columns to read; extra columns in the files are ignored.</param>
    /// <param name="schemaErrorCode">Code for an unreadable file, a missing required column, a wrong type, a null or an out-of-range value.</param>
    /// <param name="nullCodeByColumn">Codes that replace <paramref name="schemaErrorCode"/> for nulls in specific columns.</param>
    public IEnumerable<ParquetBatch> ReadBatches(IReadOnlyList<ParquetColumnSpec> columns, string schemaErrorCode, IReadOnlyDictionary<string, string>? nullCodeByColumn = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var file in Files)
        {
            using var pf = ParquetFile.Open(file, schemaErrorCode);
            foreach (var spec in columns)
            {
                if (spec.Required && !pf.Has(spec.Name))
                {
                    throw Fail(schemaErrorCode, file, null, spec.Name, $"required column '{spec.Name}' is missing (columns present: {string.Join(", ", pf.ColumnNames)}).");
                }
            }

            long firstRow = 1;
            for (var g = 0; g < pf.RowGroupCount; g++)
            {
                var n = checked((int)pf.RowGroupRows(g));
                var data = new Dictionary<string, Array>(StringComparer.Ordinal);
                foreach (var spec in columns)
                {
                    if (pf.Has(spec.Name))
                    {
                        var nullCode = nullCodeByColumn is not null && nullCodeByColumn.TryGetValue(spec.Name, out var nc) ? nc : schemaErrorCode;
                        data[spec.Name] = pf.ReadColumn(g, spec, firstRow, nullCode);
                    }
                }

                yield return new ParquetBatch(file, g, firstRow, n, data);
                firstRow += n;
            }
        }
    }

    private static AllotException Fail(string code, string file, long? row, string column, string message) =>
        new(new AllotError(code, ErrorClass.Input, message, File: file, Row: row, Key: column));
}
