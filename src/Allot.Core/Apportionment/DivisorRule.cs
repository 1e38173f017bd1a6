using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// One divisor rule, built-in or given as data: <c>d(k)^Exponent = P(k)/Q(k)</c> exactly, plus a double
/// approximation of <c>d(k)</c> used only to estimate the divisor (never to decide).
/// </summary>
internal sealed class DivisorRule
{
    private readonly DivisorMethod _method;
    private readonly DivisorSequence? _sequence;
    private readonly double[]? _approx;

    private DivisorRule(DivisorMethod method, DivisorSequence? sequence)
    {
        _method = method;
        _sequence = sequence;
        Exponent = sequence is null && method == DivisorMethod.HuntingtonHill ? 2 : 1;
        Name = sequence?.Name ?? DivisorApportionment.MethodName(method);
        if (sequence is not null)
        {
            _approx = new double[sequence.Count];
            for (var k = 0; k < _approx.Length; k++)
            {
                var (p, q) = sequence.At(k);
                _approx[k] = (double)p / (double)q;
            }
        }
    }

    public string Name { get; }

    /// <summary>2 for Huntington–Hill (the divisor is a square root; <c>P/Q</c> is its square), else 1.</summary>
    public int Exponent { get; }

    /// <summary>The most seats one unit can hold (the length of a data sequence).</summary>
    public long MaxSeats => _sequence?.Count ?? long.MaxValue;

    public static DivisorRule For(DivisorMethod method)
    {
        _ = DivisorApportionment.MethodName(method);
        return new DivisorRule(method, null);
    }

    public static DivisorRule For(DivisorSequence sequence) => new(default, sequence);

    /// <summary><c>d(k)^Exponent</c> as <c>P/Q</c> (Q &gt; 0; P = 0 only for a zero first divisor).</summary>
    public (BigInteger P, BigInteger Q) At(long k)
    {
        if (_sequence is not null)
        {
            return _sequence.At(k);
        }

        BigInteger n = k;
        return _method switch
        {
            DivisorMethod.DHondt => (n + 1, 1),
            DivisorMethod.SainteLague => ((2 * n) + 1, 2),
            DivisorMethod.ModifiedSainteLague => k == 0 ? (7, 10) : ((2 * n) + 1, 2),
            DivisorMethod.Adams => (n, 1),
            DivisorMethod.Dean => (2 * n * (n + 1), (2 * n) + 1),
            DivisorMethod.HuntingtonHill => (n * (n + 1), 1),
            _ => throw new ArgumentOutOfRangeException(nameof(k)),
        };
    }

    /// <summary>The same as <see cref="At"/> in 64 bits, when it fits (the fast path of every comparison).</summary>
    public bool TryAtSmall(long k, out ulong p, out ulong q)
    {
        var n = (ulong)k;
        if (_sequence is null && k < (1L << 31))
        {
            (p, q) = _method switch
            {
                DivisorMethod.DHondt => (n + 1, 1UL),
                DivisorMethod.SainteLague => ((2 * n) + 1, 2UL),
                DivisorMethod.ModifiedSainteLague => k == 0 ? (7UL, 10UL) : ((2 * n) + 1, 2UL),
                DivisorMethod.Adams => (n, 1UL),
                DivisorMethod.Dean => (2 * n * (n + 1), (2 * n) + 1),
                _ => (n * (n + 1), 1UL),
            };
            return true;
        }

        if (_sequence is null && _method is DivisorMethod.DHondt or DivisorMethod.SainteLague or DivisorMethod.ModifiedSainteLague or DivisorMethod.Adams)
        {
            // k ≤ T < 2^63, so 2k + 1 fits 64 bits.
            (p, q) = _method switch
            {
                DivisorMethod.DHondt => (n + 1, 1UL),
                DivisorMethod.Adams => (n, 1UL),
                _ => ((2 * n) + 1, 2UL),
            };
            return true;
        }

        var (bp, bq) = At(k);
        if (bp <= ulong.MaxValue && bq <= ulong.MaxValue)
        {
            p = (ulong)bp;
            q = (ulong)bq;
            return true;
        }

        p = q = 0;
        return false;
    }

    /// <summary>
    /// Estimate of <c>#{k &lt; cap : d(k) &lt; s}</c>, the seats a unit with <c>w·x = s</c> would hold. Only an
    /// estimate: the exact correction that follows makes the result independent of it.
    /// </summary>
    public long EstimateSeats(double s, long cap)
    {
        if (!(s > 0))
        {
            return 0;
        }

        cap = Math.Min(cap, MaxSeats);
        if (_approx is not null)
        {
            // Number of divisors below s: binary search over the increasing sequence.
            int lo = 0, hi = (int)Math.Min(cap, _approx.Length);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_approx[mid] < s)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        // Built-in divisors satisfy k ≤ d(k) ≤ k + 1 (except modified Sainte-Laguë's first), so the count is ⌊s⌋ or ⌊s⌋ + 1.
        var k = s >= cap ? cap : Math.Max(0, (long)Math.Floor(s) - 1);
        while (k < cap && Approx(k) < s)
        {
            k++;
        }

        return k;
    }

    private double Approx(long k) => _method switch
    {
        DivisorMethod.DHondt => k + 1.0,
        DivisorMethod.SainteLague => k + 0.5,
        DivisorMethod.ModifiedSainteLague => k == 0 ? 0.7 : k + 0.5,
        DivisorMethod.Adams => k,
        DivisorMethod.Dean => k * (k + 1.0) / (k + 0.5),
        _ => Math.Sqrt(k * (k + 1.0)),
    };
}
