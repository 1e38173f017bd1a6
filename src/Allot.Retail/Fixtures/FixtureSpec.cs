namespace Allot.Retail.Fixtures;

/// <summary>Size and seed of a generated fixture.</summary>
public sealed record FixtureSpec
{
    /// <summary>Target month <c>yyyymm</c>; fixtures cover its A and B periods.</summary>
    public string TargetYyyymm { get; init; } = "202509";

    /// <summary>Number of stores.</summary>
    public int Stores { get; init; } = 120;

    /// <summary>Recommendation rows per period.</summary>
    public int Rows { get; init; } = 60;

    /// <summary>Average stores per store group.</summary>
    public int StoresPerGroup { get; init; } = 30;

    /// <summary>Fixture seed: same seed and sizes ⇒ byte-identical files.</summary>
    public ulong Seed { get; init; } = 20250901;
}
