namespace Allot.Segment1A.Dirichlet;

/// <summary>Which rung of the declared fallback ladder supplied a merchant's Dirichlet α vector.</summary>
public enum AlphaRung : byte
{
    /// <summary>Domestic-only merchant: no α needed.</summary>
    None = 0,

    /// <summary>Exact key (home_country, mcc, channel, m).</summary>
    HomeMccChannel = 1,

    /// <summary>First fallback (home_country, channel, m).</summary>
    HomeChannel = 2,

    /// <summary>Second fallback (home_country, m).</summary>
    Home = 3,

    /// <summary>Last resort: symmetric α_i = τ/m.</summary>
    Symmetric = 4,
}
