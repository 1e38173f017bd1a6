using Allot.Core.Random;
using Allot.Segment1A.Integerisation;
using BenchmarkDotNet.Attributes;

namespace Allot.Bench.Segment1A;

/// <summary>
/// Kernel costs of S7: one Philox block, one uniform, one normal, Gamma below and above α = 1, a 10-country
/// Dirichlet draw, a substream derivation (SHA-256), and a 10-country integerisation.
/// Run: <c>dotnet run -c Release --project bench/Allot.Bench -- --filter *S7Kernel*</c>.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class S7KernelBenchmarks
{
    private readonly double[] _alpha = [3.0, 1.0, 0.5, 0.333, 0.25, 0.2, 0.166, 0.142, 0.125, 0.111];
    private readonly double[] _gamma = new double[10];
    private readonly double[] _weights = new double[10];
    private readonly long[] _floors = new long[10];
    private readonly long[] _q = new long[10];
    private readonly int[] _ranks = new int[10];
    private readonly long[] _counts = new long[10];
    private readonly ushort[] _isos = new[] { "GB", "DE", "FR", "US", "NL", "ES", "IT", "SE", "PL", "IE" }.Select(IsoCode.Pack).ToArray();
    private readonly MasterMaterial _master = MasterMaterial.Derive(9248923, "991c57a380d81d7ab9ba4901efb0d0db3eb7a82af59249d7cc71017126622709");
    private PhiloxStream _stream = new(0x1234, new Counter128(1, 2));
    private ulong _merchant;

    /// <summary>One Philox2x64-10 block.</summary>
    [Benchmark]
    public ulong PhiloxBlock() => _stream.NextBlock(1).X0;

    /// <summary>One open-interval uniform.</summary>
    [Benchmark]
    public double Uniform() => Uniforms.Next(ref _stream);

    /// <summary>One Box–Muller normal.</summary>
    [Benchmark]
    public double Normal() => Normals.Next(ref _stream);

    /// <summary>Gamma(0.4): the α &lt; 1 boost path.</summary>
    [Benchmark]
    public double GammaBelowOne() => GammaSampler.Next(ref _stream, 0.4);

    /// <summary>Gamma(2.5): Marsaglia–Tsang.</summary>
    [Benchmark]
    public double GammaAboveOne() => GammaSampler.Next(ref _stream, 2.5);

    /// <summary>A 10-country Dirichlet draw.</summary>
    [Benchmark]
    public double Dirichlet10() => Dirichlet.Sample(ref _stream, _alpha, _gamma, _weights);

    /// <summary>Deriving one merchant's substream (SHA-256 over ~60 bytes).</summary>
    [Benchmark]
    public ulong DeriveSubstream() => SubstreamDerivation.Derive(_master, "dirichlet_gamma_vector", _merchant++).Key;

    /// <summary>Integerising N = 37 over 10 countries (floors, 8-dp residuals, ranking, counts, checks).</summary>
    [Benchmark]
    public long Integerise10()
    {
        Dirichlet.Sample(ref _stream, _alpha, _gamma, _weights);
        ResidualIntegeriser.Integerise(1, 37, _weights, _isos, new IntegerisationBuffers(_floors, _q, _ranks, _counts));
        return _counts[0];
    }
}
