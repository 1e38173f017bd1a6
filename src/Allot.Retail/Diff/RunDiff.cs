using System.Globalization;
using Allot.Retail.Errors;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;

namespace Allot.Retail.Diff;

/// <summary>One recommendation row (by <c>source_row</c>) in two runs.</summary>
/// <param name="SourceRow">The row's 1-based data row in the recommendations file.</param>
/// <param name="Label">Group, category / subcategory (from whichever run has the row).</param>
/// <param name="UnitsA">Units allocated in run A.</param>
/// <param name="UnitsB">Units allocated in run B.</param>
/// <param name="StoresA">Stores receiving units in run A.</param>
/// <param name="StoresB">Stores receiving units in run B.</param>
/// <param name="LinesChanged">Stores of the row whose quantity differs.</param>
public sealed record RowChange(long SourceRow, string Label, long UnitsA, long UnitsB, int StoresA, int StoresB, int LinesChanged);

/// <summary>One store's units over all rows in two runs.</summary>
/// <param name="StoreCode">The store.</param>
/// <param name="StoreName">Its name (when known).</param>
/// <param name="UnitsA">Units in run A.</param>
/// <param name="UnitsB">Units in run B.</param>
public sealed record StoreChange(string StoreCode, string StoreName, long UnitsA, long UnitsB);

/// <summary>What changed between two pick lists (<c>allot retail diff RUN_A RUN_B</c>): per row, per store, totals.</summary>
/// <param name="PickListA">Run A's pick list.</param>
/// <param name="PickListB">Run B's pick list.</param>
/// <param name="Rows">Rows whose allocation differs, by source row.</param>
/// <param name="Stores">Stores whose units differ, by store code.</param>
/// <param name="Totals">Totals of both runs.</param>
public sealed record RunDiff(string PickListA, string PickListB, IReadOnlyList<RowChange> Rows, IReadOnlyList<StoreChange> Stores, DiffTotals Totals)
{
    /// <summary>
    /// Compares two runs. Each of <paramref name="runA"/> and <paramref name="runB"/> is a pick list CSV or an output
    /// folder; for a folder, <paramref name="period"/> picks the file (or, when null, the folder's only pick list).
    /// </summary>
    public static RunDiff Compare(string runA, string runB, string? period)
    {
        var a = PickListOf(runA, period);
        var b = PickListOf(runB, period);
        var linesA = Read(a);
        var linesB = Read(b);
        RequireSameRecommendations(a, linesA, b, linesB);
        var rows = new SortedDictionary<long, (string Label, long UnitsA, long UnitsB, int StoresA, int StoresB, int Changed)>();
        var stores = new SortedDictionary<string, (string Name, long UnitsA, long UnitsB)>(StringComparer.Ordinal);
        long linesChanged = 0;
        foreach (var key in linesA.Keys.Union(linesB.Keys))
        {
            var inA = linesA.TryGetValue(key, out var la);
            var inB = linesB.TryGetValue(key, out var lb);
            var qa = inA ? la.Units : 0;
            var qb = inB ? lb.Units : 0;
            var label = inA ? la.Label : lb.Label;
            var r = rows.GetValueOrDefault(key.SourceRow, (label, 0, 0, 0, 0, 0));
            rows[key.SourceRow] = (r.Label, r.UnitsA + qa, r.UnitsB + qb, r.StoresA + (qa != 0 ? 1 : 0), r.StoresB + (qb != 0 ? 1 : 0), r.Changed + (qa != qb ? 1 : 0));
            var s = stores.GetValueOrDefault(key.Store, (inA ? la.StoreName : lb.StoreName, 0, 0));
            stores[key.Store] = (s.Name, s.UnitsA + qa, s.UnitsB + qb);
            linesChanged += qa != qb ? 1 : 0;
        }

        var rowChanges = rows.Where(r => r.Value.Changed > 0)
            .Select(r => new RowChange(r.Key, r.Value.Label, r.Value.UnitsA, r.Value.UnitsB, r.Value.StoresA, r.Value.StoresB, r.Value.Changed))
            .ToList();
        var storeChanges = stores.Where(s => s.Value.UnitsA != s.Value.UnitsB)
            .Select(s => new StoreChange(s.Key, s.Value.Name, s.Value.UnitsA, s.Value.UnitsB))
            .ToList();
        var totals = new DiffTotals(
            linesA.Values.Sum(l => l.Units),
            linesB.Values.Sum(l => l.Units),
            linesA.Count,
            linesB.Count,
            linesChanged,
            rowChanges.Count,
            storeChanges.Count);
        return new RunDiff(a, b, rowChanges, storeChanges, totals);
    }

    /// <summary>A plain-text summary: totals, then the rows and stores with the largest changes (at most <paramref name="top"/> each).</summary>
    public string ToText(int top = 20)
    {
        var inv = CultureInfo.InvariantCulture;
        var w = new StringWriter(inv) { NewLine = "\n" };
        w.WriteLine($"A: {PickListA}");
        w.WriteLine($"B: {PickListB}");
        var t = Totals;
        w.WriteLine(string.Create(inv, $"units {t.UnitsA} -> {t.UnitsB} ({Signed(t.UnitsB - t.UnitsA)}); pick-list lines {t.LinesA} -> {t.LinesB}; {t.LinesChanged} line(s) changed in {t.RowsChanged} row(s); {t.StoresChanged} store(s) changed"));
        if (t.LinesChanged == 0)
        {
            w.WriteLine("identical allocations");
            return w.ToString();
        }

        w.WriteLine($"rows (largest changes first, {Math.Min(top, Rows.Count)} of {Rows.Count}):");
        foreach (var r in Rows.OrderByDescending(r => Math.Abs(r.UnitsB - r.UnitsA)).ThenByDescending(r => r.LinesChanged).ThenBy(r => r.SourceRow).Take(top))
        {
            w.WriteLine(string.Create(inv, $"  row {r.SourceRow} {r.Label}: units {r.UnitsA} -> {r.UnitsB} ({Signed(r.UnitsB - r.UnitsA)}), stores {r.StoresA} -> {r.StoresB}, {r.LinesChanged} store(s) changed"));
        }

        w.WriteLine($"stores (largest changes first, {Math.Min(top, Stores.Count)} of {Stores.Count}):");
        foreach (var s in Stores.OrderByDescending(s => Math.Abs(s.UnitsB - s.UnitsA)).ThenBy(s => s.StoreCode, StringComparer.Ordinal).Take(top))
        {
            w.WriteLine(string.Create(inv, $"  {s.StoreCode}{(s.StoreName.Length > 0 ? " " + s.StoreName : string.Empty)}: {s.UnitsA} -> {s.UnitsB} ({Signed(s.UnitsB - s.UnitsA)})"));
        }

        return w.ToString();
    }

    /// <summary>The pick list a run argument names.</summary>
    private static string PickListOf(string run, string? period)
    {
        if (File.Exists(run))
        {
            return run;
        }

        if (!Directory.Exists(run))
        {
            // Most often a mistyped folder: say so, rather than describing what the path is not.
            throw RetailErrorCodes.Input(RetailErrorCodes.FileUnreadable, Path.Exists(run)
                ? "the run to compare is neither a pick list nor an output folder"
                : "the run to compare does not exist; give a run's output folder (its --output-dir) or its pick list", run);
        }

        if (period is not null)
        {
            var file = Path.Combine(run, PickListWriter.FileName(period));
            return File.Exists(file) ? file : throw RetailErrorCodes.Input(RetailErrorCodes.FileUnreadable, $"no pick list for period {period} in the run folder", run);
        }

        var pattern = PickListWriter.FileName("PERIOD").Replace("PERIOD", "*", StringComparison.Ordinal);
        var found = Directory.GetFiles(run, pattern).Order(StringComparer.Ordinal).ToArray();
        return found.Length == 1 ? found[0]
            : throw RetailErrorCodes.Usage(RetailErrorCodes.BadParameter, $"'{run}' holds {found.Length} pick lists; give --target-yyyymm and --target-period", "--target-period");
    }

    /// <summary>
    /// Rows are matched by <c>source_row</c>, which only means the same recommendation when both runs read the same
    /// recommendations file (two parameter sets, or an edited ΔQty). A row present in both runs with another group,
    /// product or style tags means they did not (e.g. periods A and B): the diff would pair unrelated rows, so it is
    /// refused, naming the row.
    /// </summary>
    private static void RequireSameRecommendations(string a, Dictionary<(long SourceRow, string Store), (long Units, string Label, string StoreName, string Row)> linesA, string b, Dictionary<(long SourceRow, string Store), (long Units, string Label, string StoreName, string Row)> linesB)
    {
        var rowsB = new Dictionary<long, string>();
        foreach (var (key, line) in linesB)
        {
            rowsB.TryAdd(key.SourceRow, line.Row);
        }

        foreach (var (key, line) in linesA.OrderBy(l => l.Key.SourceRow))
        {
            if (rowsB.TryGetValue(key.SourceRow, out var other) && !string.Equals(other, line.Row, StringComparison.Ordinal))
            {
                throw RetailErrorCodes.Usage(
                    RetailErrorCodes.BadParameter,
                    string.Create(CultureInfo.InvariantCulture, $"source_row {key.SourceRow} is {line.Row} in {a} but {other} in {b}: the runs read different recommendation files (another period?), and diff matches rows by source_row; compare runs of the same recommendations (e.g. two parameter sets)"),
                    "RUN_B");
            }
        }
    }

    private static Dictionary<(long SourceRow, string Store), (long Units, string Label, string StoreName, string Row)> Read(string path)
    {
        using var csv = CsvSource.Open(path);
        int store = csv.Require("store_code"), name = csv.Optional("store_name"), qty = csv.Require("Delta_Qty_Store"), row = csv.Require("source_row");
        int group = csv.Optional("store_group"), category = csv.Optional("Category"), sub = csv.Optional("Subcategory"), tags = csv.Optional("Target_Style_Tags");
        var lines = new Dictionary<(long, string), (long, string, string, string)>();
        while (csv.Read())
        {
            if (!long.TryParse(csv.Get(qty), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var units)
                || !long.TryParse(csv.Get(row), NumberStyles.Integer, CultureInfo.InvariantCulture, out var source))
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.BadNumber, "Delta_Qty_Store or source_row is not an integer", path, csv.Row);
            }

            var key = (source, csv.Get(store));
            var prior = lines.GetValueOrDefault(key);
            var label = $"{csv.Get(group)} {csv.Get(category)}/{csv.Get(sub)}";
            lines[key] = (prior.Item1 + units, label, csv.Get(name), $"'{label} {csv.Get(tags)}'");
        }

        return lines;
    }

    private static string Signed(long v) => v.ToString("+#;-#;0", CultureInfo.InvariantCulture);
}

/// <summary>Totals of a <see cref="RunDiff"/>.</summary>
/// <param name="UnitsA">Units in run A.</param>
/// <param name="UnitsB">Units in run B.</param>
/// <param name="LinesA">Pick-list lines in run A.</param>
/// <param name="LinesB">Pick-list lines in run B.</param>
/// <param name="LinesChanged">(row, store) pairs whose quantity differs.</param>
/// <param name="RowsChanged">Rows with at least one changed line.</param>
/// <param name="StoresChanged">Stores whose total units differ.</param>
public sealed record DiffTotals(long UnitsA, long UnitsB, long LinesA, long LinesB, long LinesChanged, long RowsChanged, long StoresChanged);
