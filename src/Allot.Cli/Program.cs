using Allot.Cli;

// The process is one pass over its data, so its first allocations — input row groups, sorted tiles, output buffers,
// mostly large arrays — are let run without a collection: in a run of S4 scenario L (335 MB allocated in 0.5 s) the
// collector otherwise stopped it 8 times, 5 of them full collections, for 47–68 ms. Past the budget (or at the first
// explicit collection, which S7's memory bound makes) collections run as usual, so a long run's peak is unchanged.
// Only here, where the CLI owns the process: tests and library callers run AllotCli.Run in processes of their own.
try
{
    GC.TryStartNoGCRegion(256L << 20);
}
catch (ArgumentOutOfRangeException)
{
    // A runtime whose ephemeral space is smaller than the budget: collections as usual.
}

return AllotCli.Run(args);
