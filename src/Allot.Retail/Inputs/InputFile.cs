namespace Allot.Retail.Inputs;

/// <summary>An input file as recorded in the reconciliation report.</summary>
/// <param name="Role">What the file is (group_recommendations, store_meta, store_tags, store_sales, clusters).</param>
/// <param name="Path">The path as resolved.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the bytes read.</param>
/// <param name="Rows">Data rows read.</param>
public sealed record InputFile(string Role, string Path, string Sha256, long Rows);
