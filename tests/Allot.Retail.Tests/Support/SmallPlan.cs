using Allot.Retail.Allocation;
using Allot.Retail.Configuration;
using Allot.Retail.Inputs;

namespace Allot.Retail.Tests.Support;

/// <summary>Builds small Step 32 inputs as CSV text (so the readers are exercised too) and runs the allocator.</summary>
public sealed class SmallPlan : IDisposable
{
    public const string RecsHeader = "Store_Group_Name,Target_Style_Tags,Category,Subcategory,Season,Gender,Location,ΔQty,Store_Codes_In_Group,Store_Count_In_Group,Expected_Benefit,Confidence_Score\n";
    public const string MetaHeader = "Store_Code,Store_Name,Store_Type,Capacity_Utilization,Estimated_Rack_Capacity\n";
    public const string TagsHeader = "str_code,climate_label_refined,cluster_id\n";
    public const string SalesHeader = "str_code,cate_name,sub_cate_name,sal_amt\n";

    private readonly TempFolder folder = new();

    public string Recs { get; set; } = RecsHeader;

    public string Meta { get; set; } = MetaHeader;

    public string Tags { get; set; } = TagsHeader;

    public string Sales { get; set; } = SalesHeader;

    public string Folder => folder.Path;

    public static TargetPeriod Period { get; } = TargetPeriod.Parse("202509", "A");

    public InputPaths Paths() => new()
    {
        InputDir = folder.Path,
        GroupRecsFile = folder.File("recs.csv", Recs),
        StoreMetaFile = folder.File("meta.csv", Meta),
        StoreTagsFile = folder.File("tags.csv", Tags),
        StoreSalesFile = folder.File("sales.csv", Sales),
    };

    public RetailInputs Load() => RetailInputs.Load(Period, Paths());

    public AllocationPlan Run(AllocationParameters? parameters = null, RunOptions? options = null) =>
        StoreAllocator.Run(Load(), parameters ?? new AllocationParameters(), options ?? new RunOptions { Threads = 1 });

    /// <summary>Parameters with only the sales weight active (α=1, β=γ=0) for hand-checkable splits.</summary>
    public static AllocationParameters SalesOnly => new() { AlphaSales = 1, BetaCap = 0, GammaFit = 0 };

    public void Dispose() => folder.Dispose();
}
