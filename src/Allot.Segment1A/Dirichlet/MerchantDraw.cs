using Allot.Core.Random;

namespace Allot.Segment1A.Dirichlet;

/// <summary>The RNG lineage of one merchant's S7 events.</summary>
/// <param name="GammaBefore">Counter of the <c>dirichlet_gamma_vector</c> substream before the draw.</param>
/// <param name="GammaAfter">Counter after the draw (equal to before for domestic-only merchants).</param>
/// <param name="Draws">Uniform lanes consumed.</param>
/// <param name="Blocks">Philox blocks consumed.</param>
/// <param name="ResidualCounter">Counter of the merchant's <c>residual_rank</c> substream (nothing is consumed from it).</param>
internal readonly record struct MerchantDraw(Counter128 GammaBefore, Counter128 GammaAfter, ulong Draws, ulong Blocks, Counter128 ResidualCounter);
