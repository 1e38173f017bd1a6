namespace Allot.Segment1A.Events;

/// <summary>Cumulative consumption of one (module, substream_label) after an event.</summary>
/// <param name="Draws">Uniform lanes consumed so far.</param>
/// <param name="Blocks">Philox blocks consumed so far.</param>
/// <param name="Events">Events emitted so far.</param>
public record struct S7TraceTotals(ulong Draws, ulong Blocks, ulong Events);
