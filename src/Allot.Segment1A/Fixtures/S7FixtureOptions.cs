namespace Allot.Segment1A.Fixtures;

/// <summary>Shape of a synthetic 1A data root.</summary>
/// <param name="DataRoot">Where to write it.</param>
/// <param name="Lineage">Seed, parameter hash and fingerprint the inputs are stamped with.</param>
/// <param name="Merchants">Number of merchants.</param>
/// <param name="DomesticShare">Share of domestic-only merchants (default 0.6).</param>
/// <param name="MaxCountries">Largest country set for the others (2..this, default 20).</param>
/// <param name="NbRunId">run_id of the nb_final events.</param>
/// <param name="FixtureSeed">Seed of the generator itself (independent of the S7 seed).</param>
public sealed record S7FixtureOptions(
    string DataRoot,
    S7Lineage Lineage,
    int Merchants,
    double DomesticShare = 0.6,
    int MaxCountries = 20,
    string NbRunId = "00000000000000000000000000fixture",
    ulong FixtureSeed = 20240601);
