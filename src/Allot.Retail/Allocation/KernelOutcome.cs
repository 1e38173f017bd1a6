namespace Allot.Retail.Allocation;

/// <summary>What the core kernel returned for one row, in retail terms.</summary>
/// <param name="Quantities">Integer quantity per store.</param>
/// <param name="Unallocatable">Units no cap could take (strict caps only).</param>
/// <param name="Relaxed">Units above cap per store (relaxed caps only).</param>
/// <param name="CapHit">Store at its (possibly relaxed) cap.</param>
internal sealed record KernelOutcome(long[] Quantities, long Unallocatable, long[] Relaxed, bool[] CapHit);
