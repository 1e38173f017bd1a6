using Allot.Segment1A;

namespace Allot.Cluster;

/// <summary>
/// The coordinator's side of S7's logs, fed each shard in shard order as it arrives: a shard a silo appended to its
/// run log right after the one before it is a byte range of that file; any other shard wrote its own parts. While
/// every shard so far lies contiguously in one run log (one silo, no failure), nothing is copied: at the end the
/// run log files simply become the final files (renamed). Otherwise the contract's single files are assembled as
/// the shards arrive — ranges and parts appended with <c>copy_file_range(2)</c>, trace parts that count from zero
/// rewritten — starting with the ranges held back so far.
/// </summary>
internal sealed class S7ClusterLogs(S7Staging staging) : IDisposable
{
    private readonly List<(S7ShardResult Result, S7ShardReply Reply)> _held = [];
    private S7LogAssembler? _assembler;
    private readonly long[] _heldLengths = new long[3];

    /// <summary>Shards taken so far (the next one to add is this index).</summary>
    public int Added { get; private set; }

    /// <summary>Takes shard <see cref="Added"/>.</summary>
    public void Add(S7ShardResult result, S7ShardReply reply)
    {
        if (result.Index != Added)
        {
            throw new InvalidOperationException($"shard {result.Index} added out of order (expected {Added}).");
        }

        Added++;
        if (_assembler is null && reply.RunLog.Length > 0 && (_held.Count == 0 || _held[0].Reply.RunLog == reply.RunLog) && Continues(reply.RunLogRanges))
        {
            _held.Add((result, reply));
            for (var k = 0; k < 3; k++)
            {
                _heldLengths[k] += reply.RunLogRanges[(2 * k) + 1];
            }

            return;
        }

        var assembler = Assembler();
        if (reply.RunLog.Length > 0)
        {
            assembler.AppendRanges(result, reply.RunLog, reply.RunLogRanges);
        }
        else
        {
            assembler.Append(result);
        }
    }

    /// <summary>
    /// After every shard is in: the held run log becomes the final files when it holds the whole run and
    /// <paramref name="clean"/> (no call was abandoned, so no other attempt can still be writing to it) — else
    /// it is copied — and the shard folders are removed.
    /// </summary>
    public void Complete(bool clean)
    {
        if (_assembler is null && clean && _held.Count == Added && Added > 0 && Adopt())
        {
            foreach (var folder in Folders)
            {
                Directory.Delete(Path.Combine(folder, S7Shards.ShardLogFolder), recursive: true);
            }

            return;
        }

        Assembler().Complete();
    }

    public void Dispose() => _assembler?.Dispose();

    private string[] Folders => [staging.GammaEvents, staging.ResidualEvents, staging.Trace];

    private static string[] FinalNames => [S7Names.EventPart, S7Names.EventPart, S7Shards.TraceFileName];

    // The run log starts at 0 and each range follows the previous one.
    private bool Continues(long[] ranges) => ranges.Length == 6 && ranges[0] == _heldLengths[0] && ranges[2] == _heldLengths[1] && ranges[4] == _heldLengths[2];

    /// <summary>Renames the held run log files over the final names, if each is exactly the held shards' bytes.</summary>
    private bool Adopt()
    {
        // The silo appended each shard after the one before it, its trace counting on from there: check the chain.
        Segment1A.Events.S7TraceTotals gamma = default, residual = default;
        foreach (var (result, _) in _held)
        {
            if (result.GammaStart != gamma || result.ResidualStart != residual)
            {
                return false;
            }

            gamma = S7Shards.Add(gamma, result.Gamma);
            residual = S7Shards.Add(residual, result.Residual);
        }

        var name = _held[0].Reply.RunLog;
        var files = Folders.Select(f => Path.Combine(f, S7Shards.ShardLogFolder, name)).ToArray();
        for (var k = 0; k < 3; k++)
        {
            if (!File.Exists(files[k]) || new FileInfo(files[k]).Length != _heldLengths[k])
            {
                return false;
            }
        }

        for (var k = 0; k < 3; k++)
        {
            File.Move(files[k], Path.Combine(Folders[k], FinalNames[k]), overwrite: false);
        }

        return true;
    }

    /// <summary>The assembler, created (with the final files) at the first shard that cannot be held, which first takes the held ones.</summary>
    private S7LogAssembler Assembler()
    {
        if (_assembler is null)
        {
            _assembler = new S7LogAssembler(staging);
            foreach (var (result, reply) in _held)
            {
                _assembler.AppendRanges(result, reply.RunLog, reply.RunLogRanges);
            }

            _held.Clear();
        }

        return _assembler;
    }
}
