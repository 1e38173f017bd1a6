using System.Numerics;
using Allot.Core.Apportionment;
using CsCheck;

namespace Allot.Core.Tests.Apportionment;

/// <summary>
/// The packed-prefix ordinal ranking (<see cref="TieKeys.FromOrdinalSpans"/>, used by <c>allot apportion</c> on a
/// million keys) equals the textbook definition: a comparison sort by <see cref="string.CompareOrdinal(string, string)"/>.
/// </summary>
public class TieKeyRankingTests
{
    // Alphabets that hit every branch: ASCII prefixes of the same 8 characters, NUL (zero padding), Latin-1, CJK
    // (16-bit packing), surrogate halves (ordinal = UTF-16 code unit order, not code point order), long keys.
    private static readonly Gen<string> Key =
        Gen.Frequency(
            (4, Gen.String[Gen.Char["ab"], 0, 10]),
            (2, Gen.String[Gen.Char["ab\0"], 0, 12]),
            (2, Gen.String[Gen.Char["aé\u00ff"], 0, 9]),
            (1, Gen.String[Gen.Char["a東\ud83d\ude00\uffff"], 0, 6]),
            (1, Gen.Const("prefix-shared-").SelectMany(p => Gen.String[Gen.Char["xyz"], 0, 4].Select(s => p + s))));

    private static ulong[] Textbook(IReadOnlyList<string> keys)
    {
        var order = Enumerable.Range(0, keys.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = string.CompareOrdinal(keys[a], keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var ranks = new ulong[keys.Count];
        ulong rank = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (i > 0 && keys[order[i]] != keys[order[i - 1]])
            {
                rank = (ulong)i;
            }

            ranks[order[i]] = rank;
        }

        return ranks;
    }

    [Fact]
    public void PackedRanking_EqualsComparisonSort_OnRandomKeySets()
    {
        Key.List[0, 40].Sample(keys => Assert.Equal(Textbook(keys), TieKeys.FromOrdinalSpans(keys.Count, i => keys[i].AsSpan())), iter: 5_000);
    }

    [Fact]
    public void PrefixesAndNuls_AreOrderedLikeOrdinalComparison()
    {
        string[] keys = ["ab\0", "ab", "a", "ab\0\0", "abcdefghi", "abcdefgh", "東", "\uffff", "\ud83d\ude00", "ab"];
        Assert.Equal(Textbook(keys), TieKeys.FromOrdinalStrings(keys));

        // Equal keys share a rank (the first position of their run); "ab" twice.
        var ranks = TieKeys.FromOrdinalStrings(keys);
        Assert.Equal(ranks[1], ranks[9]);
    }

    [Fact]
    public void SixtyFourBitNumerators_GiveTheSameOutcome_AsBigIntegerNumerators()
    {
        var gen = from m in Gen.Int[1, 30]
                  from w in Gen.Frequency((3, Gen.ULong[0, 1000]), (1, Gen.ULong[0, ulong.MaxValue])).Array[m]
                  from scale in Gen.Int[0, 19]
                  from total in Gen.Long[0, 10_000]
                  select (w, scale, total);
        gen.Sample(x =>
        {
            var den = BigInteger.Pow(10, x.scale);
            var small = ExactWeights.FromNumerators(x.w, den);
            var big = ExactWeights.FromNumerators(x.w.Select(v => (BigInteger)v), den);
            Assert.Equal(big.Numerators.ToArray(), small.Numerators.ToArray());
            foreach (var method in new[] { ApportionmentMethod.Hamilton, ApportionmentMethod.DHondt, ApportionmentMethod.Proportional })
            {
                if (big.NumeratorSum.IsZero)
                {
                    continue;
                }

                var a = Apportion.Units(x.total, small, method, new ApportionmentOptions { WithAudit = true });
                var b = Apportion.Units(x.total, big, method, new ApportionmentOptions { WithAudit = true });
                Assert.Equal(b.Allocation, a.Allocation);
                Assert.Equal(b.Audit!.Units.Select(u => u.Quota), a.Audit!.Units.Select(u => u.Quota));
            }
        }, iter: 1_000);
    }
}
