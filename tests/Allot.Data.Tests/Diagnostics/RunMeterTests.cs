using Allot.Data.Diagnostics;
using Allot.Data.Json;

namespace Allot.Data.Tests.Diagnostics;

// Counts this process's open files: other test classes opening files at the same moment would make the count race
// with the meter's sample, so this class runs alone.
[Collection(nameof(ProcessWideCounters))]
public sealed class RunMeterTests
{
    [Fact]
    public void Stop_ReportsPeakNotCurrentAndCountsOpenFiles()
    {
        var meter = RunMeter.Start(TimeSpan.FromMilliseconds(5));
        var big = new byte[64 << 20];
        Array.Fill(big, (byte)1);
        var path = Path.GetTempFileName();
        var streams = Enumerable.Range(0, 20).Select(_ => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)).ToList();
        meter.Sample();
        var whileOpen = RunMeter.OpenFileCount();
        streams.ForEach(s => s.Dispose());
        File.Delete(path);
        GC.KeepAlive(big);

        var m = meter.Stop();

        Assert.True(m.PeakResidentBytes >= 64L << 20, $"peak RSS {m.PeakResidentBytes}");
        if (whileOpen > 0)
        {
            Assert.True(m.OpenFilesPeak >= whileOpen, $"peak {m.OpenFilesPeak} < {whileOpen}");
            Assert.True(m.OpenFilesPeak > RunMeter.OpenFileCount());
        }

        Assert.True(m.CpuSeconds > 0);
        Assert.True(m.WallClockSeconds > 0);
        Assert.Same(m, meter.Stop());
    }

    [Fact]
    public void AllotJson_Canonical_SortsKeysAtEveryDepth_TwoSpaceIndent()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("{\"b\":1,\"a\":{\"d\":[{\"z\":1,\"y\":2}],\"c\":\"x/y\"}}")!;
        var text = System.Text.Encoding.UTF8.GetString(AllotJson.ToCanonicalBytes(node));
        Assert.Equal("{\n  \"a\": {\n    \"c\": \"x/y\",\n    \"d\": [\n      {\n        \"y\": 2,\n        \"z\": 1\n      }\n    ]\n  },\n  \"b\": 1\n}\n", text);
    }
}

/// <summary>Tests that read process-wide counters (open files, RSS) run with no other test in parallel.</summary>
[CollectionDefinition(nameof(ProcessWideCounters), DisableParallelization = true)]
public sealed class ProcessWideCounters;
