namespace Allot.Data.Parquet;

/// <summary>One top-level column of a Parquet file as Parquet.Net maps it.</summary>
/// <param name="Name">Column name.</param>
/// <param name="ClrType">The CLR type values map to (<c>long</c> for INT64, <c>ulong</c> for INT64 annotated UINT_64, <c>ReadOnlyMemory&lt;char&gt;</c> or <c>string</c> for UTF-8).</param>
/// <param name="IsNullable">True for OPTIONAL columns.</param>
/// <param name="IsNested">True for lists, maps and structs.</param>
public sealed record ParquetFieldInfo(string Name, Type ClrType, bool IsNullable, bool IsNested);
