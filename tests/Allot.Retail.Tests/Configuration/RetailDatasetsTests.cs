using Allot.Retail.Configuration;
using Allot.Retail.Outputs;

namespace Allot.Retail.Tests.Configuration;

public class RetailDatasetsTests
{
    [Fact]
    public void Dictionary_GivesTheSeedsFileNames()
    {
        Assert.Equal("store_level_recommendations_allocated_202509A.csv", PickListWriter.FileName("202509A"));
        Assert.Equal("allocation_reconciliation_202509B.json", ReconciliationWriter.FileName("202509B"));
        Assert.Equal("data/api_data/complete_category_sales_202409A.csv", RetailDatasets.Path("store_sales_year_ago", "202509A"));
        Assert.Equal("*with_trends_business_enriched*202509B*.csv", RetailDatasets.Path("group_recommendations_enriched", "202509B"));
        Assert.Equal(PipelineManifest.FileName, RetailDatasets.Path(RetailDatasets.Manifest, "202509A"));
    }

    [Fact]
    public void Schema_ListsThePickListColumnsInOrder()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Allot.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        var schema = File.ReadAllText(Path.Combine(dir!, "contracts", "schemas", "retail.step32.yaml"));
        var start = schema.IndexOf("store_level_recommendations_allocated:", StringComparison.Ordinal);
        var open = schema.IndexOf("columns: [", start, StringComparison.Ordinal) + "columns: [".Length;
        var close = schema.IndexOf(']', open);
        var columns = schema[open..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(PickListWriter.Columns, columns);
    }
}
