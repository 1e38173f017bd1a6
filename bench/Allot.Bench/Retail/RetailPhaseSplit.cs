using System.Diagnostics;
using System.Globalization;
using Allot.Retail.Allocation;
using Allot.Retail.Configuration;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;
using Allot.Retail.Reports;

namespace Allot.Bench.Retail;

/// <summary>
/// <c>macro retail-phases INPUT_DIR [--repeat 2] [--threads 1] [--method seed]</c>: Step 32's phases one by one in one
/// process (read, allocate, pick list, reconciliation, heatmap, spot check, SHA-256 of the pick list), CPU and wall
/// per phase, repeated so that the first (cold, JIT) and later (warm) passes can be told apart. For profiling only:
/// the end-to-end figures come from <c>macro retail</c>. <c>--alloc-types 1</c> also prints, per phase, the types the
/// runtime sampled as allocated (one sample per ~100 KB, so a type's count × 100 KB estimates its bytes).
/// </summary>
public static class RetailPhaseSplit
{
    public static int Run(string[] args)
    {
        var input = args[0];
        var opts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            opts[args[i]] = args[i + 1];
        }

        var repeat = int.Parse(opts.GetValueOrDefault("--repeat", "2"), CultureInfo.InvariantCulture);
        var options = new RunOptions
        {
            Threads = int.Parse(opts.GetValueOrDefault("--threads", "1"), CultureInfo.InvariantCulture),
            Method = RunOptions.ParseMethod(opts.GetValueOrDefault("--method", "seed")) ?? AllocationMethod.Seed,
        };
        using var sampler = opts.GetValueOrDefault("--alloc-types") == "1" ? new AllocationSampler() : null;
        var outDir = Path.Combine(Path.GetTempPath(), "allot-retail-phases-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outDir);
        try
        {
            for (var r = 0; r < repeat; r++)
            {
                var line = new List<string>();
                var process = Process.GetCurrentProcess();
                var wall = Stopwatch.StartNew();
                var cpu = process.TotalProcessorTime;
                var bytes = GC.GetTotalAllocatedBytes();
                void Phase(string name)
                {
                    process.Refresh();
                    var now = process.TotalProcessorTime;
                    var allocated = GC.GetTotalAllocatedBytes();
                    line.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {(now - cpu).TotalSeconds:F2}/{wall.Elapsed.TotalSeconds:F2} ({(allocated - bytes) / 1e6:F0} MB)"));
                    cpu = now;
                    bytes = allocated;
                    if (sampler is not null)
                    {
                        Console.WriteLine($"  {name}: {sampler.Drain()}");
                    }

                    wall.Restart();
                }

                var budget = long.Parse(opts.GetValueOrDefault("--no-gc-mb", "0"), CultureInfo.InvariantCulture) << 20;
                var noGc = budget > 0 && GC.TryStartNoGCRegion(budget);

                // Starting the region collects the previous pass's garbage: not part of reading, so the clocks start here.
                process.Refresh();
                cpu = process.TotalProcessorTime;
                bytes = GC.GetTotalAllocatedBytes();
                wall.Restart();
                var inputs = RetailInputs.Load(TargetPeriod.Parse("202509", "A"), new InputPaths { InputDir = input });
                Phase("read");
                var plan = StoreAllocator.Run(inputs, new AllocationParameters(), options);
                Phase("allocate");
                var pick = Path.Combine(outDir, "pick.csv");
                using (var s = File.Create(pick))
                {
                    PickListWriter.Write(plan, s);
                }

                Phase("pick_list");
                using (var s = File.Create(Path.Combine(outDir, "recon.json")))
                {
                    ReconciliationWriter.Write(plan, s);
                }

                Phase("reconciliation");
                var svg = HeatmapSvg.Render(ClusterCategoryHeatmap.From(plan));
                Phase("heatmap");
                _ = SpotCheckReport.Render(plan, svg, DateTimeOffset.UnixEpoch);
                Phase("spot_check");
                _ = Allot.Data.Publishing.DeterminismReceipt.FileSha256Hex(pick);
                Phase("sha256");
                if (noGc && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
                {
                    GC.EndNoGCRegion();
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pass {r + 1} (CPU/wall s, allocated): {string.Join(", ", line)}; GCs so far gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}, pause {GC.GetTotalPauseDuration().TotalSeconds:F2}s, allocated {GC.GetTotalAllocatedBytes() / 1e9:F2} GB; JIT so far {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:F2}s"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}

/// <summary>Counts the runtime's allocation samples (GCAllocationTick, about one per 100 KB) by type name.</summary>
internal sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);

    public string Drain()
    {
        lock (counts)
        {
            var top = string.Join(", ", counts.OrderByDescending(c => c.Value).Take(12).Select(c => $"{c.Key} {c.Value}"));
            counts.Clear();
            return top;
        }
    }

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true)
        {
            var i = eventData.PayloadNames?.IndexOf("TypeName") ?? -1;
            var type = i >= 0 ? eventData.Payload?[i] as string ?? "?" : "?";
            lock (counts)
            {
                counts[type] = counts.GetValueOrDefault(type) + 1;
            }
        }
    }
}
