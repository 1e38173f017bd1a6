namespace Allot.Data.Publishing;

/// <summary>What a write-once publish did.</summary>
public enum PublishOutcome
{
    /// <summary>The target did not exist; the staged folder was moved into place.</summary>
    Published,

    /// <summary>The target already existed with identical bytes; nothing was rewritten.</summary>
    IdenticalExisting,
}

/// <summary>The result of <see cref="PartitionPublisher.Publish"/>.</summary>
/// <param name="Outcome">Whether the folder was published or already there.</param>
/// <param name="Sha256Hex">The determinism receipt of the (now) published folder.</param>
/// <param name="Files">Relative paths of its files, in receipt order.</param>
public sealed record PublishResult(PublishOutcome Outcome, string Sha256Hex, IReadOnlyList<string> Files);
