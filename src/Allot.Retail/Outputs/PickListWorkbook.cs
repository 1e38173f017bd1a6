using System.Globalization;
using System.IO.Compression;
using Allot.Retail.Allocation;
using Allot.Retail.Configuration;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Allot.Retail.Outputs;

/// <summary>
/// The optional pick list workbook <c>store_level_recommendations_allocated_{P}.xlsx</c> (<c>--xlsx</c>): sheet
/// <c>pick_list</c> with the CSV's columns (quantities as numbers) and sheet <c>store_totals</c> with one line per store
/// (units, pick-list lines, categories), by store code. Text goes in as inline strings, so nothing is a formula.
/// Same inputs, same bytes, like every other output: the package's relationship ids are fixed (the SDK draws random
/// ones) and the zip entries carry <see cref="EntryTime"/>, not the clock.
/// </summary>
internal static class PickListWorkbook
{
    /// <summary>The file name for a period.</summary>
    public static string FileName(string period) => Path.ChangeExtension(RetailDatasets.Path(RetailDatasets.PickList, period), ".xlsx");

    /// <summary>The per-store totals sheet's columns.</summary>
    public static IReadOnlyList<string> StoreTotalsColumns { get; } = ["store_code", "store_name", "cluster_id", "units", "lines", "categories"];

    /// <summary>The time every zip entry carries (the zip format's own epoch), so that the bytes do not depend on the clock.</summary>
    public static DateTimeOffset EntryTime { get; } = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the workbook; returns the number of pick-list lines.</summary>
    public static long Write(AllocationPlan plan, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(destination);

        // The package writer needs a readable, seekable stream; build in memory, then copy entry by entry into the
        // destination with the fixed time (same order, same compression).
        using var buffer = new MemoryStream();
        var lines = Build(plan, buffer);
        buffer.Position = 0;
        using (var built = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true))
        using (var fixedTime = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var part in built.Entries)
            {
                var copy = fixedTime.CreateEntry(part.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = EntryTime;
                using var from = part.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return lines;
    }

    private static long Build(AllocationPlan plan, Stream destination)
    {
        using var doc = SpreadsheetDocument.Create(destination, SpreadsheetDocumentType.Workbook);
        var book = doc.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rIdBook");
        book.Workbook = new Workbook();
        var sheets = book.Workbook.AppendChild(new Sheets());

        var lines = PickListWriter.Lines(plan).ToList();
        var pick = new SheetData();
        pick.Append(Row(PickListWriter.Columns));
        var totals = new SortedDictionary<string, (string Name, string Cluster, long Units, long Lines, SortedSet<string> Categories)>(StringComparer.Ordinal);
        foreach (var (row, i) in lines)
        {
            pick.Append(Row(PickListWriter.Values(row, i)));
            var s = row.Stores[i];
            var t = totals.GetValueOrDefault(s.StoreCode, (s.StoreName, s.ClusterId, 0, 0, new SortedSet<string>(StringComparer.Ordinal)));
            t.Categories.Add(row.Row.Category);
            totals[s.StoreCode] = (t.Name, t.Cluster, t.Units + row.Quantities[i], t.Lines + 1, t.Categories);
        }

        var perStore = new SheetData();
        perStore.Append(Row(StoreTotalsColumns));
        foreach (var (code, t) in totals)
        {
            perStore.Append(Row([code, t.Name, t.Cluster, t.Units, t.Lines, string.Join('、', t.Categories)]));
        }

        AddSheet(book, sheets, 1, "pick_list", pick);
        AddSheet(book, sheets, 2, "store_totals", perStore);
        book.Workbook.Save();
        return lines.Count;
    }

    private static void AddSheet(WorkbookPart book, Sheets sheets, uint id, string name, SheetData data)
    {
        var part = book.AddNewPart<WorksheetPart>(string.Create(CultureInfo.InvariantCulture, $"rIdSheet{id}"));
        part.Worksheet = new Worksheet(data);
        sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id, Name = name });
    }

    private static Row Row(IEnumerable<object> values)
    {
        var row = new Row();
        foreach (var v in values)
        {
            row.Append(v switch
            {
                long n => new Cell { DataType = CellValues.Number, CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)) },
                double d => new Cell { DataType = CellValues.Number, CellValue = new CellValue(d.ToString("R", CultureInfo.InvariantCulture)) },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(v.ToString() ?? string.Empty)) },
            });
        }

        return row;
    }
}
