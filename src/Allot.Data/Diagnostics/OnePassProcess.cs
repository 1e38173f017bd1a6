namespace Allot.Data.Diagnostics;

/// <summary>
/// Garbage collection for a process that makes one pass over its data and ends (the CLI's <c>segment1b run</c>, a
/// benchmark's child) or for one pass of a process Allot owns (a silo's input load). The pass's first allocations —
/// input row groups, sorted tiles, output buffers, mostly large arrays — are let run without a collection: in a run
/// of S4 scenario L (335 MB allocated in 0.5 s) the collector otherwise stopped it 8 times, 5 of them full
/// collections, for 47–68 ms. Past the budget (or at the first explicit collection, which S7's memory bound makes)
/// collections run as usual, so a long run's peak is bounded as before. A command whose pass allocates more asks
/// for its own budget: retail's allocate gained nothing from 256 MB (its 1 M-store-row run allocates about 0.5 GB and
/// keeps most of it); with 768 MB it makes no collection, its allocation phase took 0.43–0.51 s of CPU instead of
/// 0.63–0.70 s, and its peak went from 270 MB to about 480 MB.
/// </summary>
public static class OnePassProcess
{
    /// <summary>Allocation let run without a collection at the start of the process.</summary>
    public const long NoCollectionBudgetBytes = 256L << 20;

    /// <summary>
    /// Starts the budget for the rest of the process's pass. Only in a process Allot owns (the CLI knows it from its
    /// entry point) — never from library code, whose host's own collections it would defer. Returns whether the
    /// budget was granted (not when one is already running).
    /// </summary>
    public static bool Start() => Start(NoCollectionBudgetBytes);

    /// <summary><see cref="Start()"/> with a budget of the command's own (measured for it).</summary>
    public static bool Start(long budgetBytes)
    {
        try
        {
            return GC.TryStartNoGCRegion(budgetBytes);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A runtime whose ephemeral space is smaller than the budget: collections as usual.
            return false;
        }
        catch (InvalidOperationException)
        {
            // Already inside a budget (another pass of this process is under way): that one applies.
            return false;
        }
    }

    /// <summary>
    /// Blocking collections only, for the rest of the process (<see cref="System.Runtime.GCLatencyMode.Batch"/>): a
    /// batch that ends with its pass waits for no user, so background collection is pure cost. Retail's allocate on
    /// 1 M store rows, with collections, used about 0.25 s less CPU with the background collector switched off
    /// (<c>DOTNET_gcConcurrent=0</c>, which also slowed S4 and so is not set process-wide); with this setting in place,
    /// that switch gained nothing more. Under a <see cref="Start()"/> budget it matters only once the budget is spent.
    /// Set it before <see cref="Start()"/>, whose region restores it when it ends. Like <see cref="Start()"/>: only in a
    /// process Allot owns, for a command measured to gain.
    /// </summary>
    public static void BatchCollections() => System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.Batch;

    /// <summary>
    /// Runs one pass of a long-lived process Allot owns (a silo loading a run's inputs) under the same budget, and
    /// lets collections run as usual again afterwards if the pass used less.
    /// </summary>
    public static T Pass<T>(Func<T> pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var started = Start();
        try
        {
            return pass();
        }
        finally
        {
            if (started && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
            {
                try
                {
                    GC.EndNoGCRegion();
                }
                catch (InvalidOperationException)
                {
                    // The budget ran out (a collection ended it) between the check and the call.
                }
            }
        }
    }
}
