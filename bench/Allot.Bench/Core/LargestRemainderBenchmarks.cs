using Allot.Core.Apportionment;
using BenchmarkDotNet.Attributes;

namespace Allot.Bench.Core;

/// <summary>
/// One group of 10^7 units with a small total (the S4 / big-country shape): the kernel's partial selection
/// against the textbook full sort.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class LargeGroupBenchmarks
{
    private ulong[] _weights = [];
    private long[] _result = [];

    [Params(10_000_000)]
    public int Units { get; set; }

    [Params(1_000L, 1_000_000L)]
    public long Total { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _weights = new ulong[Units];
        for (var i = 0; i < Units; i++)
        {
            // Skewed fixed-decimal weights, like S4's weight_fp.
            _weights[i] = (ulong)(rng.NextDouble() * rng.NextDouble() * 1_000_000) + 1;
        }

        _result = new long[Units];
    }

    [Benchmark]
    public long Kernel()
    {
        LargestRemainder.Apportion(Total, _weights, _result);
        return _result[0];
    }

    [Benchmark(Baseline = true)]
    public long NaiveFullSort() => NaiveHamilton.Apportion(Total, _weights)[0];
}

/// <summary>10^6 groups of 10 units (the retail / S7 shape): per-call overhead and allocations.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ManyGroupsBenchmarks
{
    private const int Groups = 1_000_000;
    private const int UnitsPerGroup = 10;
    private ulong[] _weights = [];
    private long[] _totals = [];
    private long[] _result = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        _weights = new ulong[Groups * UnitsPerGroup];
        for (var i = 0; i < _weights.Length; i++)
        {
            _weights[i] = (ulong)rng.Next(0, 10_000);
        }

        _weights[0] = 1;
        _totals = new long[Groups];
        for (var g = 0; g < Groups; g++)
        {
            _totals[g] = rng.Next(1, 60);
            _weights[g * UnitsPerGroup] += 1; // never all-zero
        }

        _result = new long[UnitsPerGroup];
    }

    [Benchmark]
    public long Kernel()
    {
        long acc = 0;
        for (var g = 0; g < Groups; g++)
        {
            LargestRemainder.Apportion(_totals[g], _weights.AsSpan(g * UnitsPerGroup, UnitsPerGroup), _result);
            acc += _result[0];
        }

        return acc;
    }

    [Benchmark(Baseline = true)]
    public long NaiveFullSort()
    {
        long acc = 0;
        var buf = new ulong[UnitsPerGroup];
        for (var g = 0; g < Groups; g++)
        {
            _weights.AsSpan(g * UnitsPerGroup, UnitsPerGroup).CopyTo(buf);
            acc += NaiveHamilton.Apportion(_totals[g], buf)[0];
        }

        return acc;
    }
}
