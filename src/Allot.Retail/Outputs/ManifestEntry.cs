namespace Allot.Retail.Outputs;

/// <summary>One output as registered in the pipeline manifest.</summary>
/// <param name="Kind">pick_list, reconciliation, spot_check_report, heatmap or store_plugin_merged.</param>
/// <param name="Period">Period token.</param>
/// <param name="RelativePath">Path relative to the output folder.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the file.</param>
/// <param name="Rows">Data rows for tabular outputs.</param>
public sealed record ManifestEntry(string Kind, string Period, string RelativePath, string Sha256, long? Rows)
{
    /// <summary>File size in bytes (for the manifest's <c>size_mb</c>).</summary>
    public long SizeBytes { get; init; }

    /// <summary>The pipeline manifest's output key: the file name without its extension, e.g. <c>store_level_recommendations_allocated_202509A</c>;
    /// the workbook is <c>xlsx_</c> + that, so it never replaces the CSV pick list's entry (same stem).</summary>
    public string OutputKey => Path.GetExtension(RelativePath) == ".xlsx"
        ? "xlsx_" + Path.GetFileNameWithoutExtension(RelativePath)
        : Path.GetFileNameWithoutExtension(RelativePath);
}
