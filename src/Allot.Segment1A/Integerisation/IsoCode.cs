namespace Allot.Segment1A.Integerisation;

/// <summary>
/// ISO 3166 alpha-2 codes packed into 16 bits, <c>(c0 &lt;&lt; 8) | c1</c>, which preserves ASCII order, so the
/// packed value doubles as the integerisation tie key. Strings are interned per code.
/// </summary>
internal static class IsoCode
{
    private static readonly string?[] Names = new string?[1 << 16];

    /// <summary>True when <paramref name="text"/> is two ASCII capitals.</summary>
    public static bool IsValid(string? text) =>
        text is { Length: 2 } && char.IsAsciiLetterUpper(text[0]) && char.IsAsciiLetterUpper(text[1]);

    /// <summary>Packs a valid code; callers check <see cref="IsValid"/> first.</summary>
    public static ushort Pack(string text) => (ushort)((text[0] << 8) | text[1]);

    /// <summary>Packs a valid code from its characters.</summary>
    public static ushort Pack(ReadOnlySpan<char> text) => (ushort)((text[0] << 8) | text[1]);

    /// <summary>The (interned) string of a packed code.</summary>
    public static string Name(ushort packed)
    {
        var name = Volatile.Read(ref Names[packed]);
        if (name is null)
        {
            name = string.Create(2, packed, static (span, p) =>
            {
                span[0] = (char)(p >> 8);
                span[1] = (char)(p & 0xFF);
            });
            Volatile.Write(ref Names[packed], name);
        }

        return name;
    }
}
