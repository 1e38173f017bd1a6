namespace Allot.Core.Random;

/// <summary>How an id of a substream derivation is typed, which decides its encoding.</summary>
public enum SubstreamIdKind
{
    /// <summary>An unsigned 64-bit id (merchant id, …): <c>LE64</c>.</summary>
    U64,

    /// <summary>An index: <c>LE32</c>.</summary>
    Index,

    /// <summary>A string: <c>LE32(len) ‖ utf8</c>.</summary>
    String,

    /// <summary>An ISO code: upper-cased, then as a string.</summary>
    Iso,
}

/// <summary>One typed id in a substream derivation.</summary>
/// <param name="Kind">Its type.</param>
/// <param name="Number">The value when <see cref="Kind"/> is <see cref="SubstreamIdKind.U64"/> or <see cref="SubstreamIdKind.Index"/>.</param>
/// <param name="Text">The value when <see cref="Kind"/> is <see cref="SubstreamIdKind.String"/> or <see cref="SubstreamIdKind.Iso"/>.</param>
public readonly record struct SubstreamId(SubstreamIdKind Kind, ulong Number, string? Text)
{
    /// <summary>A u64 id.</summary>
    public static SubstreamId U64(ulong value) => new(SubstreamIdKind.U64, value, null);

    /// <summary>An index id (fits in 32 bits).</summary>
    public static SubstreamId Index(uint value) => new(SubstreamIdKind.Index, value, null);

    /// <summary>A string id.</summary>
    public static SubstreamId String(string value) => new(SubstreamIdKind.String, 0, value);

    /// <summary>An ISO-code id.</summary>
    public static SubstreamId Iso(string value) => new(SubstreamIdKind.Iso, 0, value);
}
