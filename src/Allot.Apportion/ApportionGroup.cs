using System.Numerics;

namespace Allot.Apportion;

/// <summary>One group of rows read from the input, validated and ready for the kernel.</summary>
internal sealed class ApportionGroup(string key)
{
    public string Key { get; } = key;

    public long? Total { get; set; }

    public long TotalRow { get; set; }

    public List<string> Units { get; } = [];

    public List<long> Rows { get; } = [];

    public List<string> WeightText { get; } = [];

    public List<(BigInteger Numerator, BigInteger Denominator)> Weights { get; } = [];

    public List<long> Min { get; } = [];

    public List<long> Max { get; } = [];

    public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

    public long[] Allocation { get; set; } = [];

    public Core.Apportionment.ApportionmentOutcome? Outcome { get; set; }

    public Core.Apportionment.ApportionmentAudit? Audit { get; set; }
}
