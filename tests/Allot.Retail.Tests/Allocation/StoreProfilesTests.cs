using Allot.Retail.Allocation;
using Allot.Retail.Tests.Support;

namespace Allot.Retail.Tests.Allocation;

public sealed class StoreProfilesTests
{
    [Fact]
    public void Join_OneProfilePerCode_RowsInListedOrder_RanksInOrdinalOrder_JoinedWithEveryFile()
    {
        // Codes repeat across rows and are listed out of order; "b10" sorts before "b2" (ordinal, not numeric).
        using var t = new SmallPlan
        {
            Recs = SmallPlan.RecsHeader
                + "G1,\"[a]\",T恤,POLO衫,夏,女,前台,10,\"b2, b10, a1\",3,,\n"
                + "G2,\"[a]\",T恤,POLO衫,夏,女,前台,10,\"a1;b2\",2,,\n"
                + "G3,\"[a]\",外套,夹克,冬,男,后台,5,zz,1,,\n",
            Meta = SmallPlan.MetaHeader + "b2,店二,Fashion,0.5,100\n",
            Tags = SmallPlan.TagsHeader + "b10,Hot,7\n",
            Sales = SmallPlan.SalesHeader + "a1,T恤,POLO衫,5\n",
        };
        var inputs = t.Load();
        var joined = StoreProfiles.Join(inputs);

        Assert.Equal(["a1", "b10", "b2", "zz"], joined.Codes);
        Assert.Equal(4, joined.ByCode.Count);
        for (var r = 0; r < inputs.Recommendations.Count; r++)
        {
            Assert.Equal(inputs.Recommendations[r].StoreCodes, joined.OfRow[r].Select(p => p.StoreCode));
        }

        // The same profile object wherever a code appears, ranked by its ordinal position.
        Assert.Same(joined.OfRow[0][2], joined.OfRow[1][0]);
        Assert.Same(joined.ByCode["b2"], joined.OfRow[1][1]);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => (ulong)i), joined.Codes.Select(c => joined.ByCode[c].OrdinalRank));

        Assert.True(joined.ByCode["b2"].HasMeta);
        Assert.Equal("店二", joined.ByCode["b2"].StoreName);
        Assert.Equal("7", joined.ByCode["b10"].ClusterId);
        Assert.True(joined.ByCode["a1"].HasSales);
        Assert.NotNull(joined.ByCode["a1"].Sales);
        Assert.Equal(5m, joined.ByCode["a1"].SalesIn(inputs.Sales)!.Subcategory(inputs.Sales.Key("POLO衫")));
        Assert.True(joined.ByCode["zz"].Unknown);
    }
}
