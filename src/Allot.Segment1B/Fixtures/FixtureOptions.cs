namespace Allot.Segment1B.Fixtures;

/// <summary>Shape of a synthetic Segment 1B data root.</summary>
/// <param name="Merchants">Number of merchants.</param>
/// <param name="Countries">Number of countries (≤ 676, codes AA..ZZ).</param>
/// <param name="TilesPerCountry">Mean tiles per country; actual counts are skewed (log-normal, some countries far larger).</param>
/// <param name="Seed">Fixture seed: same seed and shape ⇒ byte-identical root. Also the run's <c>seed</c> token.</param>
/// <param name="Dp">Decimal places of the weights (weights per country sum to exactly 10^dp).</param>
/// <param name="MaxCountriesPerMerchant">Upper bound of legal countries per merchant.</param>
public sealed record FixtureOptions(int Merchants, int Countries, int TilesPerCountry, ulong Seed = 1, int Dp = 9, int MaxCountriesPerMerchant = 12);
