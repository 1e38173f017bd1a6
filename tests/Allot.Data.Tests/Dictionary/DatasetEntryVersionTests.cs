using Allot.Data.Dictionary;

namespace Allot.Data.Tests.Dictionary;

public sealed class DatasetEntryVersionTests
{
    [Fact]
    public void Parse_OptionalVersion_IsKeptPerEntry()
    {
        var dictionary = DatasetDictionary.Parse(
            "datasets:\n  - id: iso\n    path: ref/iso.parquet\n    format: parquet\n    version: \"2024-12-31\"\n  - id: plan\n    path: data/plan/\n    format: parquet\n",
            "test");
        Assert.Equal("2024-12-31", dictionary.Get("iso").Version);
        Assert.Null(dictionary.Get("plan").Version);
    }
}
