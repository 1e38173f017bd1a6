using System.Text;
using Allot.Data.Diagnostics;
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
        var inputs = RetailInputs.Load(request.Period, request.Inputs, request.Options.Threads);
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
        // No output of the period (written, or removed as an earlier run's) may be an input of the run: a store file
        // named like the merged output was overwritten, and would now be deleted. The manifest is read and merged on
        // purpose, so it is not among them.
        PublishTransaction.RequireDistinct(
            plan.Inputs.Files.Select(f => ($"the {f.Role} input", f.Path)),
            new[] { PickListWriter.FileName(p), ReconciliationWriter.FileName(p), HeatmapSvg.FileName(p), SpotCheckReport.FileName(p), PickListWorkbook.FileName(p), StorePluginMerger.FileName(p) }
                .Select(name => ($"--output-dir's {name}", Path.Combine(outDir, name))));
        var createdOutDir = !Directory.Exists(outDir);
        Folders.Create(outDir);

        // Every item is replaced as a whole, so the conflict code is never raised.
        using var tx = new PublishTransaction([outDir], RetailErrorCodes.BadManifest);
        try
        {
            // Each output is staged here, in a fixed order, then written by a job that returns its manifest entry.
            // With more than one thread the pick list (the big one) is written beside the other outputs; the
            // entries keep the staging order, so the bytes of every file and of the manifest do not depend on it.
            var jobs = new List<Func<ManifestEntry>>();
            void Put(string kind, string name, Func<Stream, long> write, bool countRows = true, bool seeks = false, bool hashBeside = false)
            {
                var path = tx.StageFile(Path.Combine(outDir, name), PublishMode.Replace);
                jobs.Add(() => seeks ? WritePackage(kind, name, path, write, countRows) : WriteHashed(kind, name, path, write, countRows, hashBeside));
            }

            ManifestEntry WriteHashed(string kind, string name, string path, Func<Stream, long> write, bool countRows, bool hashBeside = false)
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

                // Hashed while written: the manifest's digest and size need no second read of the file.
                using var hashed = new HashingWriteStream(file, background: hashBeside);
                var rows = write(hashed);
                hashed.Flush();
                return new ManifestEntry(kind, p, name, hashed.Sha256Hex(), countRows ? rows : null) { SizeBytes = hashed.Written };
            }

            ManifestEntry WritePackage(string kind, string name, string path, Func<Stream, long> write, bool countRows)
            {
                // A zip package (xlsx) seeks back into what it wrote: hashed from the file afterwards.
                long written;
                using (var package = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    written = write(package);
                    package.Flush();
                }

                return new ManifestEntry(kind, p, name, DeterminismReceipt.FileSha256Hex(path), countRows ? written : null) { SizeBytes = new FileInfo(path).Length };
            }

            static Func<Stream, long> Text(Func<string> text) => s =>
            {
                s.Write(new UTF8Encoding(false).GetBytes(text()));
                return 0;
            };

            string? svg = null;
            var parallel = plan.Options.Threads > 1;
            Put("pick_list", PickListWriter.FileName(p), s => PickListWriter.Write(plan, s), hashBeside: parallel);
            Put("reconciliation", ReconciliationWriter.FileName(p), s =>
            {
                ReconciliationWriter.Write(plan, s, f => ReconciliationWriter.RecordedPath(outDir, f));
                return plan.Rows.Count;
            });
            Put("heatmap", HeatmapSvg.FileName(p), Text(() => (svg = HeatmapSvg.Render(ClusterCategoryHeatmap.From(plan))) + "\n"), countRows: false);
            Put("spot_check_report", SpotCheckReport.FileName(p), Text(() => SpotCheckReport.Render(plan, svg!, generatedAt)), countRows: false);
            // The optional outputs: when this run does not write one, an earlier run's copy of the period (and its
            // manifest entry) is removed with the commit, since it would no longer match the pick list.
            var dropped = new List<ManifestEntry>();
            void Optional(bool wanted, string kind, string name, Func<Stream, long> write, bool seeks = false)
            {
                if (wanted)
                {
                    Put(kind, name, write, seeks: seeks);
                }
                else
                {
                    tx.StageRemoval(Path.Combine(outDir, name));
                    dropped.Add(new ManifestEntry(kind, p, name, string.Empty, null));
                }
            }

            Optional(plan.Options.Xlsx, "pick_list_xlsx", PickListWorkbook.FileName(p), s => PickListWorkbook.Write(plan, s), seeks: true);
            Optional(plan.Options.MergeIntoStorePlugin, "store_plugin_merged", StorePluginMerger.FileName(p), s => StorePluginMerger.Write(plan, s));

            var entries = new ManifestEntry[jobs.Count];
            var written = new ProgressCounter(plan.Options.Progress, "write", jobs.Count, "files");
            var pickList = parallel ? Task.Run(() => { entries[0] = jobs[0](); written.Add(1); }) : null;
            try
            {
                for (var j = pickList is null ? 0 : 1; j < jobs.Count; j++)
                {
                    entries[j] = jobs[j]();
                    written.Add(1);
                }
            }
            finally
            {
                // Never leave the pick list's writer running past this point (the transaction cleans up on failure).
                pickList?.ContinueWith(static _ => { }, TaskScheduler.Default).Wait();
            }

            pickList?.GetAwaiter().GetResult();
            written.Complete();
            PipelineManifest.Prepare(outDir, entries, generatedAt, dropped); // an unusable manifest fails here, before anything is locked
            var manifest = tx.StageFile(Path.Combine(outDir, PipelineManifest.FileName), PublishMode.Replace, late: true);
            var committed = tx.Commit(beforeJournal: _ => File.WriteAllBytes(manifest, PipelineManifest.Prepare(outDir, entries, generatedAt, dropped)));
            var notes = StoreCodeNotes.For(plan).Concat(committed
                .Where(c => c.Outcome == ItemOutcome.Removed)
                .Select(c => $"removed {c.Target} and its manifest entry: an earlier run of {p} wrote it, and this run, which did not ask for it, would leave it describing another allocation"))
                .ToList();
            return new RunSummary(outDir, entries, ReconciliationTotals.From(plan), plan.Inputs.Sources, notes);
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
}
