using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// An electoral threshold: units whose weight is below it are removed before apportioning (they receive nothing;
/// the others share the whole total). A unit exactly at the threshold stays. Immutable.
/// </summary>
public sealed class ElectoralThreshold
{
    private ElectoralThreshold(ExactFraction value, bool isShare)
    {
        Value = value;
        IsShare = isShare;
    }

    /// <summary>The threshold: a share of the total weight in [0, 1], or an absolute weight.</summary>
    public ExactFraction Value { get; }

    /// <summary>True for a share of the total weight (e.g. 5 %), false for an absolute weight (e.g. 10,000 votes).</summary>
    public bool IsShare { get; }

    /// <summary>A share of the total weight, e.g. <c>0.05m</c> for 5 %.</summary>
    /// <exception cref="Errors.AllotException"><see cref="ApportionmentErrors.InvalidThreshold"/> when the share is negative or above 1.</exception>
    public static ElectoralThreshold Share(decimal share)
    {
        if (share < 0 || share > 1)
        {
            throw ApportionmentErrors.Error(ApportionmentErrors.InvalidThreshold, $"the threshold share {share} is not between 0 and 1.");
        }

        return new ElectoralThreshold(ToFraction(share), true);
    }

    /// <summary>An absolute weight (in the weights' own units), e.g. <c>10_000m</c> votes.</summary>
    /// <exception cref="Errors.AllotException"><see cref="ApportionmentErrors.InvalidThreshold"/> when the weight is negative.</exception>
    public static ElectoralThreshold Absolute(decimal weight)
    {
        if (weight < 0)
        {
            throw ApportionmentErrors.Error(ApportionmentErrors.InvalidThreshold, $"the threshold weight {weight} is negative.");
        }

        return new ElectoralThreshold(ToFraction(weight), false);
    }

    /// <summary>True when unit <paramref name="index"/> reaches the threshold (exact comparison).</summary>
    public bool Passes(ExactWeights weights, int index)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var n = weights[index];

        // Share: n/W ≥ p/q ⇔ n·q ≥ p·W. Absolute: n/den ≥ p/q ⇔ n·q ≥ p·den.
        var against = IsShare ? weights.NumeratorSum : weights.Denominator;
        return n * Value.Denominator >= Value.Numerator * against;
    }

    /// <summary>The weights with every unit below the threshold set to 0, and which units passed.</summary>
    /// <exception cref="Errors.AllotException"><see cref="ApportionmentErrors.NoUnitAboveThreshold"/> when the total is positive and no unit with weight passes.</exception>
    public (ExactWeights Weights, bool[] Passed) Apply(ExactWeights weights, long total)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var passed = new bool[weights.Count];
        var nums = new BigInteger[weights.Count];
        var sum = weights.NumeratorSum;
        var against = IsShare ? sum : weights.Denominator;
        var any = false;
        for (var i = 0; i < nums.Length; i++)
        {
            passed[i] = weights[i] * Value.Denominator >= Value.Numerator * against;
            nums[i] = passed[i] ? weights[i] : BigInteger.Zero;
            any |= passed[i] && !weights[i].IsZero;
        }

        if (total > 0 && !any && !sum.IsZero)
        {
            throw ApportionmentErrors.Error(ApportionmentErrors.NoUnitAboveThreshold, $"no unit reaches the threshold {this}: the total {total} has nowhere to go.");
        }

        return (ExactWeights.FromNumerators(nums, weights.Denominator), passed);
    }

    /// <summary>E.g. <c>share 1/20</c> or <c>weight 10000</c>.</summary>
    public override string ToString() => IsShare ? $"share {Value}" : $"weight {Value}";

    private static ExactFraction ToFraction(decimal d)
    {
        var w = ExactWeights.FromDecimals([d]);
        return new ExactFraction(w[0], w.Denominator);
    }
}
