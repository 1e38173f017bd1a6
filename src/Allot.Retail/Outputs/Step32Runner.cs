using System.Text;
using Allot.Data.Publishing;
using Allot.Retail.Allocation;
using Allot.Retail.Inputs;
using Allot.Retail.Reports;

namespace Allot.Retail.Outputs;

/// <summary>
/// Runs Step 32 end to end: read, allocate, write every output into a staging folder inside the output folder,
/// and only when all of them succeeded move them into place and register them in the pipeline manifest. On any
/// error the staging folder is removed, so nothing new is left behind.
/// </summary>
public static class Step32Runner
{
    /// <summary>Runs the request. <paramref name="clock"/> supplies the report's timestamp (the only run-dependent text).</summary>
    public static RunSummary Allocate(AllocateRequest request, Func<DateTimeOffset>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inputs = RetailInputs.Load(request.Period, request.Inputs);
        var plan = StoreAllocator.Run(inputs, request.Parameters, request.Options);
        return Publish(plan, request.OutputDir, (clock ?? (() => DateTimeOffset.UtcNow))());
    }

    /// <summary>Writes and publishes the outputs of <paramref name="plan"/>.</summary>
    public static RunSummary Publish(AllocationPlan plan, string outputDir, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var p = plan.Inputs.Period.Token;
        var outDir = Path.GetFullPath(outputDir);
        var createdOutDir = !Directory.Exists(outDir);
        Directory.CreateDirectory(outDir);
        var staging = Path.Combine(outDir, $"{PartitionPublisher.StagingPrefix}step32-{p}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var written = new List<(string Kind, string Name, long? Rows)>();
            written.Add(("pick_list", PickListWriter.FileName(p), WriteFile(staging, PickListWriter.FileName(p), s => PickListWriter.Write(plan, s))));
            WriteFile(staging, ReconciliationWriter.FileName(p), s => ReconciliationWriter.Write(plan, s));
            written.Add(("reconciliation", ReconciliationWriter.FileName(p), plan.Rows.Count));
            var svg = HeatmapSvg.Render(ClusterCategoryHeatmap.From(plan));
            File.WriteAllText(Path.Combine(staging, HeatmapSvg.FileName(p)), svg + "\n", new UTF8Encoding(false));
            written.Add(("heatmap", HeatmapSvg.FileName(p), null));
            File.WriteAllText(Path.Combine(staging, SpotCheckReport.FileName(p)), SpotCheckReport.Render(plan, svg, generatedAt), new UTF8Encoding(false));
            written.Add(("spot_check_report", SpotCheckReport.FileName(p), null));
            if (plan.Options.Xlsx)
            {
                written.Add(("pick_list_xlsx", PickListWorkbook.FileName(p), WriteFile(staging, PickListWorkbook.FileName(p), s => PickListWorkbook.Write(plan, s))));
            }

            if (plan.Options.MergeIntoStorePlugin)
            {
                written.Add(("store_plugin_merged", StorePluginMerger.FileName(p), WriteFile(staging, StorePluginMerger.FileName(p), s => StorePluginMerger.Write(plan, s))));
            }

            var entries = written
                .Select(w => new ManifestEntry(w.Kind, p, w.Name, DeterminismReceipt.FileSha256Hex(Path.Combine(staging, w.Name)), w.Rows) { SizeBytes = new FileInfo(Path.Combine(staging, w.Name)).Length })
                .ToList();
            var manifest = PipelineManifest.Prepare(outDir, entries, generatedAt);
            foreach (var w in written)
            {
                File.Move(Path.Combine(staging, w.Name), Path.Combine(outDir, w.Name), overwrite: true);
            }

            PartitionPublisher.WriteFileAtomically(Path.Combine(outDir, PipelineManifest.FileName), manifest);
            return new RunSummary(outDir, entries, ReconciliationTotals.From(plan));
        }
        catch
        {
            if (createdOutDir && Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }

            throw;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static long WriteFile(string folder, string name, Func<Stream, long> write)
    {
        using var stream = new FileStream(Path.Combine(folder, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var rows = write(stream);
        stream.Flush();
        return rows;
    }

    private static long WriteFile(string folder, string name, Action<Stream> write) =>
        WriteFile(folder, name, s =>
        {
            write(s);
            return 0L;
        });
}
