namespace Allot.Data.Diagnostics;

/// <summary>
/// How far one phase of a run has come: <see cref="Done"/> of <see cref="Total"/> <see cref="Unit"/> (rows,
/// merchants, pairs, bytes). Runners report it through <see cref="IProgress{T}"/> as work completes, in order and
/// from any thread; <see cref="Done"/> never decreases within a phase and equals <see cref="Total"/> once, when
/// the phase ends. A library caller passes its own <see cref="IProgress{T}"/>; the CLI draws it on a terminal.
/// </summary>
/// <param name="Phase">Short phase name, e.g. <c>allocate</c> or <c>replay</c>.</param>
/// <param name="Done">Units completed so far (≥ 0).</param>
/// <param name="Total">Units in the phase (≥ <see cref="Done"/>), or 0 when unknown.</param>
/// <param name="Unit">What is counted, plural, e.g. <c>merchants</c>.</param>
public readonly record struct PhaseProgress(string Phase, long Done, long Total, string Unit)
{
    /// <summary>True when the phase has finished.</summary>
    public bool IsComplete => Total > 0 && Done >= Total;
}
