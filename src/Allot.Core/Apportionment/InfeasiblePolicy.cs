namespace Allot.Core.Apportionment;

/// <summary>What a bounded apportionment does when the bounds cannot hold the total.</summary>
public enum InfeasiblePolicy
{
    /// <summary>Raise <see cref="ApportionmentErrors.InfeasibleBounds"/>.</summary>
    Fail,

    /// <summary>Return the best bounded result and report the <c>Missing</c>/<c>Overflow</c> units.</summary>
    Flag,

    /// <summary>
    /// When the caps are too tight, raise them one unit per pass for the positive-weight units in order of weight
    /// descending (then tie key, then position) until the total is placed; every relaxed unit is reported.
    /// Minimums above the total cannot be relaxed this way and are reported as overflow, as under <see cref="Flag"/>.
    /// </summary>
    RelaxCaps,
}
