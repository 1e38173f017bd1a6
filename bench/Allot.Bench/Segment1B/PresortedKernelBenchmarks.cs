using Allot.Core.Apportionment;
using BenchmarkDotNet.Attributes;

namespace Allot.Bench.Segment1B;

/// <summary>
/// One S4 pair: n sites over a country of <see cref="Tiles"/> tiles. Presorted largest remainder (prefix re-sort +
/// lazy suffix) against the per-pair approach that computes and sorts every tile's remainder.
/// Run: <c>dotnet run -c Release --project bench/Allot.Bench -- --filter *PresortedKernel*</c>.
/// </summary>
[MemoryDiagnoser]
public class PresortedKernelBenchmarks
{
    private const ulong K = 1_000_000_000UL;
    private ulong[] _weights = [];
    private ulong[] _ids = [];
    private long[] _alloc = [];

    /// <summary>Tiles in the country.</summary>
    [Params(1_000, 100_000)]
    public int Tiles { get; set; }

    /// <summary>Sites to place.</summary>
    [Params(5, 500)]
    public long Sites { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        var raw = Enumerable.Range(0, Tiles).Select(_ => (ulong)(1000 / Math.Pow(1 - rng.NextDouble(), 0.8))).ToArray();
        var sum = raw.Aggregate(0UL, (a, b) => a + b);
        var w = raw.Select(r => (ulong)(r * (K / (double)sum))).ToArray();
        w[0] += K - w.Aggregate(0UL, (a, b) => a + b);
        var order = Enumerable.Range(0, Tiles).OrderByDescending(i => w[i]).ThenBy(i => i).ToArray();
        _weights = order.Select(i => w[i]).ToArray();
        _ids = order.Select(i => (ulong)i * 3).ToArray();
        _alloc = new long[Tiles];
    }

    [Benchmark(Baseline = true)]
    public int PerPairAllTiles()
    {
        var n = (ulong)Sites;
        var z = new long[Tiles];
        var r = new ulong[Tiles];
        long s = Sites;
        for (var i = 0; i < Tiles; i++)
        {
            var p = (UInt128)_weights[i] * n;
            z[i] = (long)(p / K);
            r[i] = (ulong)(p % K);
            s -= z[i];
        }

        var idx = Enumerable.Range(0, Tiles).ToArray();
        Array.Sort(idx, (a, b) => r[a] != r[b] ? r[b].CompareTo(r[a]) : _ids[a].CompareTo(_ids[b]));
        for (var i = 0; i < s; i++)
        {
            z[idx[i]]++;
        }

        return z.Count(v => v > 0);
    }

    [Benchmark]
    public int Presorted() => PresortedLargestRemainder.Apportion(Sites, _weights, _ids, K, _alloc).Emitted;
}
