namespace Allot.Retail.Fixtures;

/// <summary>A store of a generated fixture.</summary>
/// <param name="Code">Store code (leading zeros).</param>
/// <param name="Cluster">Cluster index.</param>
/// <param name="Climate">Climate label.</param>
/// <param name="InMeta">Present in the store meta file.</param>
/// <param name="HasSales">Present in the sales files.</param>
internal sealed record FixtureStore(string Code, int Cluster, string Climate, bool InMeta, bool HasSales);
