namespace Allot.Segment1A.Validation;

/// <summary>
/// The fields of the S7 log lines the validator reads (events, trace, audit). The JSON name is the member name
/// in snake_case (<see cref="JsonLine.Name"/>); fields not listed here are ignored when a line is parsed.
/// </summary>
internal enum EventField
{
    TsUtc,
    RunId,
    Seed,
    ParameterHash,
    ManifestFingerprint,
    Module,
    SubstreamLabel,
    RngCounterBeforeLo,
    RngCounterBeforeHi,
    RngCounterAfterLo,
    RngCounterAfterHi,
    Blocks,
    Draws,
    MerchantId,
    HomeCountryIso,
    CountryIsos,
    Alpha,
    GammaRaw,
    Weights,
    CountryIso,
    Residual,
    ResidualRank,
    DrawsTotal,
    BlocksTotal,
    EventsTotal,
    Algorithm,
    RngKey,
    RngCounterHi,
    RngCounterLo,
}
