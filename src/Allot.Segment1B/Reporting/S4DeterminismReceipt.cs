namespace Allot.Segment1B.Reporting;

/// <summary>The partition a report describes and the hash of its bytes.</summary>
/// <param name="PartitionPath">The partition, relative to the data root, forward slashes (another producer may write an absolute Windows path).</param>
/// <param name="Sha256Hex">SHA-256 over every partition file's bytes in ASCII order of relative path.</param>
public sealed record S4DeterminismReceipt(string PartitionPath, string Sha256Hex);
