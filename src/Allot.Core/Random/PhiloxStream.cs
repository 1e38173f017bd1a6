namespace Allot.Core.Random;

/// <summary>
/// A Philox substream: a key, the current 128-bit counter, and exact accounting of what was consumed
/// (<see cref="Blocks"/> = counter steps, <see cref="Draws"/> = uniforms handed out). A mutable struct so that
/// sampling allocates nothing; pass it by <c>ref</c>.
/// </summary>
public struct PhiloxStream
{
    /// <summary>Starts a stream at <paramref name="start"/> under <paramref name="key"/> with zero consumption.</summary>
    public PhiloxStream(ulong key, Counter128 start)
    {
        Key = key;
        Counter = start;
        Blocks = 0;
        Draws = 0;
    }

    /// <summary>The Philox key (constant for the stream's life).</summary>
    public ulong Key { get; }

    /// <summary>The counter of the next block to be generated.</summary>
    public Counter128 Counter { get; private set; }

    /// <summary>Blocks generated so far (each advances <see cref="Counter"/> by one).</summary>
    public ulong Blocks { get; private set; }

    /// <summary>Uniform lanes consumed so far: 1 per single uniform, 2 per pair.</summary>
    public ulong Draws { get; private set; }

    /// <summary>Generates the block at <see cref="Counter"/>, then advances the counter (carry lo → hi).</summary>
    /// <param name="lanes">Draws to book for this block: 1 (uniform) or 2 (pair).</param>
    public PhiloxBlock NextBlock(int lanes)
    {
        var block = Philox2x64.Block(Counter, Key);
        Counter = Counter.Increment();
        Blocks++;
        Draws += (ulong)lanes;
        return block;
    }
}
