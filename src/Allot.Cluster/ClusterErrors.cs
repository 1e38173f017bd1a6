using Allot.Core.Errors;

namespace Allot.Cluster;

/// <summary>The error codes of cluster runs (documented in docs/cluster.md).</summary>
internal static class ClusterErrors
{
    /// <summary>The membership option is not one of the supported forms (usage).</summary>
    public const string Membership = "E_CLUSTER_MEMBERSHIP";

    /// <summary>No silo could be reached through the membership store.</summary>
    public const string Unavailable = "E_CLUSTER_UNAVAILABLE";

    /// <summary>A shard kept failing on every silo it was sent to (e.g. silos keep dying, or the data root is unreachable).</summary>
    public const string ShardFailed = "E_CLUSTER_SHARD_FAILED";

    /// <summary>A silo planned a different shard from the coordinator: it does not see the same data.</summary>
    public const string DataMismatch = "E_CLUSTER_DATA_MISMATCH";

    /// <summary>A silo runs another build than the coordinator (<see cref="ClusterBuild"/>).</summary>
    public const string BuildMismatch = "E_CLUSTER_BUILD_MISMATCH";

    /// <summary>A silo's port is taken on this machine (usage).</summary>
    public const string PortInUse = "E_CLUSTER_PORT_IN_USE";

    /// <summary>An error with <paramref name="code"/>'s class from the error catalogue (the one source of classes).</summary>
    public static AllotException Fail(string code, string message, string? file = null) =>
        new(new AllotError(code, ErrorCatalogue.ClassOf(code), message, File: file));
}
