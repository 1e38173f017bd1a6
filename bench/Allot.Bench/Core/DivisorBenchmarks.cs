using Allot.Core.Apportionment;
using BenchmarkDotNet.Attributes;

namespace Allot.Bench.Core;

/// <summary>
/// Divisor methods at large totals (issue #12): estimation + exact correction against the seat-by-seat
/// definition (O(T log m)), which runs only at totals it can finish.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class DivisorBenchmarks
{
    private ExactWeights _weights = ExactWeights.FromIntegers(Array.Empty<ulong>());

    [Params(100_000)]
    public int Units { get; set; }

    [Params(100_000L, 1_000_000L, 1_000_000_000L)]
    public long Total { get; set; }

    [Params(DivisorMethod.DHondt, DivisorMethod.SainteLague, DivisorMethod.HuntingtonHill)]
    public DivisorMethod Method { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var w = new ulong[Units];
        for (var i = 0; i < Units; i++)
        {
            // Skewed populations between 1 and 10^7.
            w[i] = (ulong)(rng.NextDouble() * rng.NextDouble() * 10_000_000) + 1;
        }

        _weights = ExactWeights.FromIntegers(w);
    }

    [Benchmark]
    public long Estimation() => DivisorApportionment.Apportion(Method, Total, _weights).Allocation[0];

    [Benchmark(Baseline = true)]
    public long SeatBySeat() => Total > 1_000_000
        ? -1 // O(T log m): 10^9 seats would take hours; not run.
        : DivisorApportionment.SeatBySeat(DivisorRule.For(Method), Total, _weights, default, default, default)[0];
}
