namespace Allot.Segment1B.Reporting;

/// <summary>Versions of the reference data an S4 run read.</summary>
/// <param name="Iso3166">The ISO table's version from the dictionary.</param>
public sealed record S4IngressVersions(string Iso3166);
