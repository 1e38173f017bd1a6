namespace Allot.Core.Random;

/// <summary>
/// The 128-bit Philox counter as the engine records it: two unsigned 64-bit words, <see cref="Hi"/> and
/// <see cref="Lo"/>. Incrementing carries from <see cref="Lo"/> into <see cref="Hi"/> and wraps at 2^128.
/// </summary>
/// <param name="Hi">High word (Philox lane <c>c1</c>).</param>
/// <param name="Lo">Low word (Philox lane <c>c0</c>).</param>
public readonly record struct Counter128(ulong Hi, ulong Lo)
{
    /// <summary>The counter as one 128-bit integer (<c>Hi·2^64 + Lo</c>).</summary>
    public UInt128 Value => new(Hi, Lo);

    /// <summary>The counter from a 128-bit integer.</summary>
    public static Counter128 FromValue(UInt128 value) => new((ulong)(value >> 64), (ulong)value);

    /// <summary>The next counter: +1 with the carry from <see cref="Lo"/> into <see cref="Hi"/> (mod 2^128).</summary>
    public Counter128 Increment() => Lo == ulong.MaxValue ? new Counter128(unchecked(Hi + 1), 0) : new Counter128(Hi, Lo + 1);

    /// <summary>This counter advanced by <paramref name="blocks"/> (mod 2^128).</summary>
    public Counter128 Advance(UInt128 blocks) => FromValue(unchecked(Value + blocks));

    /// <summary>Number of blocks between <paramref name="before"/> and <paramref name="after"/> (<c>after − before</c> mod 2^128).</summary>
    public static UInt128 BlocksBetween(Counter128 before, Counter128 after) => unchecked(after.Value - before.Value);

    /// <summary>Decimal rendering <c>hi:lo</c> for messages.</summary>
    public override string ToString() => $"(hi {Hi}, lo {Lo})";
}
