namespace Allot.Segment1B.Fixtures;

/// <summary>SplitMix64: a tiny, fully specified generator so fixtures are identical for a given seed on any machine.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in (0, 1], 53 bits.</summary>
    public double NextUnit() => ((Next() >> 11) + 1) * (1.0 / (1UL << 53));

    public int NextInt(int maxExclusive) => (int)(Next() % (ulong)maxExclusive);
}
