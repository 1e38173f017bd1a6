namespace Allot.Segment1A;

/// <summary>The fixed names S7 writes into its events and paths.</summary>
internal static class S7Names
{
    /// <summary>Substream label (and event family) of the gamma vector draw.</summary>
    public const string GammaLabel = "dirichlet_gamma_vector";

    /// <summary>Substream label (and event family) of the residual ranks.</summary>
    public const string ResidualLabel = "residual_rank";

    /// <summary>Module of the gamma vector events.</summary>
    public const string GammaModule = "1A.dirichlet_allocator";

    /// <summary>Module of the residual rank events.</summary>
    public const string ResidualModule = "1A.integerisation";

    /// <summary>Producer of the cache.</summary>
    public const string CacheProducer = "1A.integerise_allocations";

    /// <summary>The state a run report names.</summary>
    public const string State = "1A.S7";

    /// <summary>The algorithm recorded in the audit log.</summary>
    public const string Algorithm = "philox2x64-10";

    /// <summary>File name of every JSONL event part S7 writes.</summary>
    public const string EventPart = "part-00000.jsonl";

    /// <summary>File name of the cache's Parquet part.</summary>
    public const string CachePart = "part-00000.parquet";
}
