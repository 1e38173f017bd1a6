namespace Allot.Core.Random;

/// <summary>
/// A Dirichlet(α) draw as independent gammas normalised by their left-fold sum:
/// <c>G_i = Gamma(α_i)</c> in the given order, <c>S = ((G_1 + G_2) + …)</c>, <c>w_i = G_i / S</c>.
/// </summary>
public static class Dirichlet
{
    /// <summary>
    /// Draws the gammas into <paramref name="gamma"/> and the weights into <paramref name="weights"/>; returns
    /// <c>S</c>. When every gamma underflowed to 0, <c>S = 0</c> is returned and the weights are left untouched:
    /// the caller decides how to report it (S7: <c>E_DIRICHLET_SUM</c>).
    /// </summary>
    public static double Sample(ref PhiloxStream stream, ReadOnlySpan<double> alpha, Span<double> gamma, Span<double> weights)
    {
        if (gamma.Length < alpha.Length || weights.Length < alpha.Length)
        {
            throw new ArgumentException("gamma and weights must be at least as long as alpha.");
        }

        var sum = 0.0;
        for (var i = 0; i < alpha.Length; i++)
        {
            gamma[i] = GammaSampler.Next(ref stream, alpha[i]);
            sum += gamma[i];
        }

        if (sum == 0.0)
        {
            return 0.0;
        }

        for (var i = 0; i < alpha.Length; i++)
        {
            weights[i] = gamma[i] / sum;
        }

        return sum;
    }
}
