namespace Allot.Retail.Fixtures;

/// <summary>SplitMix64: a tiny, fully specified generator so fixtures are identical on every runtime for one seed.</summary>
internal sealed class FixtureRandom
{
    private ulong state;

    /// <summary>Seeds the generator.</summary>
    public FixtureRandom(ulong seed) => state = seed;

    /// <summary>Next 64 random bits.</summary>
    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [lo, hi].</summary>
    public int Between(int lo, int hi) => lo + (int)(Next() % (ulong)(hi - lo + 1));

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => Uniform() < p;

    /// <summary>A random element.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[(int)(Next() % (ulong)items.Count)];
}
