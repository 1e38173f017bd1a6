using Allot.Retail.Outputs;
using Allot.Retail.Tests.Support;

namespace Allot.Retail.Tests.Outputs;

public class RationaleTests
{
    [Fact]
    public void Sentence_AndCodes_ReadAsDocumented()
    {
        // Same case as the seed-method hand example: b01 is 80 % full (cap 2) and reaches it.
        using var t = new SmallPlan
        {
            Recs = "Store_Group_Name,Target_Style_Tags,Category,Subcategory,Season,Gender,Location,ΔQty,Store_Codes_In_Group,Store_Count_In_Group,Expected_Benefit,Confidence_Score,trend_cluster_performance,cluster_trend_score\n"
                + "G1,\"[夏, 男]\",T恤,POLO衫,Summer,男,前台,10,\"b01,b02,b03\",3,1234.5,0.85,strong,82\n",
            Meta = SmallPlan.MetaHeader + "b01,店一,Fashion,0.8,\nb02,,Fashion,,\n",
            Tags = SmallPlan.TagsHeader + "b01,Hot Climate,1\nb02,Cold,1\nb03,Moderate,2\n",
            Sales = SmallPlan.SalesHeader + "b01,T恤,POLO衫,60\nb02,T恤,POLO衫,30\nb03,T恤,POLO衫,10\n",
        };
        var row = t.Run(SmallPlan.SalesOnly).Rows[0];
        Assert.Equal([2, 5, 3], row.Quantities);
        Assert.Equal("SALES_SUBCATEGORY;TEMP_HIGH;TYPE_ALIGNED;CAP_HIT", Rationale.Codes(row, 0));
        Assert.Equal("SALES_SUBCATEGORY;TEMP_LOW;TYPE_ALIGNED", Rationale.Codes(row, 1));
        Assert.Equal("SALES_SUBCATEGORY;TEMP_HIGH;TYPE_UNKNOWN;NO_STORE_META", Rationale.Codes(row, 2));
        Assert.Equal(
            "2 of 10 units (weight 60.0%, subcategory sales). Trend: performance strong, trend score 82. Confidence 0.85, expected benefit 1234.5; "
            + "priority 1 of 1 in T恤. Suitability HIGH: 夏 in a Hot store, type Fashion aligned with group. Cap 2 (capacity headroom); reached.",
            Rationale.Sentence(row, 0));
        Assert.EndsWith("store type unknown. Cap 10 (capacity headroom). Store not in store meta: full headroom assumed.", Rationale.Sentence(row, 2), StringComparison.Ordinal);
    }
}
