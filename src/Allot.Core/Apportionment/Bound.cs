namespace Allot.Core.Apportionment;

/// <summary>Explicit bound values, so that "no bound" is written as such and never as <c>default</c>.</summary>
public static class Bound
{
    /// <summary>No cap: the unit may receive any number of units (stored as <see cref="long.MaxValue"/>).</summary>
    public const long None = long.MaxValue;

    /// <summary>No minimum (0).</summary>
    public const long NoMinimum = 0;
}
