namespace Allot.Cluster;

/// <summary>
/// A shard worker: one call computes one shard and writes its part files into the staging folder named by the
/// coordinator (relative to the silo's data root), then returns the shard's counters. Keys are dispatch slots,
/// spread over the silos by <see cref="SlotPlacementAttribute"/>; a call is idempotent, so a call lost with its
/// silo is simply sent again.
/// </summary>
public interface IShardWorkerGrain : IGrainWithIntegerKey
{
    /// <summary>The silo this slot is active on (so the coordinator can abandon a call whose silo is declared dead).</summary>
    Task<SiloAddress> Where();

    /// <summary>Loads (and keeps) a run's S4 inputs ahead of its shards and answers with the shard plan it cut from them; the shard fields are ignored.</summary>
    Task<S4PrepareReply> PrepareS4(S4ShardRequest request);

    /// <summary>Loads (and keeps) a run's S7 inputs ahead of its shards; the shard fields are ignored.</summary>
    Task<ShardExecution> PrepareS7(S7ShardRequest request);

    /// <summary>Computes one S4 shard.</summary>
    Task<S4ShardReply> RunS4(S4ShardRequest request);

    /// <summary>Computes one S7 shard.</summary>
    Task<S7ShardReply> RunS7(S7ShardRequest request);
}

/// <summary>What an S4 shard needs: the run's identity (the silo resolves paths under its own data root) and the shard.</summary>
[GenerateSerializer]
[Immutable]
public sealed class S4ShardRequest
{
    /// <summary>Seed token.</summary>
    [Id(0)] public required string Seed { get; init; }

    /// <summary>Manifest fingerprint token.</summary>
    [Id(1)] public required string ManifestFingerprint { get; init; }

    /// <summary>Parameter hash token.</summary>
    [Id(2)] public required string ParameterHash { get; init; }

    /// <summary>Dataset dictionary override (relative to the data root when inside it), or null.</summary>
    [Id(3)] public string? DictionaryPath { get; init; }

    /// <summary>Nominal pairs per shard (the plan is recomputed on the silo and must agree).</summary>
    [Id(4)] public required int PairsPerShard { get; init; }

    /// <summary>Shard index.</summary>
    [Id(5)] public required int Shard { get; init; }

    /// <summary>First pair of the shard as the coordinator planned it.</summary>
    [Id(6)] public required int FirstPair { get; init; }

    /// <summary>Pairs of the shard as the coordinator planned it.</summary>
    [Id(7)] public required int PairCount { get; init; }

    /// <summary>The publication's staging folder, relative to the data root.</summary>
    [Id(8)] public required string Staging { get; init; }

    /// <summary>Rows per Parquet row group.</summary>
    [Id(9)] public required int RowGroupRows { get; init; }

    /// <summary>The sender's build (<see cref="ClusterBuild"/>); a silo of another build refuses the call. Empty from senders older than the check.</summary>
    [Id(10)] public string Build { get; init; } = string.Empty;

    /// <summary>
    /// The request for one run: "load the inputs" when no shard is given (a prepare call: the shard fields are
    /// ignored), else "compute this shard into <paramref name="staging"/>".
    /// </summary>
    internal static S4ShardRequest For(Segment1B.Segment1BIdentity identity, string? dictionaryPath, int pairsPerShard, Segment1B.Allocation.S4Shard? shard = null, string staging = "", int rowGroupRows = 1, string? build = null) => new()
    {
        Seed = identity.Seed,
        ManifestFingerprint = identity.ManifestFingerprint,
        ParameterHash = identity.ParameterHash,
        DictionaryPath = dictionaryPath,
        PairsPerShard = pairsPerShard,
        Shard = shard?.Index ?? -1,
        FirstPair = shard?.FirstPair ?? 0,
        PairCount = shard?.PairCount ?? 0,
        Staging = staging,
        RowGroupRows = rowGroupRows,
        Build = build ?? ClusterBuild.Identity,
    };
}

/// <summary>
/// A silo's answer to "load the run's S4 inputs": how long it took, and the shard plan the silo cut from what it
/// loaded — the same cut every process makes from the same requirements, so the coordinator can send the shards
/// before its own read of the requirements (which then runs beside the shards and is checked against this plan).
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed class S4PrepareReply
{
    /// <summary>Where the inputs were loaded and how long it took.</summary>
    [Id(0)] public ShardExecution Execution { get; init; } = new();

    /// <summary>Pairs of each shard in order (each starts where the one before ended); empty when the load failed.</summary>
    [Id(1)] public int[] ShardPairs { get; init; } = [];
}

/// <summary>The counters of one S4 shard, or the error that stopped it.</summary>
[GenerateSerializer]
[Immutable]
public sealed class S4ShardReply
{
    /// <summary>Shard index.</summary>
    [Id(0)] public int Shard { get; init; }

    /// <summary>First pair.</summary>
    [Id(1)] public int FirstPair { get; init; }

    /// <summary>Plan rows written.</summary>
    [Id(2)] public long Rows { get; init; }

    /// <summary>Σ shortfall.</summary>
    [Id(3)] public long Shortfall { get; init; }

    /// <summary>Ties broken.</summary>
    [Id(4)] public long TiesBroken { get; init; }

    /// <summary>Every pair summed to its n_sites.</summary>
    [Id(5)] public bool SumsMatch { get; init; }

    /// <summary>Peak chunk workers inside the shard.</summary>
    [Id(6)] public int WorkersUsed { get; init; }

    /// <summary>
    /// Rows per pair of the shard as little-endian 32-bit integers (<see cref="PackRows"/>, <see cref="RowsPerPair"/>):
    /// Orleans copies a byte array as one block but encodes an integer array element by element, and a shard of
    /// 262,144 pairs sends 1 MB of them.
    /// </summary>
    [Id(7)] public byte[] RowsPerPairBytes { get; init; } = [];

    /// <summary>Rows per pair of the shard.</summary>
    public int[] RowsPerPair()
    {
        var rows = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(RowsPerPairBytes).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(rows, rows);
        }

        return rows;
    }

    /// <summary>The wire form of <paramref name="rowsPerPair"/>.</summary>
    public static byte[] PackRows(int[] rowsPerPair)
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(rowsPerPair.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            var ints = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes.AsSpan());
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ints, ints);
        }

        return bytes;
    }

    /// <summary>Execution facts (silo, seconds); never part of the outputs.</summary>
    [Id(8)] public ShardExecution Execution { get; init; } = new();

    /// <summary>A deterministic failure (an Allot error), or null.</summary>
    [Id(9)] public ShardError? Error { get; init; }
}

/// <summary>What an S7 shard needs.</summary>
[GenerateSerializer]
[Immutable]
public sealed class S7ShardRequest
{
    /// <summary>Seed.</summary>
    [Id(0)] public required ulong Seed { get; init; }

    /// <summary>Parameter hash.</summary>
    [Id(1)] public required string ParameterHash { get; init; }

    /// <summary>Manifest fingerprint.</summary>
    [Id(2)] public required string ManifestFingerprint { get; init; }

    /// <summary>The nb_final run as the user gave it (null: the only one), so silo and coordinator resolve it alike.</summary>
    [Id(3)] public string? NbRunId { get; init; }

    /// <summary>Hyperparameters override (relative to the data root when inside it), or null.</summary>
    [Id(4)] public string? HyperparametersPath { get; init; }

    /// <summary>Merchant attributes override, or null.</summary>
    [Id(5)] public string? MerchantsPath { get; init; }

    /// <summary>Dataset dictionary override, or null.</summary>
    [Id(6)] public string? DictionaryPath { get; init; }

    /// <summary>The run's id (envelope of every event).</summary>
    [Id(7)] public required string RunId { get; init; }

    /// <summary>Merchants per shard.</summary>
    [Id(8)] public required int MerchantsPerShard { get; init; }

    /// <summary>Shard index.</summary>
    [Id(9)] public required int Shard { get; init; }

    /// <summary>First merchant as the coordinator planned it.</summary>
    [Id(10)] public required int FirstMerchant { get; init; }

    /// <summary>Merchants as the coordinator planned them.</summary>
    [Id(11)] public required int MerchantCount { get; init; }

    /// <summary>Staging folders relative to the data root: cache, gamma events, residual events, trace.</summary>
    [Id(12)] public required string[] Staging { get; init; }

    /// <summary>
    /// The trace totals of every shard before this one (gamma draws, blocks, events, then residual), when the
    /// coordinator had them all at dispatch: the shard's trace part then counts from them and is appended as it is.
    /// Empty: count from zero (the coordinator adds the totals while assembling).
    /// </summary>
    [Id(13)] public ulong[] TraceStart { get; init; } = [];

    /// <summary>The sender's build (<see cref="ClusterBuild"/>); a silo of another build refuses the call. Empty from senders older than the check.</summary>
    [Id(14)] public string Build { get; init; } = string.Empty;
}

/// <summary>The counters of one S7 shard, or the error that stopped it.</summary>
[GenerateSerializer]
[Immutable]
public sealed class S7ShardReply
{
    /// <summary>Shard index.</summary>
    [Id(0)] public int Shard { get; init; }

    /// <summary>Cache rows.</summary>
    [Id(1)] public long Rows { get; init; }

    /// <summary>Domestic-only merchants.</summary>
    [Id(2)] public long DomesticOnly { get; init; }

    /// <summary>Gamma substream totals: draws, blocks, events.</summary>
    [Id(3)] public ulong[] Gamma { get; init; } = [0, 0, 0];

    /// <summary>Residual substream totals: draws, blocks, events.</summary>
    [Id(4)] public ulong[] Residual { get; init; } = [0, 0, 0];

    /// <summary>Milliseconds computing, writing the cache, writing the logs.</summary>
    [Id(5)] public double[] PhaseMs { get; init; } = [0, 0, 0];

    /// <summary>Execution facts.</summary>
    [Id(6)] public ShardExecution Execution { get; init; } = new();

    /// <summary>A deterministic failure, or null.</summary>
    [Id(7)] public ShardError? Error { get; init; }

    /// <summary>The totals the shard's trace counts from (gamma draws, blocks, events, then residual).</summary>
    [Id(8)] public ulong[] TraceStart { get; init; } = [];

    /// <summary>
    /// Empty when the shard wrote its own log parts. Otherwise the silo appended the shard's logs to its run log
    /// files (this name, in each log's <c>.shards</c> folder), right after the shard before it.
    /// </summary>
    [Id(9)] public string RunLog { get; init; } = string.Empty;

    /// <summary>With <see cref="RunLog"/>: offset and length of the shard's bytes in the gamma, residual and trace run logs.</summary>
    [Id(10)] public long[] RunLogRanges { get; init; } = [];
}

/// <summary>Where and how long a shard ran (reported outside the determinism receipt).</summary>
[GenerateSerializer]
[Immutable]
public sealed class ShardExecution
{
    /// <summary>The silo's name.</summary>
    [Id(0)] public string Silo { get; init; } = string.Empty;

    /// <summary>Seconds computing and writing the shard.</summary>
    [Id(1)] public double Seconds { get; init; }

    /// <summary>Seconds loading inputs for this call (0 when the silo had them cached).</summary>
    [Id(2)] public double LoadSeconds { get; init; }

    /// <summary>The silo's build (<see cref="ClusterBuild"/>); the coordinator refuses a reply of another build. Empty from silos older than the check.</summary>
    [Id(3)] public string Build { get; init; } = string.Empty;
}

/// <summary>An Allot error raised by a shard (deterministic: re-sending the shard would fail the same way).</summary>
[GenerateSerializer]
[Immutable]
public sealed class ShardError
{
    /// <summary>Code.</summary>
    [Id(0)] public string Code { get; init; } = string.Empty;

    /// <summary>Exit class as its number.</summary>
    [Id(1)] public int Class { get; init; }

    /// <summary>Message.</summary>
    [Id(2)] public string Message { get; init; } = string.Empty;

    /// <summary>File, if any.</summary>
    [Id(3)] public string? File { get; init; }

    /// <summary>Row, if any.</summary>
    [Id(4)] public long? Row { get; init; }

    /// <summary>Key, if any.</summary>
    [Id(5)] public string? Key { get; init; }
}
