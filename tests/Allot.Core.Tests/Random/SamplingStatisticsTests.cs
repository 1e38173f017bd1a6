using Allot.Core.Random;

namespace Allot.Core.Tests.Random;

/// <summary>
/// Distributional sanity with fixed streams: the draws are a pure function of (key, counter), so these bounds
/// either hold for ever or fail for ever — they are not flaky.
/// </summary>
public sealed class SamplingStatisticsTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.999)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(10.0)]
    public void Gamma_MeanAndVarianceMatchShape(double alpha)
    {
        const int n = 200_000;
        var stream = new PhiloxStream(0x5EED, new Counter128(0, (ulong)(alpha * 1000)));
        double sum = 0, sumSq = 0;
        for (var i = 0; i < n; i++)
        {
            var g = GammaSampler.Next(ref stream, alpha);
            sum += g;
            sumSq += g * g;
        }

        var mean = sum / n;
        var variance = (sumSq / n) - (mean * mean);
        // Gamma(α,1): mean α, variance α. Standard error of the mean is sqrt(α/n); allow 5 of them.
        Assert.InRange(mean, alpha - (5 * Math.Sqrt(alpha / n)), alpha + (5 * Math.Sqrt(alpha / n)));
        Assert.InRange(variance / alpha, 0.97, 1.03);
    }

    [Fact]
    public void Dirichlet_ComponentMeansAndVariancesMatch()
    {
        const int n = 100_000;
        double[] alpha = [0.5, 1.0, 2.0, 4.5];
        var a0 = alpha.Sum();
        var stream = new PhiloxStream(0xD1, new Counter128(7, 0));
        var sum = new double[4];
        var sumSq = new double[4];
        Span<double> gamma = stackalloc double[4];
        Span<double> weights = stackalloc double[4];
        for (var i = 0; i < n; i++)
        {
            Dirichlet.Sample(ref stream, alpha, gamma, weights);
            for (var j = 0; j < 4; j++)
            {
                sum[j] += weights[j];
                sumSq[j] += weights[j] * weights[j];
            }
        }

        for (var j = 0; j < 4; j++)
        {
            var expectedMean = alpha[j] / a0;
            var expectedVar = alpha[j] * (a0 - alpha[j]) / (a0 * a0 * (a0 + 1));
            var mean = sum[j] / n;
            var variance = (sumSq[j] / n) - (mean * mean);
            Assert.InRange(mean, expectedMean - (5 * Math.Sqrt(expectedVar / n)), expectedMean + (5 * Math.Sqrt(expectedVar / n)));
            Assert.InRange(variance / expectedVar, 0.97, 1.03);
        }
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(1.0)]
    [InlineData(3.7)]
    public void Gamma_KolmogorovSmirnov_AcceptsTheGammaCdf(double alpha)
    {
        const int n = 20_000;
        var stream = new PhiloxStream(0xC0FFEE, new Counter128(1, 0));
        var samples = new double[n];
        for (var i = 0; i < n; i++)
        {
            samples[i] = GammaSampler.Next(ref stream, alpha);
        }

        Array.Sort(samples);
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var cdf = IncompleteGamma.RegularizedLower(alpha, samples[i]);
            d = Math.Max(d, Math.Max(((i + 1.0) / n) - cdf, cdf - ((double)i / n)));
        }

        // Critical value at the 0.1% level is 1.95/sqrt(n) ≈ 0.0138.
        Assert.True(d < 1.95 / Math.Sqrt(n), $"KS statistic {d} too large for Gamma({alpha})");
    }

    [Fact]
    public void Uniforms_KolmogorovSmirnov_AcceptsUniform()
    {
        const int n = 50_000;
        var stream = new PhiloxStream(3, new Counter128(0, 0));
        var samples = new double[n];
        for (var i = 0; i < n; i++)
        {
            samples[i] = Uniforms.Next(ref stream);
        }

        Array.Sort(samples);
        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            d = Math.Max(d, Math.Max(((i + 1.0) / n) - samples[i], samples[i] - ((double)i / n)));
        }

        Assert.True(d < 1.95 / Math.Sqrt(n), $"KS statistic {d}");
    }
}
