using System.Text;
using Allot.Retail.Inputs;
using Allot.Retail.Tests.Support;

namespace Allot.Retail.Tests.Inputs;

/// <summary>
/// Store codes that match no store meta row are named in the run summary, and leading zeros lost to a spreadsheet
/// are named as the likely cause (found by hand: a meta file re-saved without them ran the whole period without
/// capacity data, 2,846 units instead of 2,758 on the sample, and the summary said nothing).
/// </summary>
public sealed class StoreCodeNotesTests
{
    [Fact]
    public void MetaSavedWithoutLeadingZeros_IsNamedWithTheLikelyCause()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var meta = Path.Combine(t.Sub("in"), "output", "store_level_plugin_output.csv");
        var lines = File.ReadAllLines(meta, Encoding.UTF8);
        File.WriteAllLines(meta, [lines[0], .. lines.Skip(1).Select(l => l.TrimStart('\uFEFF').TrimStart('0'))], new UTF8Encoding(true));

        var notes = FixtureRun.Allocate(t, 'A').Notes!;
        Assert.Equal(2, notes.Count);
        Assert.Matches(@"^\d+ store\(s\) have no row in store_level_plugin_output\.csv, so their capacity is unknown and they take the default cap: 0", notes[0]);
        Assert.Matches(@"^\d+ store\(s\) of the recommendations match a code in store_level_plugin_output\.csv but for leading zeros \('0\d+' in the recommendations, '[1-9]\d*' there\): the file was probably saved by a spreadsheet", notes[1]);
    }

    [Theory]
    [InlineData("store_tags_202509A.csv", "str_code")]
    [InlineData("complete_category_sales_202409A.csv", "str_code")]
    public void TagsOrSalesSavedWithoutLeadingZeros_AreNamedToo(string file, string column)
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var path = Directory.EnumerateFiles(t.Sub("in"), file, SearchOption.AllDirectories).Single();
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        var at = Array.IndexOf(lines[0].TrimStart('\uFEFF').Split(','), column);
        Assert.True(at >= 0, lines[0]);
        File.WriteAllLines(path, [lines[0], .. lines.Skip(1).Select(l => string.Join(',', l.Split(',').Select((c, i) => i == at ? c.TrimStart('0') : c)))], new UTF8Encoding(true));

        var notes = FixtureRun.Allocate(t, 'A').Notes!;
        Assert.Contains(notes, n => n.Contains($"match a code in {file} but for leading zeros", StringComparison.Ordinal));
    }

    [Fact]
    public void UntouchedFixture_NotesAgreeWithTheReconciliation_AndBlameNoSpreadsheet()
    {
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var summary = FixtureRun.Allocate(t, 'A');
        using var reconciliation = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(t.Sub("out"), "allocation_reconciliation_202509A.json")));
        var withoutMeta = reconciliation.RootElement.GetProperty("totals").GetProperty("stores_without_meta_count").GetInt32();
        Assert.Equal(withoutMeta == 0 ? 0 : 1, summary.Notes!.Count);
        Assert.DoesNotContain(summary.Notes, n => n.Contains("leading zeros", StringComparison.Ordinal));
        if (withoutMeta > 0)
        {
            Assert.StartsWith($"{withoutMeta} store(s) have no row in store_level_plugin_output.csv", summary.Notes[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ListEntriesMatchingNothing_AreNamed_TheOnesThatMatchAreNot()
    {
        // Found by hand: an exclusion list naming a store that is in no group (a typo: the store meant still got its
        // units) and a pack size for a category no row has (the rows kept the default pack) ran without a word.
        using var t = new TempFolder();
        FixtureRun.Generate(t);
        var first = RetailInputs.Load(Allot.Retail.Configuration.TargetPeriod.Parse("202509", "A"), new InputPaths { InputDir = t.Sub("in") }).Recommendations[0];
        var (category, store) = (first.Category, first.StoreCodes[0]);
        var lists = Directory.CreateDirectory(t.Sub("lists")).FullName;
        var exclude = Path.Combine(lists, "exclude.csv");
        File.WriteAllText(exclude, $"store_code,period\n{store},\n99999,\nS77777,202509A\n88888,202509B\n");
        var include = Path.Combine(lists, "include.csv");
        File.WriteAllText(include, $"store_code\n{store}\n");
        var packs = Path.Combine(lists, "packs.csv");
        File.WriteAllText(packs, $"Category,Pack_Size\n{category},2\nNo such category,6\n");

        var notes = FixtureRun.Allocate(t, 'A', paths: p => p with { ExcludeStoresFile = exclude, IncludeStoresFile = include, PackSizesFile = packs }).Notes!;

        // 88888 is listed for the other period only: not a list entry of this run.
        Assert.Contains("2 store(s) of exclude.csv match no store of the period's recommendations and change nothing (a typo?): 99999, S77777", notes);
        Assert.Contains("1 category(ies) of packs.csv match no Category of the period's recommendations and change nothing (a typo?): No such category", notes);
        Assert.DoesNotContain(notes, n => n.Contains("include.csv", StringComparison.Ordinal));
    }
}
