namespace Allot.Segment1A.Integerisation;

/// <summary>Output buffers of <see cref="ResidualIntegeriser.Integerise"/>, each at least m long.</summary>
/// <param name="Floors">f_i = ⌊N·w_i⌋.</param>
/// <param name="Quantised">q_i, the residual in units of 1e-8.</param>
/// <param name="Ranks">1-based residual rank.</param>
/// <param name="Counts">n_i.</param>
public readonly ref struct IntegerisationBuffers(Span<long> Floors, Span<long> Quantised, Span<int> Ranks, Span<long> Counts)
{
    /// <summary>f_i = ⌊N·w_i⌋.</summary>
    public Span<long> Floors { get; } = Floors;

    /// <summary>q_i, the residual in units of 1e-8.</summary>
    public Span<long> Quantised { get; } = Quantised;

    /// <summary>1-based residual rank.</summary>
    public Span<int> Ranks { get; } = Ranks;

    /// <summary>n_i.</summary>
    public Span<long> Counts { get; } = Counts;
}
