using Allot.Data.Dictionary;

namespace Allot.Segment1A.Contracts;

/// <summary>The contracts S7 ships inside the engine: the 1A dataset dictionary and the default hyperparameters.</summary>
internal static class Segment1AContracts
{
    private const string DictionaryResource = "Allot.Segment1A.layer1.1A.yaml";
    private const string HyperparametersResource = "Allot.Segment1A.crossborder_hyperparams.default.yaml";

    /// <summary>The dictionary at <paramref name="overridePath"/>, or the embedded <c>layer1.1A.yaml</c>.</summary>
    public static DatasetDictionary Dictionary(string? overridePath = null) =>
        overridePath is null ? DatasetDictionary.Parse(ReadResource(DictionaryResource), "embedded:contracts/dataset_dictionary/layer1.1A.yaml") : DatasetDictionary.Load(overridePath);

    /// <summary>The text of the default cross-border hyperparameters YAML.</summary>
    public static string DefaultHyperparametersYaml() => ReadResource(HyperparametersResource);

    private static string ReadResource(string name)
    {
        using var stream = typeof(Segment1AContracts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
