using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>A unit's <c>(Index+1)</c>-th seat under a divisor method.</summary>
internal readonly record struct Seat(int Unit, long Index);

/// <summary>
/// The total order of seats under a divisor method: priority <c>w/d(k)</c> descending (exact cross-multiplication;
/// Huntington–Hill compares squares; a zero divisor is infinite, and among infinite priorities the larger weight
/// wins), then tie key ascending, then input position. Negative = ranks first.
/// </summary>
internal sealed class SeatOrder : IComparer<Seat>
{
    private readonly BigInteger[] _w;
    private readonly ulong[]? _small;
    private readonly DivisorRule _rule;
    private readonly ulong[]? _keys;

    public SeatOrder(DivisorRule rule, BigInteger[] weights, ulong[]? small, ulong[]? keys)
    {
        _rule = rule;
        _w = weights;
        _small = small;
        _keys = keys;
    }

    public ulong[]? Keys => _keys;

    public int Compare(Seat a, Seat b)
    {
        if (a.Unit == b.Unit)
        {
            return a.Index.CompareTo(b.Index);
        }

        var c = ComparePriority(a, b);
        return c != 0 ? -c : TieOrder.Compare(_keys, a.Unit, b.Unit);
    }

    /// <summary>Sign of <c>priority(a) − priority(b)</c>, exactly.</summary>
    public int ComparePriority(Seat a, Seat b)
    {
        if (_small is not null && _rule.TryAtSmall(a.Index, out var pa, out var qa) && _rule.TryAtSmall(b.Index, out var pb, out var qb))
        {
            var wa = _small[a.Unit];
            var wb = _small[b.Unit];
            if (pa == 0 || pb == 0)
            {
                return pa == 0 && pb == 0 ? wa.CompareTo(wb) : pa == 0 ? 1 : -1;
            }

            // w^e·q/p: compare wa^e·qa·pb with wb^e·qb·pa.
            var ea = _rule.Exponent == 2 ? wa : 1UL;
            var eb = _rule.Exponent == 2 ? wb : 1UL;
            if (TryProduct(wa, ea, qa, pb, out var left) && TryProduct(wb, eb, qb, pa, out var right))
            {
                return left.CompareTo(right);
            }
        }

        return ComparePriority(_rule, _w[a.Unit], a.Index, _w[b.Unit], b.Index);
    }

    /// <summary>The arbitrary-precision comparison, also the reference in the tests.</summary>
    public static int ComparePriority(DivisorRule rule, BigInteger wa, long ka, BigInteger wb, long kb)
    {
        var (pa, qa) = rule.At(ka);
        var (pb, qb) = rule.At(kb);
        if (pa.IsZero || pb.IsZero)
        {
            return pa.IsZero && pb.IsZero ? wa.CompareTo(wb) : pa.IsZero ? 1 : -1;
        }

        var la = rule.Exponent == 2 ? wa * wa : wa;
        var lb = rule.Exponent == 2 ? wb * wb : wb;
        return (la * qa * pb).CompareTo(lb * qb * pa);
    }

    public SeatPriority Priority(Seat s)
    {
        var (p, q) = _rule.At(s.Index);
        return SeatPriority.Of(_w[s.Unit], p, q, _rule.Exponent);
    }

    /// <summary>The product when its factors' bit lengths add up to at most 128 (then every partial product fits).</summary>
    private static bool TryProduct(ulong a, ulong b, ulong c, ulong d, out UInt128 product)
    {
        if (a == 0 || b == 0 || c == 0 || d == 0)
        {
            product = 0;
            return true;
        }

        var bits = 256 - BitOperations.LeadingZeroCount(a) - BitOperations.LeadingZeroCount(b) - BitOperations.LeadingZeroCount(c) - BitOperations.LeadingZeroCount(d);
        if (bits > 128)
        {
            product = 0;
            return false;
        }

        product = (UInt128)a * b * c * d;
        return true;
    }
}
