using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// Non-negative weights held exactly: integer numerators over one common positive denominator. Apportionment is
/// invariant under scaling, so only the numerators matter for the result; the denominator is kept so that quotas
/// and audit records can show the caller's own numbers. Immutable.
/// </summary>
/// <remarks>
/// A binary64 weight is itself an exact rational (mantissa · 2^exponent), so <see cref="FromDoubles"/> converts
/// without rounding; decimals are exact base-10 fractions. Nothing is ever rounded silently.
/// </remarks>
public sealed class ExactWeights
{
    private readonly ulong[]? _small;
    private BigInteger[]? _numerators;

    private ExactWeights(BigInteger[] numerators, BigInteger denominator)
    {
        _numerators = numerators;
        Count = numerators.Length;
        Denominator = denominator;
        var fits = true;
        foreach (var n in numerators)
        {
            if (n > ulong.MaxValue)
            {
                fits = false;
                break;
            }
        }

        if (fits)
        {
            _small = new ulong[numerators.Length];
            for (var i = 0; i < numerators.Length; i++)
            {
                _small[i] = (ulong)numerators[i];
            }
        }
    }

    // 64-bit numerators need no BigInteger array until a slow path (a bounded method, an audit) asks for one:
    // a million-unit table then costs one ulong[] instead of a million BigIntegers.
    private ExactWeights(ulong[] small, BigInteger denominator)
    {
        _small = small;
        Count = small.Length;
        Denominator = denominator;
    }

    /// <summary>Number of units.</summary>
    public int Count { get; }

    /// <summary>The common denominator (≥ 1).</summary>
    public BigInteger Denominator { get; }

    /// <summary>Numerator of unit <paramref name="index"/> (the weight is <c>Numerators[i] / Denominator</c>).</summary>
    public BigInteger this[int index] => _small is { } s ? s[index] : Big()[index];

    /// <summary>The numerators, in unit order.</summary>
    public ReadOnlySpan<BigInteger> Numerators => Big();

    /// <summary>The numerators as 64-bit integers when every one fits (the kernel's fast path), else null.</summary>
    internal ulong[]? SmallNumerators => _small;

    /// <summary>True when unit <paramref name="index"/> has weight zero (no big integer made).</summary>
    internal bool IsZeroAt(int index) => _small is { } s ? s[index] == 0 : Big()[index].IsZero;

    /// <summary>Sum of the numerators.</summary>
    public BigInteger NumeratorSum
    {
        get
        {
            BigInteger s = BigInteger.Zero;
            foreach (var n in Big())
            {
                s += n;
            }

            return s;
        }
    }

    /// <summary>Integer weights, e.g. fixed-decimal <c>weight_fp</c> values.</summary>
    public static ExactWeights FromIntegers(ReadOnlySpan<ulong> weights) => new(weights.ToArray(), BigInteger.One);

    /// <summary>Signed integer weights; a negative one is <see cref="ApportionmentErrors.NegativeWeight"/>.</summary>
    public static ExactWeights FromIntegers(ReadOnlySpan<long> weights)
    {
        var n = new ulong[weights.Length];
        for (var i = 0; i < n.Length; i++)
        {
            if (weights[i] < 0)
            {
                throw ApportionmentErrors.Error(ApportionmentErrors.NegativeWeight, $"weight {weights[i]} is negative.", i);
            }

            n[i] = (ulong)weights[i];
        }

        return new ExactWeights(n, BigInteger.One);
    }

    /// <summary>
    /// Binary64 weights converted exactly (each double is <c>m · 2^e</c>); NaN or ±∞ is
    /// <see cref="ApportionmentErrors.NonFiniteWeight"/>, a negative value (other than −0) is
    /// <see cref="ApportionmentErrors.NegativeWeight"/>.
    /// </summary>
    /// <remarks>
    /// Why the audit then shows huge fractions: a double is a binary fraction, exactly. <c>0.1</c> is not 1/10 but
    /// <c>3602879701896397 / 2^55</c> (0.1000000000000000055511151231257827…), <c>0.2</c> is twice that and
    /// <c>0.7</c> is <c>3152519739159347 / 2^52</c>; their sum is not exactly 1. So <c>FromDoubles([0.1, 0.2, 0.7])</c>
    /// has numerators over <c>2^55</c>, and a quota <c>T·wᵢ/W</c> reduces to fractions such as
    /// <c>36028797018963970/36028797018963967</c> — the exact value of what the doubles hold, nothing rounded. If the
    /// weights were written as decimals (a CSV, a config file), read them with <see cref="FromDecimals"/> and the
    /// quotas are the decimal fractions the user wrote (<c>1/10</c>, <c>1/5</c>, <c>7/10</c>).
    /// </remarks>
    public static ExactWeights FromDoubles(ReadOnlySpan<double> weights)
    {
        var mantissas = new ulong[weights.Length];
        Span<int> exponents = weights.Length <= 256 ? stackalloc int[weights.Length] : new int[weights.Length];
        var minExp = int.MaxValue;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (!double.IsFinite(w))
            {
                throw ApportionmentErrors.Error(ApportionmentErrors.NonFiniteWeight, $"weight {w} is not a finite number.", i);
            }

            if (w < 0)
            {
                throw ApportionmentErrors.Error(ApportionmentErrors.NegativeWeight, $"weight {w:R} is negative.", i);
            }

            if (w == 0)
            {
                continue;
            }

            var bits = BitConverter.DoubleToUInt64Bits(w);
            var biased = (int)((bits >> 52) & 0x7FF);
            var fraction = bits & 0xF_FFFF_FFFF_FFFFUL;
            ulong mant;
            int exp;
            if (biased == 0)
            {
                mant = fraction;
                exp = -1074;
            }
            else
            {
                mant = fraction | (1UL << 52);
                exp = biased - 1075;
            }

            var tz = BitOperations.TrailingZeroCount(mant);
            mant >>= tz;
            exp += tz;
            mantissas[i] = mant;
            exponents[i] = exp;
            minExp = Math.Min(minExp, exp);
        }

        if (minExp == int.MaxValue)
        {
            return new ExactWeights(new ulong[weights.Length], BigInteger.One);
        }

        // weight_i = nums_i · 2^minExp; with minExp < 0 the common denominator is 2^-minExp, otherwise the
        // common factor 2^minExp is dropped (apportionment is scale-invariant).
        var den = minExp < 0 ? BigInteger.One << -minExp : BigInteger.One;

        // Weights of similar magnitude (within 2^11 of each other) shift into 64 bits: no big integers.
        var fits = true;
        for (var i = 0; i < mantissas.Length && fits; i++)
        {
            fits = mantissas[i] == 0 || 64 - BitOperations.LeadingZeroCount(mantissas[i]) + (exponents[i] - minExp) <= 64;
        }

        if (fits)
        {
            // Shifted in place: the mantissas are this call's own array.
            for (var i = 0; i < mantissas.Length; i++)
            {
                mantissas[i] = mantissas[i] == 0 ? 0 : mantissas[i] << (exponents[i] - minExp);
            }

            return new ExactWeights(mantissas, den);
        }

        var nums = new BigInteger[weights.Length];
        for (var i = 0; i < nums.Length; i++)
        {
            nums[i] = mantissas[i] == 0 ? BigInteger.Zero : new BigInteger(mantissas[i]) << (exponents[i] - minExp);
        }

        return new ExactWeights(nums, den);
    }

    /// <summary>Decimal weights converted exactly; a negative one is <see cref="ApportionmentErrors.NegativeWeight"/>.</summary>
    public static ExactWeights FromDecimals(ReadOnlySpan<decimal> weights)
    {
        var scale = 0;
        foreach (var w in weights)
        {
            scale = Math.Max(scale, w.Scale);
        }

        var den = BigInteger.Pow(10, scale);
        var nums = new BigInteger[weights.Length];
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (w < 0)
            {
                throw ApportionmentErrors.Error(ApportionmentErrors.NegativeWeight, $"weight {w} is negative.", i);
            }

            decimal.GetBits(w, bits);
            var mag = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
            nums[i] = mag * BigInteger.Pow(10, scale - w.Scale);
        }

        return new ExactWeights(nums, den);
    }

    /// <summary>Rational weights <c>numerator/denominator</c> (denominators &gt; 0, numerators ≥ 0).</summary>
    public static ExactWeights FromRationals(ReadOnlySpan<(BigInteger Numerator, BigInteger Denominator)> weights)
    {
        var lcm = BigInteger.One;
        for (var i = 0; i < weights.Length; i++)
        {
            var (num, den) = weights[i];
            if (den.Sign <= 0)
            {
                throw ApportionmentErrors.Error(ApportionmentErrors.NonFiniteWeight, $"weight {num}/{den} has a non-positive denominator.", i);
            }

            if (num.Sign < 0)
            {
                throw ApportionmentErrors.Error(ApportionmentErrors.NegativeWeight, $"weight {num}/{den} is negative.", i);
            }

            lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, den) * den;
        }

        var nums = new BigInteger[weights.Length];
        for (var i = 0; i < nums.Length; i++)
        {
            nums[i] = weights[i].Numerator * (lcm / weights[i].Denominator);
        }

        return new ExactWeights(nums, lcm);
    }

    /// <summary>
    /// Weights given as 64-bit numerators over one <paramref name="denominator"/> — e.g. fixed-decimal values
    /// <c>n / 10^k</c> brought to a common scale. No big integers are made unless a slow path needs them.
    /// </summary>
    public static ExactWeights FromNumerators(ReadOnlySpan<ulong> numerators, BigInteger denominator)
    {
        if (denominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "the denominator must be positive.");
        }

        return new ExactWeights(numerators.ToArray(), denominator);
    }

    /// <summary>Weights given directly as numerators over <paramref name="denominator"/>.</summary>
    public static ExactWeights FromNumerators(IEnumerable<BigInteger> numerators, BigInteger denominator)
    {
        ArgumentNullException.ThrowIfNull(numerators);
        var nums = numerators.ToArray();
        for (var i = 0; i < nums.Length; i++)
        {
            if (nums[i].Sign < 0)
            {
                throw ApportionmentErrors.Error(ApportionmentErrors.NegativeWeight, $"weight numerator {nums[i]} is negative.", i);
            }
        }

        if (denominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "the denominator must be positive.");
        }

        return new ExactWeights(nums, denominator);
    }

    private BigInteger[] Big()
    {
        if (_numerators is { } n)
        {
            return n;
        }

        var small = _small!;
        var big = new BigInteger[small.Length];
        for (var i = 0; i < big.Length; i++)
        {
            big[i] = small[i];
        }

        // Idempotent: a racing second thread builds the same values.
        _numerators = big;
        return big;
    }
}
