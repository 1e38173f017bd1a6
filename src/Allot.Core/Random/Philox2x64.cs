namespace Allot.Core.Random;

/// <summary>
/// The Philox2x64-10 block function (Salmon et al., 2011) exactly as the original engine computes it:
/// ten rounds of <c>(hi', lo') = M·c0</c> (full 128-bit product), <c>c0 ← hi' ⊕ k ⊕ c1</c>, <c>c1 ← lo'</c>,
/// then <c>k ← k + W</c> (mod 2^64). Pure, allocation-free.
/// </summary>
public static class Philox2x64
{
    /// <summary>The round multiplier <c>0xD2B74407B1CE6E93</c>.</summary>
    public const ulong Multiplier = 0xD2B74407B1CE6E93UL;

    /// <summary>The Weyl key increment <c>0x9E3779B97F4A7C15</c> (golden ratio).</summary>
    public const ulong KeyIncrement = 0x9E3779B97F4A7C15UL;

    /// <summary>Number of rounds.</summary>
    public const int Rounds = 10;

    /// <summary>The block for <paramref name="counter"/> (c0 = lo, c1 = hi) under <paramref name="key"/>.</summary>
    public static PhiloxBlock Block(Counter128 counter, ulong key) => Block(counter.Lo, counter.Hi, key);

    /// <summary>The block for counter words <paramref name="c0"/> (lo) and <paramref name="c1"/> (hi) under <paramref name="key"/>.</summary>
    public static PhiloxBlock Block(ulong c0, ulong c1, ulong key)
    {
        unchecked
        {
            for (var round = 0; round < Rounds; round++)
            {
                var hi = Math.BigMul(Multiplier, c0, out var lo);
                c0 = hi ^ key ^ c1;
                c1 = lo;
                key += KeyIncrement;
            }
        }

        return new PhiloxBlock(c0, c1);
    }
}
