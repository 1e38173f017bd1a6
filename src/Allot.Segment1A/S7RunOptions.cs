using Allot.Segment1A.Inputs;

namespace Allot.Segment1A;

/// <summary>Options of an S7 run.</summary>
/// <param name="Inputs">Where the inputs are.</param>
/// <param name="Workers">Threads for sampling and integerisation (outputs are identical at any count).</param>
/// <param name="StartTimeUtc">Overrides the start time that seeds <c>run_id</c> (tests); default now.</param>
/// <param name="LogCompression">How the event and trace logs are written (plain JSONL by default).</param>
public sealed record S7RunOptions(S7InputOptions Inputs, int Workers = 1, DateTime? StartTimeUtc = null, S7LogCompression LogCompression = S7LogCompression.None);
