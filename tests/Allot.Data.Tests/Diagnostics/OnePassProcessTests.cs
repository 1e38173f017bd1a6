using System.Runtime;
using Allot.Data.Diagnostics;

namespace Allot.Data.Tests.Diagnostics;

/// <summary>The one-pass collection budget: granted for a pass, given back after it (process-wide, so alone).</summary>
[Collection(nameof(ProcessWideCounters))]
public sealed class OnePassProcessTests
{
    [Fact]
    public void Pass_RunsWithoutCollectionsUpToTheBudget_AndCollectsAsUsualAfterwards()
    {
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        var collections = GC.CollectionCount(0);
        var (mode, value) = OnePassProcess.Pass(() =>
        {
            var garbage = 0L;
            for (var i = 0; i < 64; i++)
            {
                garbage += new byte[1 << 20].Length; // 64 MB, well inside the budget
            }

            return (GCSettings.LatencyMode, garbage);
        });
        Assert.Equal(GCLatencyMode.NoGCRegion, mode);
        Assert.Equal(64L << 20, value);
        Assert.True(GC.CollectionCount(0) <= collections + 1, "at most the collection that makes room when the budget is granted");
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void Pass_PastTheBudget_EndsInCollectionsAsUsual_AndANestedStartIsRefused()
    {
        var nested = true;
        OnePassProcess.Pass(() =>
        {
            nested = OnePassProcess.Start(); // already inside a budget
            for (var i = 0; i < 2 * (OnePassProcess.NoCollectionBudgetBytes >> 20); i++)
            {
                GC.KeepAlive(new byte[1 << 20]);
            }

            return 0;
        });
        Assert.False(nested);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
