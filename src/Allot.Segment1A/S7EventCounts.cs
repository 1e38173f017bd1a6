namespace Allot.Segment1A;

/// <summary>Events an S7 run wrote, per family (JSON keys are the family labels of <see cref="S7Names"/>).</summary>
/// <param name="DirichletGammaVector">dirichlet_gamma_vector events.</param>
/// <param name="ResidualRank">residual_rank events.</param>
public sealed record S7EventCounts(long DirichletGammaVector, long ResidualRank);
