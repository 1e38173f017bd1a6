namespace Allot.Retail.Inputs;

/// <summary>
/// Store sales summed per (store, subcategory), per (store, category) and per store. Amounts are exact decimals
/// (several rows for one key are summed; a negative sum counts as 0).
/// </summary>
public sealed class StoreSales
{
    private readonly Dictionary<(string Store, string Key), decimal> bySubcategory = new();
    private readonly Dictionary<(string Store, string Key), decimal> byCategory = new();
    private readonly Dictionary<string, decimal> byStore = new(StringComparer.Ordinal);

    /// <summary>The value column used: <c>sal_amt</c> or <c>estimated_quantity</c>.</summary>
    public string ValueColumn { get; init; } = "sal_amt";

    /// <summary>Rows read.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds one sales row.</summary>
    public void Add(string store, string category, string subcategory, decimal amount)
    {
        Rows++;
        Accumulate(bySubcategory, (store, subcategory), amount);
        Accumulate(byCategory, (store, category), amount);
        byStore[store] = byStore.GetValueOrDefault(store) + amount;
    }

    /// <summary>True when the store has any sales row.</summary>
    public bool HasStore(string store) => byStore.ContainsKey(store);

    /// <summary>Sales of the store in the subcategory (≥ 0).</summary>
    public decimal Subcategory(string store, string subcategory) => Math.Max(0, bySubcategory.GetValueOrDefault((store, subcategory)));

    /// <summary>Sales of the store in the category (≥ 0).</summary>
    public decimal Category(string store, string category) => Math.Max(0, byCategory.GetValueOrDefault((store, category)));

    /// <summary>Total sales of the store (≥ 0).</summary>
    public decimal Total(string store) => Math.Max(0, byStore.GetValueOrDefault(store));

    private static void Accumulate(Dictionary<(string, string), decimal> map, (string, string) key, decimal amount) =>
        map[key] = map.GetValueOrDefault(key) + amount;
}
