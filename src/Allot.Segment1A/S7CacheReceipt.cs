namespace Allot.Segment1A;

/// <summary>How the residual cache was published.</summary>
/// <param name="Outcome">Published, or AlreadyPresent for identical bytes.</param>
/// <param name="Sha256">The cache's determinism receipt.</param>
/// <param name="Files">The cache's files, relative to the partition.</param>
public sealed record S7CacheReceipt(string Outcome, string Sha256, IReadOnlyList<string> Files);
