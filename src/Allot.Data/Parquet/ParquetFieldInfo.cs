namespace Allot.Data.Parquet;

/// <summary>One top-level column of a Parquet file as Allot classifies it, whatever library wrote it.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">The value family (signed/unsigned integer, string, boolean, floating, decimal, other).</param>
/// <param name="BitWidth">Integer or floating width in bits (8..64); 0 for strings and others.</param>
/// <param name="IsNullable">True for OPTIONAL columns.</param>
/// <param name="IsNested">True for lists, maps and structs.</param>
/// <param name="TypeName">The Parquet type for messages, e.g. <c>INT64</c>, <c>UINT64</c>, <c>STRING</c>, <c>BYTE_ARRAY</c>.</param>
public sealed record ParquetFieldInfo(string Name, ParquetValueType Type, int BitWidth, bool IsNullable, bool IsNested, string TypeName)
{
    /// <summary>True for integer columns of either signedness.</summary>
    public bool IsInteger => Type is ParquetValueType.SignedInteger or ParquetValueType.UnsignedInteger;
}
