using System.Text;
using Allot.Data.Publishing;
using Allot.Retail.Allocation;
using Allot.Retail.Errors;
using Allot.Retail.Inputs;
using Allot.Retail.Reports;

namespace Allot.Retail.Outputs;

/// <summary>
/// Runs Step 32 end to end: read, allocate, then publish the period's outputs and its manifest entries as one set
/// (<see cref="PublishTransaction"/>): a crash or a full disk leaves the old set or the new one, never a mix.
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

    /// <summary>
    /// Writes and publishes the outputs of <paramref name="plan"/> as one set through the data plane's publication
    /// transaction (<c>docs/publication.md</c>), locked on the output folder: the period's files are staged beside
    /// their targets and replace the old ones as a whole; the manifest is merged under the lock (so two periods
    /// written at once both land in it) and committed with them.
    /// </summary>
    public static RunSummary Publish(AllocationPlan plan, string outputDir, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var p = plan.Inputs.Period.Token;
        var outDir = Path.GetFullPath(outputDir);
        var createdOutDir = !Directory.Exists(outDir);
        Directory.CreateDirectory(outDir);

        // Every item is replaced as a whole, so the conflict code is never raised.
        using var tx = new PublishTransaction([outDir], RetailErrorCodes.BadManifest);
        try
        {
            var staged = new Dictionary<string, string>(StringComparer.Ordinal);
            string Stage(string name) => staged[name] = tx.StageFile(Path.Combine(outDir, name), PublishMode.Replace);
            var written = new List<(string Kind, string Name, long? Rows)>();
            written.Add(("pick_list", PickListWriter.FileName(p), WriteFile(Stage(PickListWriter.FileName(p)), s => PickListWriter.Write(plan, s))));
            WriteFile(Stage(ReconciliationWriter.FileName(p)), s => ReconciliationWriter.Write(plan, s, f => ReconciliationWriter.RecordedPath(outDir, f)));
            written.Add(("reconciliation", ReconciliationWriter.FileName(p), plan.Rows.Count));
            var svg = HeatmapSvg.Render(ClusterCategoryHeatmap.From(plan));
            File.WriteAllText(Stage(HeatmapSvg.FileName(p)), svg + "\n", new UTF8Encoding(false));
            written.Add(("heatmap", HeatmapSvg.FileName(p), null));
            File.WriteAllText(Stage(SpotCheckReport.FileName(p)), SpotCheckReport.Render(plan, svg, generatedAt), new UTF8Encoding(false));
            written.Add(("spot_check_report", SpotCheckReport.FileName(p), null));
            if (plan.Options.Xlsx)
            {
                written.Add(("pick_list_xlsx", PickListWorkbook.FileName(p), WriteFile(Stage(PickListWorkbook.FileName(p)), s => PickListWorkbook.Write(plan, s))));
            }

            if (plan.Options.MergeIntoStorePlugin)
            {
                written.Add(("store_plugin_merged", StorePluginMerger.FileName(p), WriteFile(Stage(StorePluginMerger.FileName(p)), s => StorePluginMerger.Write(plan, s))));
            }

            var entries = written
                .Select(w => new ManifestEntry(w.Kind, p, w.Name, DeterminismReceipt.FileSha256Hex(staged[w.Name]), w.Rows) { SizeBytes = new FileInfo(staged[w.Name]).Length })
                .ToList();
            PipelineManifest.Prepare(outDir, entries, generatedAt); // an unusable manifest fails here, before anything is locked
            var manifest = tx.StageFile(Path.Combine(outDir, PipelineManifest.FileName), PublishMode.Replace, late: true);
            tx.Commit(beforeJournal: _ => File.WriteAllBytes(manifest, PipelineManifest.Prepare(outDir, entries, generatedAt)));
            return new RunSummary(outDir, entries, ReconciliationTotals.From(plan));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var failure = tx.Failure(ex);
            RemoveIfOnlyMachinery(createdOutDir, outDir);
            throw failure;
        }
        catch
        {
            tx.Dispose();
            RemoveIfOnlyMachinery(createdOutDir, outDir);
            throw;
        }
    }

    /// <summary>A failed run removes the output folder it created, unless another run has put something in it meanwhile (a lock file means one is publishing there).</summary>
    private static void RemoveIfOnlyMachinery(bool createdOutDir, string outDir)
    {
        if (createdOutDir && Directory.Exists(outDir) && !Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static long WriteFile(string path, Func<Stream, long> write)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var rows = write(stream);
        stream.Flush();
        return rows;
    }

    private static long WriteFile(string path, Action<Stream> write) =>
        WriteFile(path, s =>
        {
            write(s);
            return 0L;
        });
}
