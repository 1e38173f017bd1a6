namespace Allot.Retail.Inputs;

/// <summary>Reads <c>complete_category_sales_*.csv</c>: <c>str_code</c>, <c>cate_name</c>, <c>sub_cate_name</c>, <c>sal_amt</c> and/or <c>estimated_quantity</c>.</summary>
internal static class StoreSalesReader
{
    /// <summary>
    /// Sums sales per key. The value of a row is <c>sal_amt</c> when that column exists and the cell is present,
    /// otherwise <c>estimated_quantity</c>; a row with neither counts as 0.
    /// </summary>
    public static StoreSales Read(string path)
    {
        using var csv = CsvSource.Open(path);
        var code = csv.Require("str_code");
        var category = csv.Require("cate_name");
        var subcategory = csv.Require("sub_cate_name");
        var amount = csv.Optional("sal_amt");
        var quantity = csv.Optional("estimated_quantity");
        if (amount < 0 && quantity < 0)
        {
            csv.Require("sal_amt", "estimated_quantity");
        }

        var sales = new StoreSales { ValueColumn = amount >= 0 ? "sal_amt" : "estimated_quantity" };
        while (csv.Read())
        {
            var value = CellParsing.OptionalDecimal(csv, amount, "sal_amt")
                ?? CellParsing.OptionalDecimal(csv, quantity, "estimated_quantity")
                ?? 0m;
            sales.Add(csv.Get(code).Trim('\'', '"'), csv.Get(category), csv.Get(subcategory), value);
        }

        return sales;
    }
}
