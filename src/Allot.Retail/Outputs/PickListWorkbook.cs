using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
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
/// A sheet holds at most <see cref="ExcelMaxLines"/> lines under its header (Excel's limit is 1,048,576 rows); a longer
/// pick list continues on <c>pick_list_2</c>, <c>pick_list_3</c>, … each with the header, so no line is dropped.
/// <para>
/// The package's parts (content types, relationships, workbook, sheet list) come from the OpenXML SDK; the worksheets'
/// rows are written by this class as a stream of XML straight into the zip, compressed once, so memory does not grow
/// with the pick list (the SDK's document model held 7.9 GB and took 46 s for 441,258 lines; its streaming writer
/// 1.8 GB and 14 s, half of it in the SDK's per-element bookkeeping and a second compression).
/// </para>
/// Same inputs, same bytes, like every other output: the package's relationship ids are fixed (the SDK draws random
/// ones) and the zip entries carry <see cref="EntryTime"/>, not the clock.
/// </summary>
internal static class PickListWorkbook
{
    /// <summary>Pick-list lines per sheet: Excel's 1,048,576 rows less the header.</summary>
    public const int ExcelMaxLines = 1_048_575;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The file name for a period.</summary>
    public static string FileName(string period) => Path.ChangeExtension(RetailDatasets.Path(RetailDatasets.PickList, period), ".xlsx");

    /// <summary>The per-store totals sheet's columns.</summary>
    public static IReadOnlyList<string> StoreTotalsColumns { get; } = ["store_code", "store_name", "cluster_id", "units", "lines", "categories"];

    /// <summary>The time every zip entry carries (the zip format's own epoch), so that the bytes do not depend on the clock.</summary>
    public static DateTimeOffset EntryTime { get; } = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The name of pick-list sheet <paramref name="n"/> (1-based).</summary>
    public static string PickListSheet(int n) => n == 1 ? "pick_list" : string.Create(CultureInfo.InvariantCulture, $"pick_list_{n}");

    /// <summary>Writes the workbook; returns the number of pick-list lines.</summary>
    public static long Write(AllocationPlan plan, Stream destination) => Write(plan, destination, ExcelMaxLines);

    /// <summary>As <see cref="Write(AllocationPlan, Stream)"/> with <paramref name="maxLinesPerSheet"/> lines per pick-list sheet (tests use small ones).</summary>
    internal static long Write(AllocationPlan plan, Stream destination, int maxLinesPerSheet)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLinesPerSheet, 1);
        var (lines, totals) = Tally(plan);
        var pickSheets = (int)Math.Max(1, (lines + maxLinesPerSheet - 1) / maxLinesPerSheet);

        // The skeleton (every part but the rows) is built by the SDK in memory, then copied entry by entry into the
        // destination with the fixed time; each worksheet's entry gets its rows on the way.
        using var skeleton = new MemoryStream();
        var sheetEntries = BuildSkeleton(skeleton, pickSheets);
        skeleton.Position = 0;
        using (var built = new ZipArchive(skeleton, ZipArchiveMode.Read, leaveOpen: true))
        using (var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true))
        using (var pickLines = PickListWriter.Lines(plan).GetEnumerator())
        {
            // One pass over the lines: the pick-list sheets' entries come in sheet order, each taking the next lines.
            var nextPickSheet = 0;
            foreach (var part in built.Entries)
            {
                var copy = zip.CreateEntry(part.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = EntryTime;
                using var to = copy.Open();
                var sheet = sheetEntries.IndexOf(part.FullName);
                if (sheet < 0)
                {
                    using var from = part.Open();
                    from.CopyTo(to);
                    continue;
                }

                using var xml = new SheetXml(to);
                if (sheet < pickSheets)
                {
                    if (sheet != nextPickSheet++)
                    {
                        throw new InvalidOperationException($"workbook part {part.FullName} is out of sheet order");
                    }

                    xml.Row(PickListWriter.Columns);
                    for (var n = 0; n < maxLinesPerSheet && pickLines.MoveNext(); n++)
                    {
                        var (row, i) = pickLines.Current;
                        xml.Row(PickListWriter.Values(row, i));
                    }
                }
                else
                {
                    xml.Row(StoreTotalsColumns);
                    foreach (var (code, t) in totals)
                    {
                        xml.Row([code, t.Name, t.Cluster, t.Units, t.Lines, string.Join('、', t.Categories)]);
                    }
                }
            }
        }

        return lines;
    }

    /// <summary>
    /// Text as a cell's inline string: XML-escaped, and the characters XML cannot carry (controls other than tab and
    /// line feed, carriage return, lone surrogates, U+FFFE/U+FFFF) written the way Excel writes them, <c>_xHHHH_</c>;
    /// an underscore that would read as such an escape is itself escaped (<c>_x005F_</c>).
    /// </summary>
    internal static string XmlText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&':
                    sb.Append("&amp;");
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '_' when LooksEscaped(text, i):
                    sb.Append("_x005F_");
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if ((c < ' ' && c is not '\t' and not '\n') || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        sb.Append("_x").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('_');
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>True when <c>text[i..]</c> starts with <c>_xHHHH_</c> (H a hex digit), which a reader would decode.</summary>
    private static bool LooksEscaped(string text, int i) =>
        i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_' && !text.AsSpan(i + 2, 4).ContainsAnyExcept(HexDigits);

    /// <summary>Lines and per-store totals (units, lines, categories) of the pick list, by store code.</summary>
    private static (long Lines, SortedDictionary<string, (string Name, string Cluster, long Units, long Lines, SortedSet<string> Categories)> Totals) Tally(AllocationPlan plan)
    {
        var totals = new SortedDictionary<string, (string Name, string Cluster, long Units, long Lines, SortedSet<string> Categories)>(StringComparer.Ordinal);
        long lines = 0;
        foreach (var (row, i) in PickListWriter.Lines(plan))
        {
            lines++;
            var s = row.Stores[i];
            var t = totals.GetValueOrDefault(s.StoreCode, (s.StoreName, s.ClusterId, 0, 0, new SortedSet<string>(StringComparer.Ordinal)));
            t.Categories.Add(row.Row.Category);
            totals[s.StoreCode] = (t.Name, t.Cluster, t.Units + row.Quantities[i], t.Lines + 1, t.Categories);
        }

        return (lines, totals);
    }

    /// <summary>The package without rows; returns the worksheets' zip entry names in sheet order (pick-list sheets, then totals).</summary>
    private static List<string> BuildSkeleton(Stream destination, int pickSheets)
    {
        using var doc = SpreadsheetDocument.Create(destination, SpreadsheetDocumentType.Workbook);
        var book = doc.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rIdBook");
        book.Workbook = new Workbook();
        var sheets = book.Workbook.AppendChild(new Sheets());
        var entries = new List<string>();
        for (uint id = 1; id <= pickSheets + 1; id++)
        {
            var part = book.AddNewPart<WorksheetPart>(string.Create(CultureInfo.InvariantCulture, $"rIdSheet{id}"));
            part.Worksheet = new Worksheet(new SheetData());
            sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id, Name = id <= pickSheets ? PickListSheet((int)id) : "store_totals" });
            entries.Add(part.Uri.OriginalString.TrimStart('/'));
        }

        book.Workbook.Save();
        return entries;
    }

    /// <summary>A worksheet's XML, row by row, as UTF-8 into its zip entry.</summary>
    private sealed class SheetXml : IDisposable
    {
        private readonly StreamWriter writer;
        private readonly char[] number = new char[32];

        public SheetXml(Stream to)
        {
            writer = new StreamWriter(to, new UTF8Encoding(false), 1 << 16);
            writer.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        }

        public void Row(IEnumerable<object> values)
        {
            writer.Write("<row>");
            foreach (var v in values)
            {
                switch (v)
                {
                    case long n:
                        n.TryFormat(number, out var written, default, CultureInfo.InvariantCulture);
                        Number(written);
                        break;
                    case double d:
                        d.TryFormat(number, out written, "R", CultureInfo.InvariantCulture);
                        Number(written);
                        break;
                    default:
                        var text = v.ToString() ?? string.Empty;
                        var preserve = text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]));
                        writer.Write(preserve ? "<c t=\"inlineStr\"><is><t xml:space=\"preserve\">" : "<c t=\"inlineStr\"><is><t>");
                        writer.Write(NeedsEscape(text) ? XmlText(text) : text);
                        writer.Write("</t></is></c>");
                        break;
                }
            }

            writer.Write("</row>");
        }

        public void Dispose()
        {
            writer.Write("</sheetData></worksheet>");
            writer.Dispose();
        }

        private static bool NeedsEscape(string text)
        {
            foreach (var c in text)
            {
                if (c is '&' or '<' or '>' or '_' || c < ' ' || char.IsSurrogate(c) || c >= '\uFFFE')
                {
                    return true;
                }
            }

            return false;
        }

        private void Number(int length)
        {
            writer.Write("<c><v>");
            writer.Write(number, 0, length);
            writer.Write("</v></c>");
        }
    }
}
