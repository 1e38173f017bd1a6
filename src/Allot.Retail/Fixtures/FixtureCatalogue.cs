namespace Allot.Retail.Fixtures;

/// <summary>Realistic labels used by the fixture generator (a fashion retailer's categories in Chinese).</summary>
internal static class FixtureCatalogue
{
    public static readonly (string Category, string[] Subcategories)[] Categories =
    [
        ("T恤", ["休闲圆领T恤", "凉感圆领T恤", "POLO衫", "印花T恤"]),
        ("休闲裤", ["束脚裤", "直筒裤", "锥形裤", "短裤"]),
        ("外套", ["夹克", "羽绒服", "风衣", "卫衣"]),
        ("配饰", ["帽子", "袜子", "包"]),
        ("鞋", ["运动鞋", "凉鞋", "休闲鞋"]),
        ("衬衫", ["长袖衬衫", "短袖衬衫"]),
    ];

    public static readonly string[] Seasons = ["春", "夏", "秋", "冬", "四季"];
    public static readonly string[] EnglishSeasons = ["Spring", "Summer", "Autumn", "Winter", "All Season"];
    public static readonly string[] Genders = ["男", "女", "中"];
    public static readonly string[] Locations = ["前台", "后台", "鞋配"];
    public static readonly string[] Climates = ["Hot", "Moderate", "Cool", "Cold"];
    public static readonly string[] Styles = ["休闲", "商务", "运动", "潮流", "基础"];
    public static readonly string[] Performance = ["strong", "moderate", "weak", "emerging"];
}
