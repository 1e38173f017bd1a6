namespace Allot.Retail.Outputs;

/// <summary>One output as registered in the pipeline manifest.</summary>
/// <param name="Kind">pick_list, reconciliation, spot_check_report, heatmap or store_plugin_merged.</param>
/// <param name="Period">Period token.</param>
/// <param name="RelativePath">Path relative to the output folder.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the file.</param>
/// <param name="Rows">Data rows for tabular outputs.</param>
public sealed record ManifestEntry(string Kind, string Period, string RelativePath, string Sha256, long? Rows);
