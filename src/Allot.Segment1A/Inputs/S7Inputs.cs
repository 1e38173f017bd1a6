using Allot.Data.Dictionary;
using Allot.Segment1A.Dirichlet;

namespace Allot.Segment1A.Inputs;

/// <summary>Everything S7 needs, joined per merchant (arrays aligned with <see cref="CountrySets"/>).</summary>
public sealed class S7Inputs
{
    /// <summary>The run's identity.</summary>
    public required S7Lineage Lineage { get; init; }

    /// <summary>The dictionary used to resolve every path.</summary>
    public required DatasetDictionary Dictionary { get; init; }

    /// <summary>Country sets, merchant-ordered.</summary>
    public required CountrySets Countries { get; init; }

    /// <summary>N per merchant.</summary>
    public required long[] Outlets { get; init; }

    /// <summary>α per merchant in rank order (<see cref="S7Alpha.Of"/>); a single 0 for domestic-only merchants.</summary>
    public required S7Alpha Alpha { get; init; }

    /// <summary>The fallback rung used per merchant.</summary>
    public required AlphaRung[] Rungs { get; init; }

    /// <summary>The nb_final run read.</summary>
    public required string NbRunId { get; init; }

    /// <summary>The hyperparameters used.</summary>
    public required CrossBorderHyperparameters Hyperparameters { get; init; }

    /// <summary>Milliseconds spent reading each input (for the run report).</summary>
    public required IReadOnlyDictionary<string, double> LoadTimingsMs { get; init; }

    /// <summary>nb_final events of merchants that have no country set (ignored).</summary>
    public required int NbFinalWithoutCountrySet { get; init; }
}
