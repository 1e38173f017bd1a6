namespace Allot.Segment1A.Inputs;

/// <summary>Where S7 finds its inputs.</summary>
/// <param name="DataRoot">The data root.</param>
/// <param name="Lineage">Seed, parameter hash, manifest fingerprint.</param>
/// <param name="NbRunId">The nb_final run to read (required when several exist).</param>
/// <param name="HyperparametersPath">Overrides the dictionary's <c>crossborder_hyperparams</c> path.</param>
/// <param name="MerchantsPath">Overrides the dictionary's <c>merchant_attributes</c> path (file or folder).</param>
/// <param name="DictionaryPath">Overrides the embedded dataset dictionary.</param>
public sealed record S7InputOptions(
    string DataRoot,
    S7Lineage Lineage,
    string? NbRunId = null,
    string? HyperparametersPath = null,
    string? MerchantsPath = null,
    string? DictionaryPath = null);
