using Allot.Core.Errors;
using Allot.Data.Diagnostics;
using Allot.Data.Parquet;
using Allot.Data.Publishing;
using Allot.Segment1B.Allocation;

namespace Allot.Segment1B.Validation;

/// <summary>
/// <c>validate-s4</c>: recomputes the plan from S3 + S2 inputs and requires exact equality, streaming the
/// partition once. Checks, with their codes: schema (E405), sort (E406), primary key (E407), n_sites_tile ≥ 1
/// (E405), tile membership (E408), per-pair sums and feasible counts (E403), the tie rule (E404), then the run
/// report and its determinism receipt (E409/E410), then the S0 gate receipt (E_GATE_RECEIPT_MISSING/E410).
/// </summary>
public static partial class S4Validator
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^part-\d{5}\.parquet$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex PartName();

    /// <summary>
    /// Throws <see cref="PublishCodes.HalfPublished"/> when a commit journal in the data root names the partition or
    /// the run report of <paramref name="layout"/>. Also used by readers that do not validate (<c>allot report --no-validate</c>).
    /// </summary>
    public static void ThrowIfHalfPublished(Segment1BLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        PublishJournal.ThrowIfHalfPublished(layout.DataRoot, [layout.AllocPlan, layout.RunReport], $"allot gc --data-root {layout.DataRoot}");
    }

    /// <summary>Validates the partition and report of <paramref name="layout"/>; returns a summary or throws.</summary>
    /// <param name="layout">Resolved paths and tokens.</param>
    /// <param name="progress">Receives progress inside the phases (<c>load</c>: input files; <c>verify</c>: plan rows
    /// checked against the recomputed plan), or null.</param>
    public static S4ValidationReport Validate(Segment1BLayout layout, IProgress<Data.Diagnostics.PhaseProgress>? progress = null)
    {
        // A set whose commit was interrupted is reported as such, not as a wrong partition or a missing report.
        ThrowIfHalfPublished(layout);
        var inputs = S4InputLoader.Load(layout, Environment.ProcessorCount, progress);
        var plan = ParquetDataset.TryOpen(layout.AllocPlan);
        if (plan is null || !Directory.Exists(layout.AllocPlan))
        {
            throw new AllotException(new AllotError(S4Codes.Determinism, ErrorClass.Validation, "there is no s4_alloc_plan partition to validate; run S4 first.", File: layout.AllocPlan));
        }

        // The exact file list: only part-NNNNN.parquet files, numbered from 00000 without gaps. A stray file is
        // refused even when the report's receipt was recomputed to include it.
        var stray = DeterminismReceipt.FirstUnexpectedEntry(layout.AllocPlan, rel => PartName().IsMatch(rel));
        if (stray is not null)
        {
            throw Fail(S4Codes.Determinism, Path.Combine(layout.AllocPlan, stray), null, null, $"the partition holds '{stray}', which S4 never writes (only part-NNNNN.parquet files): a partition is published as a whole and never edited; remove the stray entry or re-run into a fresh data root.");
        }

        for (var i = 0; i < plan.Files.Count; i++)
        {
            var expected = $"part-{i:D5}.parquet";
            if (Path.GetFileName(plan.Files[i]) != expected)
            {
                throw Fail(S4Codes.Determinism, plan.Files[i], null, null, $"part files must be numbered from part-00000 without gaps; expected {expected} here.");
            }
        }

        long planRows = 0;
        foreach (var file in plan.Files)
        {
            PlanRowChecks.CheckSchema(file);
            using var pf = ParquetFile.Open(file, S4Codes.SchemaInvalid);
            planRows += pf.RowCount;
        }

        var verified = new ProgressCounter(progress, "verify", planRows, "plan rows");

        var walker = new PairWalker(inputs);
        ParquetColumnSpec[] cols =
        [
            new("merchant_id", ParquetColumnKind.Int64), new("legal_country_iso", ParquetColumnKind.String),
            new("tile_id", ParquetColumnKind.UInt64), new("n_sites_tile", ParquetColumnKind.Int64),
        ];
        long prevMerchant = long.MinValue;
        string? prevCountry = null;
        ulong prevTile = 0;
        foreach (var b in plan.ReadBatches(cols, S4Codes.SchemaInvalid))
        {
            var m = b.Int64("merchant_id");
            var c = b.String("legal_country_iso");
            var t = b.UInt64("tile_id");
            var n = b.Int64("n_sites_tile");
            for (var i = 0; i < b.RowCount; i++)
            {
                if (prevCountry is not null)
                {
                    var order = m[i].CompareTo(prevMerchant);
                    order = order != 0 ? order : string.CompareOrdinal(c[i], prevCountry);
                    order = order != 0 ? order : t[i].CompareTo(prevTile);
                    if (order == 0)
                    {
                        throw Fail(S4Codes.PkDuplicate, b.File, b.FirstRow + i, S4Keys.Pair(m[i], c[i]), $"tile_id {t[i]} appears twice for this pair.");
                    }

                    if (order < 0)
                    {
                        throw Fail(S4Codes.SortInvalid, b.File, b.FirstRow + i, S4Keys.Pair(m[i], c[i]), $"row (…, tile_id {t[i]}) comes after ({prevMerchant}, {prevCountry}, {prevTile}); the plan must be sorted by (merchant_id, legal_country_iso, tile_id).");
                    }
                }

                if (n[i] < 1)
                {
                    throw Fail(S4Codes.SchemaInvalid, b.File, b.FirstRow + i, S4Keys.Pair(m[i], c[i]), $"n_sites_tile {n[i]} must be ≥ 1 (zero allocations are not emitted).");
                }

                walker.Add(m[i], c[i], t[i], n[i], b.File, b.FirstRow + i);
                (prevMerchant, prevCountry, prevTile) = (m[i], c[i], t[i]);
            }

            verified.Add(b.RowCount);
        }

        var totals = walker.Finish(layout.AllocPlan);
        verified.Complete();
        var sha = DeterminismReceipt.ComputeSha256Hex(layout.AllocPlan);
        var legacy = ReportChecks.Check(layout, inputs, totals, sha);

        // S4 never runs without a valid S0 receipt, so a plan whose receipt is gone, unreadable, of another fingerprint
        // or of a flag the bundle no longer carries is not proven by its gate, however right its rows are. The original
        // engine's sample root ships without a receipt (the spec requires accepting it): a report in that format is
        // accepted without one, but a receipt that is there is checked all the same.
        if (!legacy || File.Exists(layout.GateReceipt))
        {
            Gate.ValidationBundleGate.RequireReceipt(layout, ErrorClass.Validation);
        }

        return new S4ValidationReport
        {
            PartitionPath = layout.AllocPlanRelative,
            Sha256Hex = sha,
            Rows = totals.RowsEmitted,
            Pairs = totals.PairsTotal,
            Merchants = totals.MerchantsTotal,
            ShortfallTotal = totals.ShortfallTotal,
            TiesBrokenTotal = totals.TiesBrokenTotal,
            ReportFormat = legacy ? "original-engine (merchant_summaries.pairs counts tiles)" : "allot",
        };
    }

    internal static AllotException Fail(string code, string file, long? row, IReadOnlyList<KeyValuePair<string, string>>? key, string message) =>
        ErrorCatalogue.FailAs(ErrorClass.Validation, code, message, new ErrorLocation(File: file, Row: row, KeyFields: key));
}
