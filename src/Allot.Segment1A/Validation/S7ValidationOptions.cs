using Allot.Segment1A.Inputs;

namespace Allot.Segment1A.Validation;

/// <summary>What to validate.</summary>
/// <param name="Inputs">The same inputs the run read.</param>
/// <param name="RunId">The S7 run whose logs to check (default: the only one present).</param>
/// <param name="Workers">Threads replaying and comparing merchants (0: one per processor); verdicts never depend on it.</param>
public sealed record S7ValidationOptions(S7InputOptions Inputs, string? RunId = null, int Workers = 0);
