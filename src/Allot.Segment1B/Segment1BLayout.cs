using System.Reflection;
using Allot.Data.Dictionary;

namespace Allot.Segment1B;

/// <summary>
/// Every path of one Segment 1B run, resolved from the dataset dictionary (the embedded
/// <c>contracts/dataset_dictionary/layer1.1B.yaml</c> unless a file is given) for a data root and identity.
/// </summary>
public sealed class Segment1BLayout
{
    /// <summary>Name of the embedded dictionary resource.</summary>
    public const string EmbeddedDictionaryName = "Allot.Segment1B.layer1.1B.yaml";

    /// <summary>
    /// Dictionaries built into the tool, by the name <c>--dictionary</c> accepts instead of a file:
    /// <c>default</c> (contracts/dataset_dictionary/layer1.1B.yaml) and <c>interop-sample</c> (the layout of the
    /// original engine's sample root, contracts/dataset_dictionary/layer1.1B.interop-sample.yaml).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> BuiltInDictionaries = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["default"] = EmbeddedDictionaryName,
        ["interop-sample"] = "Allot.Segment1B.layer1.1B.interop-sample.yaml",
    };

    /// <summary>Resolves all paths; tokens are validated by the dictionary before any file is touched.</summary>
    /// <param name="dataRoot">The data root.</param>
    /// <param name="identity">The run's tokens.</param>
    /// <param name="dictionaryPath">A dictionary file (Allot's or the original engine's format), or the name of a built-in one (<see cref="BuiltInDictionaries"/>), or null for the embedded default.</param>
    /// <param name="validationBundleOverride">A validation bundle folder to use instead of the dictionary's, or null.</param>
    public Segment1BLayout(string dataRoot, Segment1BIdentity identity, string? dictionaryPath = null, string? validationBundleOverride = null)
    {
        DataRoot = Path.GetFullPath(dataRoot);
        Identity = identity;
        Dictionary = dictionaryPath is null ? LoadEmbedded() : LoadDictionary(dictionaryPath);
        var t = identity.Tokens;
        string R(string id) => Dictionary.Resolve(DataRoot, id, t, S4Codes.TokenMismatch);
        IsoTable = R("iso3166_canonical_2024");
        ValidationBundle = validationBundleOverride is null ? R("validation_bundle_1A") : Path.GetFullPath(validationBundleOverride);
        GateReceipt = R("s0_gate_receipt_1B");
        TileIndex = R("tile_index");
        TileWeights = R("tile_weights");
        Requirements = R("s3_requirements");
        AllocPlan = R("s4_alloc_plan");
        AllocPlanRelative = Dictionary.ResolveRelative("s4_alloc_plan", t, S4Codes.TokenMismatch).TrimEnd('/');
        RunReport = R("s4_run_report");
        IsoVersion = Dictionary.Get("iso3166_canonical_2024").Version ?? "unversioned";
    }

    /// <summary>Absolute data root.</summary>
    public string DataRoot { get; }

    /// <summary>The run's tokens.</summary>
    public Segment1BIdentity Identity { get; }

    /// <summary>The dictionary in use.</summary>
    public DatasetDictionary Dictionary { get; }

    /// <summary>ISO country table (file or folder).</summary>
    public string IsoTable { get; }

    /// <summary>Declared version of the ISO table (reported as <c>ingress_versions.iso3166</c>).</summary>
    public string IsoVersion { get; }

    /// <summary>The 1A validation bundle folder.</summary>
    public string ValidationBundle { get; }

    /// <summary>The S0 gate receipt file.</summary>
    public string GateReceipt { get; }

    /// <summary>The tile index partition.</summary>
    public string TileIndex { get; }

    /// <summary>The tile weights partition.</summary>
    public string TileWeights { get; }

    /// <summary>The S3 requirements partition.</summary>
    public string Requirements { get; }

    /// <summary>The S4 allocation plan partition.</summary>
    public string AllocPlan { get; }

    /// <summary>The plan partition relative to the data root, forward slashes, no trailing slash.</summary>
    public string AllocPlanRelative { get; }

    /// <summary>The S4 run report file.</summary>
    public string RunReport { get; }

    /// <summary>Path relative to the data root with forward slashes when inside it, else the absolute path.</summary>
    public string Relative(string path)
    {
        var rel = Path.GetRelativePath(DataRoot, path);
        return rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel) ? path : rel.Replace('\\', '/');
    }

    /// <summary>A dictionary file, or a built-in dictionary by name when no such file exists.</summary>
    public static DatasetDictionary LoadDictionary(string pathOrName)
    {
        ArgumentNullException.ThrowIfNull(pathOrName);
        if (!File.Exists(pathOrName) && BuiltInDictionaries.TryGetValue(pathOrName, out var resource))
        {
            return DatasetDictionary.Parse(EmbeddedDictionaryText(resource), $"built-in:{pathOrName}");
        }

        return DatasetDictionary.Load(pathOrName);
    }

    /// <summary>The embedded dictionary text.</summary>
    public static string EmbeddedDictionaryText(string resource = EmbeddedDictionaryName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // Parsed once per process (a dictionary is immutable): a silo builds a layout for every shard it is sent.
    private static readonly Lazy<DatasetDictionary> Embedded = new(() => DatasetDictionary.Parse(EmbeddedDictionaryText(), "embedded:contracts/dataset_dictionary/layer1.1B.yaml"));

    private static DatasetDictionary LoadEmbedded() => Embedded.Value;
}
