using Allot.Core.Errors;
using Allot.Retail.Errors;
using Allot.Retail.Inputs;
using Allot.Retail.Tests.Support;
using CsCheck;

namespace Allot.Retail.Tests.Inputs;

public class InputReadingTests
{
    private const string Row = "G1,\"[夏, 男, 前台, T恤, 休闲圆领T恤]\",T恤,休闲圆领T恤,夏,男,前台,{0},\"['01023', '01024']\",2,100,0.9\n";

    [Fact]
    public void Recommendations_BomAndNoBom_ReadIdentically()
    {
        using var t = new TempFolder();
        var text = SmallPlan.RecsHeader + string.Format(System.Globalization.CultureInfo.InvariantCulture, Row, "12");
        var withBom = GroupRecommendationReader.Read(t.File("bom.csv", text, bom: true));
        var without = GroupRecommendationReader.Read(t.File("nobom.csv", text, bom: false));
        Assert.Equal(withBom[0] with { StoreCodes = [] }, without[0] with { StoreCodes = [] });
        Assert.Equal(withBom[0].StoreCodes, without[0].StoreCodes);
        Assert.Equal("G1", withBom[0].StoreGroup);
        Assert.Equal(["01023", "01024"], withBom[0].StoreCodes);
        Assert.Equal("夏", withBom[0].CanonicalSeason);
        Assert.Equal(12, withBom[0].DeltaQty);
    }

    [Fact]
    public void Recommendations_DeltaQtyAliasAndIntegerValuedDecimal_Accepted()
    {
        using var t = new TempFolder();
        var text = SmallPlan.RecsHeader.Replace("ΔQty", "Delta_Qty", StringComparison.Ordinal).Replace("Target_Style_Tags", "lookup_key", StringComparison.Ordinal)
            + string.Format(System.Globalization.CultureInfo.InvariantCulture, Row, "12.0");
        var rows = GroupRecommendationReader.Read(t.File("r.csv", text));
        Assert.Equal(12, rows[0].DeltaQty);
        Assert.Equal("[夏, 男, 前台, T恤, 休闲圆领T恤]", rows[0].StyleTags);
    }

    [Fact]
    public void Recommendations_FractionalDelta_ErrorNamesFileAndRow()
    {
        using var t = new TempFolder();
        var text = SmallPlan.RecsHeader + string.Format(System.Globalization.CultureInfo.InvariantCulture, Row, "3") + string.Format(System.Globalization.CultureInfo.InvariantCulture, Row, "12.5");
        var path = t.File("r.csv", text);
        var error = Expect.Error(() => GroupRecommendationReader.Read(path));
        Assert.Equal(RetailErrorCodes.FractionalDelta, error.Code);
        Assert.Equal(ErrorClass.Input, error.Class);
        Assert.Equal(path, error.File);
        Assert.Equal(2, error.Row);
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("-2305843009213693952")]
    [InlineData("1e20")]
    public void Recommendations_DeltaOutOfRange_NamesTheRange(string delta)
    {
        using var t = new TempFolder();
        var path = t.File("r.csv", SmallPlan.RecsHeader + string.Format(System.Globalization.CultureInfo.InvariantCulture, Row, delta));
        var error = Expect.Error(() => GroupRecommendationReader.Read(path));
        Assert.Equal(RetailErrorCodes.BadNumber, error.Code);
        Assert.Equal(1, error.Row);
        Assert.Contains("at most ±2305843009213693951 units", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recommendations_DeltaAtTheRangeLimit_IsRead()
    {
        using var t = new TempFolder();
        var rows = GroupRecommendationReader.Read(t.File("r.csv", SmallPlan.RecsHeader + string.Format(System.Globalization.CultureInfo.InvariantCulture, Row, "2305843009213693951")));
        Assert.Equal(long.MaxValue / 4, rows[0].DeltaQty);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2.5")]
    [InlineData("six")]
    public void Recommendations_PackSizeNotAWholeNumberAtLeastOne_IsBadNumberNamingTheRow(string pack)
    {
        using var t = new TempFolder();
        var path = t.File("r.csv", "Store_Group_Name,Target_Style_Tags,Category,Subcategory,Season,Gender,Location,ΔQty,Store_Codes_In_Group,Store_Count_In_Group,Pack_Size\nG1,[夏],T恤,POLO衫,夏,男,前台,5,b01,1," + pack + "\n");
        var error = Expect.Error(() => GroupRecommendationReader.Read(path));
        Assert.Equal(RetailErrorCodes.BadNumber, error.Code);
        Assert.Equal(1, error.Row);
        Assert.Contains("Pack_Size", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    public void Recommendations_NonNumericOrMissingDelta_IsBadNumber(string delta)
    {
        using var t = new TempFolder();
        var path = t.File("r.csv", SmallPlan.RecsHeader + string.Format(System.Globalization.CultureInfo.InvariantCulture, Row, delta));
        var error = Expect.Error(() => GroupRecommendationReader.Read(path));
        Assert.Equal(RetailErrorCodes.BadNumber, error.Code);
        Assert.Equal(1, error.Row);
    }

    [Fact]
    public void Recommendations_MissingRequiredColumn_ErrorNamesColumnAndFile()
    {
        using var t = new TempFolder();
        var path = t.File("r.csv", "Store_Group_Name,Category\nG1,T恤\n");
        var error = Expect.Error(() => GroupRecommendationReader.Read(path));
        Assert.Equal(RetailErrorCodes.MissingColumn, error.Code);
        Assert.Equal(path, error.File);
        Assert.Contains("Target_Style_Tags", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreSales_SavedWithSemicolons_MissingColumnSaysTheFileLooksSemicolonSeparated()
    {
        // Excel where the decimal separator is a comma saves "CSV" with ';': the header reads as one column.
        using var t = new TempFolder();
        var path = t.File("complete_category_sales_202409A.csv", SmallPlan.SalesHeader.Replace(',', ';') + "b01;T恤;POLO衫;50\n");
        var error = Expect.Error(() => StoreSalesReader.Read(path));
        Assert.Equal(RetailErrorCodes.MissingColumn, error.Code);
        Assert.Contains("the file looks ';'-separated, and tables here are comma-separated CSV", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnreadableFile_IsFileUnreadable()
    {
        using var t = new TempFolder();
        var missing = t.Sub("nope.csv");
        var error = Expect.Error(() => StoreMetaReader.Read(missing));
        Assert.Equal(RetailErrorCodes.FileUnreadable, error.Code);
        Assert.Equal(missing, error.File);
    }

    [Fact]
    public void Meta_NegativeUtilization_ErrorNamesRowAndStore()
    {
        using var t = new TempFolder();
        var path = t.File("m.csv", SmallPlan.MetaHeader + "01001,A,Fashion,0.5,\n01002,B,Basic,-0.2,\n");
        var error = Expect.Error(() => StoreMetaReader.Read(path));
        Assert.Equal(RetailErrorCodes.NegativeUtilization, error.Code);
        Assert.Equal(2, error.Row);
        Assert.Equal("01002", error.Key);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Load_SeveralBadFiles_ReportsTheFirstInReadingOrder_AtAnyThreadCount(int threads)
    {
        // With threads > 1 the store files are read beside the recommendations; the error must still be the one a
        // sequential read meets first (recommendations before meta), and with only meta bad, meta's.
        using var plan = new SmallPlan
        {
            Recs = SmallPlan.RecsHeader + string.Format(System.Globalization.CultureInfo.InvariantCulture, Row, "abc"),
            Meta = SmallPlan.MetaHeader + "01023,A,Fashion,-0.2,\n",
        };
        var both = Expect.Error(() => RetailInputs.Load(SmallPlan.Period, plan.Paths(), threads));
        Assert.Equal(RetailErrorCodes.BadNumber, both.Code);
        plan.Recs = SmallPlan.RecsHeader + string.Format(System.Globalization.CultureInfo.InvariantCulture, Row, "5");
        var metaOnly = Expect.Error(() => RetailInputs.Load(SmallPlan.Period, plan.Paths(), threads));
        Assert.Equal(RetailErrorCodes.NegativeUtilization, metaOnly.Code);
    }

    /// <summary>Issue #10 case 12: a store listed twice (here with different values) is an error naming both rows.</summary>
    [Fact]
    public void Meta_StoreListedTwice_ErrorNamesBothRows()
    {
        using var t = new TempFolder();
        var path = t.File("m.csv", SmallPlan.MetaHeader + "01001,A,Fashion,0.5,\n01002,B,Basic,0.2,\n01001,A,Fashion,0.9,\n");
        var error = Expect.Error(() => StoreMetaReader.Read(path));
        Assert.Equal(RetailErrorCodes.DuplicateKey, error.Code);
        Assert.Equal(3, error.Row);
        Assert.Equal("01001", error.Key);
        Assert.Contains("rows 1 and 3", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Thirteenth session: a store listed twice in the store tags or clusters file with different climates or cluster
    /// ids was read as its first row, so the weights and the pick list's <c>cluster_id</c> depended on the order of
    /// the file's rows. Conflicting rows are an error naming both; a repeated identical row changes nothing.
    /// </summary>
    [Fact]
    public void Tags_And_Clusters_StoreListedTwiceWithOtherValues_ErrorNamesBothRows_IdenticalRepeatIsAccepted()
    {
        using var t = new TempFolder();
        var climate = t.File("t1.csv", SmallPlan.TagsHeader + "01001,Hot,1\n01002,Cool,2\n01001,Cold,1\n");
        var error = Expect.Error(() => StoreTagsReader.Read(climate));
        Assert.Equal(RetailErrorCodes.DuplicateKey, error.Code);
        Assert.Equal(climate, error.File);
        Assert.Equal(3, error.Row);
        Assert.Equal("01001", error.Key);
        Assert.Contains("rows 1 and 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hot", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cold", error.Message, StringComparison.Ordinal);

        var cluster = t.File("t2.csv", SmallPlan.TagsHeader + "01001,Hot,1\n01001,Hot,7\n");
        Assert.Equal(RetailErrorCodes.DuplicateKey, Expect.Error(() => StoreTagsReader.Read(cluster)).Code);

        var clusters = t.File("c.csv", "str_code,cluster_id\n01001,3\n01002,3\n01001,4\n");
        var clusterError = Expect.Error(() => StoreTagsReader.ReadClusters(clusters));
        Assert.Equal(RetailErrorCodes.DuplicateKey, clusterError.Code);
        Assert.Equal(3, clusterError.Row);
        Assert.Equal("01001", clusterError.Key);
        Assert.Contains("rows 1 and 3", clusterError.Message, StringComparison.Ordinal);

        // The same store twice with the same values (a concatenated export), "Hot Climate" being Hot: no conflict.
        var same = StoreTagsReader.Read(t.File("t3.csv", SmallPlan.TagsHeader + "01001,Hot,1\n01001,Hot Climate,1\n"));
        Assert.Equal("Hot", same["01001"].Climate);
        Assert.Equal("1", same["01001"].ClusterId);
        Assert.Equal("3", StoreTagsReader.ReadClusters(t.File("c2.csv", "str_code,cluster_id\n01001,3\n01001,3\n01001,\n"))["01001"]);
    }

    /// <summary>
    /// Thirteenth session: a store file whose header named <c>Capacity_Utilization</c> twice (or once more as
    /// <c>capacity_utilization</c>, since names match case-insensitively) was read from the first such column and the
    /// other was ignored without a word; the data plane's table reader refuses a repeated column. A column the run reads
    /// that appears twice is an error naming the file and both positions; a repeated column it does not read is not.
    /// </summary>
    [Theory]
    [InlineData("Capacity_Utilization")]
    [InlineData("capacity_utilization")]
    public void AColumnTheRunReads_NamedTwiceInTheHeader_IsAnErrorNamingItAndBothPositions(string again)
    {
        using var t = new TempFolder();
        var path = t.File("m.csv", $"Store_Code,Store_Name,Store_Type,Capacity_Utilization,{again}\n01001,A,Fashion,0.5,0.95\n");
        var error = Expect.Error(() => StoreMetaReader.Read(path));
        Assert.Equal(RetailErrorCodes.DuplicateKey, error.Code);
        Assert.Equal(path, error.File);
        Assert.Equal("Capacity_Utilization", error.Key);
        Assert.Contains("columns 4 and 5", error.Message, StringComparison.Ordinal);

        var unread = StoreMetaReader.Read(t.File("n.csv", "Store_Code,Store_Type,Capacity_Utilization,note,note\n01001,Fashion,0.5,a,b\n"));
        Assert.Equal(0.5m, unread["01001"].CapacityUtilization);
    }

    [Fact]
    public void Meta_StoreCodesStayStrings_MissingValuesAreNull()
    {
        using var t = new TempFolder();
        var meta = StoreMetaReader.Read(t.File("m.csv", SmallPlan.MetaHeader + "01023,店铺,Fashion,NaN,nan\n1023,店铺2,,,0\n", bom: true));
        Assert.True(meta.ContainsKey("01023"));
        Assert.True(meta.ContainsKey("1023"));
        Assert.Null(meta["01023"].CapacityUtilization);
        Assert.Null(meta["01023"].RackCapacity);
        Assert.Null(meta["1023"].RackCapacity);
        Assert.Equal(string.Empty, meta["1023"].StoreType);
    }

    [Fact]
    public void Sales_RowsForOneKeyAreSummed_EstimatedQuantityFallback()
    {
        using var t = new TempFolder();
        var sales = StoreSalesReader.Read(t.File("s.csv", "str_code,cate_name,sub_cate_name,sal_amt,estimated_quantity\n01001,T恤,POLO衫,10.5,1\n01001,T恤,POLO衫,4.5,1\n01001,T恤,短袖,,7\n"));
        Assert.Equal(15m, sales.Subcategory("01001", "POLO衫"));
        Assert.Equal(7m, sales.Subcategory("01001", "短袖"));
        Assert.Equal(22m, sales.Category("01001", "T恤"));
        Assert.Equal(0m, sales.Subcategory("09999", "POLO衫"));
    }

    [Theory]
    [InlineData("01001, 01002", new[] { "01001", "01002" }, 0)]
    [InlineData("['01001', '01002']", new[] { "01001", "01002" }, 0)]
    [InlineData("\"[01001;01002]\"", new[] { "01001", "01002" }, 0)]
    [InlineData("[01001, 01002, 01001 ]", new[] { "01001", "01002" }, 1)]
    [InlineData("S01001 ; S01002", new[] { "S01001", "S01002" }, 0)]
    [InlineData("[]", new string[0], 0)]
    public void StoreList_Notations_ParseToStringCodes(string cell, string[] expected, int duplicates)
    {
        var (codes, dup) = StoreListParser.Parse(cell);
        Assert.Equal(expected, codes);
        Assert.Equal(duplicates, dup);
    }

    [Fact]
    public void StoreList_SpanParser_MatchesSplitAndTrim_AndPoolsCodes()
    {
        // The span parser (issue #11 speed work) must split exactly as String.Split + Trim did.
        static (string[], int) Reference(string cell)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var codes = new List<string>();
            var duplicates = 0;
            foreach (var part in cell.Split([',', ';', '|', ' ', '\t', '，', '；'], StringSplitOptions.RemoveEmptyEntries))
            {
                var code = part.Trim(['[', ']', '(', ')', '{', '}', '\'', '"', ' ', '\t']);
                if (code.Length == 0)
                {
                    continue;
                }

                if (seen.Add(code))
                {
                    codes.Add(code);
                }
                else
                {
                    duplicates++;
                }
            }

            return (codes.ToArray(), duplicates);
        }

        Gen.String[Gen.Char["01S ,;|\t，；[](){}'\"x"], 0, 40].Sample(cell =>
        {
            var (expected, expectedDuplicates) = Reference(cell);
            var (codes, duplicates) = StoreListParser.Parse(cell, new StoreCodePool());
            Assert.Equal(expected, codes);
            Assert.Equal(expectedDuplicates, duplicates);
        });

        // One pool across a file's cells (as the reader uses it): a code met in an earlier cell is not a duplicate in
        // a later one. Few distinct characters, so cells share codes.
        Gen.String[Gen.Char["01 ;，'["], 0, 24].Array[1, 12].Sample(cells =>
        {
            var shared = new StoreCodePool();
            foreach (var cell in cells)
            {
                var (expected, expectedDuplicates) = Reference(cell);
                var (codes, duplicates) = StoreListParser.Parse(cell, shared);
                Assert.Equal(expected, codes);
                Assert.Equal(expectedDuplicates, duplicates);
            }
        });
        var pool = new StoreCodePool();
        var (a, _) = StoreListParser.Parse("01001;01002", pool);
        var (b, _) = StoreListParser.Parse("['01002', '01001']", pool);
        Assert.Same(a[0], b[1]);
    }

    [Theory]
    [InlineData("夏", "夏")]
    [InlineData("Summer", "夏")]
    [InlineData("autumn", "秋")]
    [InlineData("Fall", "秋")]
    [InlineData("冬季", "冬")]
    [InlineData("All Season", "四季")]
    [InlineData("四季", "四季")]
    [InlineData("monsoon", null)]
    public void Season_ChineseAndEnglish_Normalise(string raw, string? expected) => Assert.Equal(expected, SeasonNames.Normalize(raw));

    [Theory]
    [InlineData("Hot", "Hot")]
    [InlineData("Hot Climate", "Hot")]
    [InlineData("moderate climate", "Moderate")]
    [InlineData("Cold", "Cold")]
    [InlineData("", null)]
    public void Climate_SuffixedLabels_Normalise(string raw, string? expected) => Assert.Equal(expected, ClimateLabels.Normalize(raw));

    [Fact]
    public void Locator_PrefersEnrichedThenAddsOnly_AndYearAgoSalesThenCombinedQuarter()
    {
        using var t = new TempFolder();
        var period = Allot.Retail.Configuration.TargetPeriod.Parse("202509", "A");
        var addsOnly = t.File("output/enhanced_fast_fish_format_202509A.csv", "x");
        Assert.Equal(addsOnly, InputLocator.GroupRecommendations(t.Path, period));
        var enriched = t.File("output/fast_fish_with_trends_business_enriched_202509A.csv", "x");
        Assert.Equal(enriched, InputLocator.GroupRecommendations(t.Path, period));

        var quarter = t.File("data/api_data/complete_category_sales_2025Q2_combined.csv", "x");
        Assert.Equal(new LocatedInput(quarter, "newest quarter complete_category_sales_*Q*_combined.csv; no complete_category_sales_202409A.csv (the same half-month a year earlier)"), InputLocator.LocateStoreSales(t.Path, period));
        var yearAgo = t.File("data/api_data/complete_category_sales_202409A.csv", "x");
        Assert.Equal(new LocatedInput(yearAgo, "the same half-month a year earlier"), InputLocator.LocateStoreSales(t.Path, period));

        var meta = t.File("output/store_level_plugin_output.csv", "x");
        Assert.Equal(new LocatedInput(meta, "newest store_level_plugin_output.csv; no store_level_plugin_output_202509A.csv"), InputLocator.LocateStoreMeta(t.Path, period));
        var metaForPeriod = t.File("output/store_level_plugin_output_202509A.csv", "x");
        Assert.Equal(new LocatedInput(metaForPeriod, "newest store_level_plugin_output_202509A.csv"), InputLocator.LocateStoreMeta(t.Path, period));
    }

    [Fact]
    public void Locator_NothingFound_IsNoInputFile()
    {
        using var t = new TempFolder();
        var error = Expect.Error(() => InputLocator.StoreTags(t.Path, Allot.Retail.Configuration.TargetPeriod.Parse("202509", "B")));
        Assert.Equal(RetailErrorCodes.NoInputFile, error.Code);
        Assert.Contains("--store-tags-file", error.Message, StringComparison.Ordinal);
    }
}
