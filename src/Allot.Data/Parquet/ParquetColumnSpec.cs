namespace Allot.Data.Parquet;

/// <summary>One column to read or write.</summary>
/// <param name="Name">Column name as it appears in the file.</param>
/// <param name="Kind">The logical kind the values are converted to (reading) or written as.</param>
/// <param name="Required">When reading: a missing column is a schema error. When writing: ignored (written columns are never null).</param>
public sealed record ParquetColumnSpec(string Name, ParquetColumnKind Kind, bool Required = true);
