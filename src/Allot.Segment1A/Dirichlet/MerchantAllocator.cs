using Allot.Core.Random;
using Allot.Segment1A.Integerisation;

namespace Allot.Segment1A.Dirichlet;

/// <summary>
/// One merchant's S7 step, the single code path shared by the run and the validator's replay: domestic-only
/// merchants get <c>w = (1)</c> without touching the RNG; the others draw <c>Gamma(α_i)</c> in rank order on the
/// <c>dirichlet_gamma_vector</c> substream of their merchant id and normalise; then the counts are integerised.
/// </summary>
internal static class MerchantAllocator
{
    /// <summary>Allocates one merchant into the caller's buffers (all at least m long); returns its RNG lineage.</summary>
    public static MerchantDraw Allocate(
        MasterMaterial master,
        long merchantId,
        long total,
        ReadOnlySpan<ushort> isoCodes,
        ReadOnlySpan<double> alpha,
        Span<double> gamma,
        Span<double> weights,
        in IntegerisationBuffers integers)
    {
        var m = isoCodes.Length;
        var residualStream = SubstreamDerivation.Derive(master, S7Names.ResidualLabel, (ulong)merchantId);
        MerchantDraw draw;
        if (m == 1)
        {
            gamma[0] = 0.0;
            weights[0] = 1.0;
            draw = new MerchantDraw(default, default, 0, 0, residualStream.Counter);
        }
        else
        {
            for (var i = 0; i < m; i++)
            {
                if (!(alpha[i] > 0.0) || double.IsInfinity(alpha[i]))
                {
                    throw S7Errors.Fail(S7Errors.DirichletNonPositive, $"alpha[{i}] = {alpha[i]} for {IsoCode.Name(isoCodes[i])} must be a finite number > 0.", key: $"merchant_id={merchantId}");
                }
            }

            var stream = SubstreamDerivation.Derive(master, S7Names.GammaLabel, (ulong)merchantId);
            var before = stream.Counter;
            var sum = Core.Random.Dirichlet.Sample(ref stream, alpha[..m], gamma, weights);
            if (sum == 0.0)
            {
                throw S7Errors.Fail(S7Errors.DirichletSum, $"all {m} gamma draws underflowed to 0 (α = [{string.Join(", ", alpha[..m].ToArray())}]): the weights cannot be normalised; raise the α values.", key: $"merchant_id={merchantId}");
            }

            var weightSum = 0.0;
            for (var i = 0; i < m; i++)
            {
                weightSum += weights[i];
            }

            if (Math.Abs(weightSum - 1.0) > 1e-6)
            {
                throw S7Errors.Fail(S7Errors.DirichletSum, $"the weights sum to {weightSum:R}, outside 1 ± 1e-6.", key: $"merchant_id={merchantId}");
            }

            draw = new MerchantDraw(before, stream.Counter, stream.Draws, stream.Blocks, residualStream.Counter);
        }

        ResidualIntegeriser.Integerise(merchantId, total, weights[..m], isoCodes, integers);
        return draw;
    }
}
