namespace Allot.Data.Parquet;

/// <summary>The family of a Parquet column's values, from its physical and logical types.</summary>
public enum ParquetValueType
{
    /// <summary>INT32/INT64, unannotated or annotated as a signed integer of any width.</summary>
    SignedInteger,

    /// <summary>INT32/INT64 annotated as an unsigned integer (UINT8..UINT64).</summary>
    UnsignedInteger,

    /// <summary>BYTE_ARRAY, unannotated or annotated UTF8/STRING/ENUM.</summary>
    String,

    /// <summary>BOOLEAN.</summary>
    Boolean,

    /// <summary>FLOAT or DOUBLE.</summary>
    Floating,

    /// <summary>DECIMAL of any physical type.</summary>
    Decimal,

    /// <summary>Anything else (timestamps, dates, INT96, fixed-length byte arrays, …).</summary>
    Other,
}
