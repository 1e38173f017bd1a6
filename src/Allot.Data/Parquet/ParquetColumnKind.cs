namespace Allot.Data.Parquet;

/// <summary>The logical kind of a column as Allot reads or writes it, independent of the producer's physical width.</summary>
public enum ParquetColumnKind
{
    /// <summary>Signed 64-bit integer (reads int8..int64 and uint8..uint64 within range).</summary>
    Int64,

    /// <summary>Unsigned 64-bit integer (reads any integer width; negative values are rejected).</summary>
    UInt64,

    /// <summary>UTF-8 string.</summary>
    String,

    /// <summary>Boolean.</summary>
    Boolean,

    /// <summary>Signed 32-bit integer (reads any integer width within range).</summary>
    Int32,

    /// <summary>64-bit floating point (reads FLOAT or DOUBLE).</summary>
    Double,
}
