using System.Text;
using System.Text.RegularExpressions;
using Allot.Core.Errors;
using Allot.Data.Publishing;
using YamlDotNet.RepresentationModel;

namespace Allot.Data.Dictionary;

/// <summary>
/// The single place where dataset path templates live. Two YAML shapes are read: the original engine's
/// (top-level sections <c>datasets</c> and <c>reference_data</c> mapping each dataset id to an entry with
/// <c>path</c>, <c>format</c>, <c>partitioning</c>, <c>version</c>, <c>schema_ref</c>) and Allot's, of the form
/// <code>
/// datasets:
///   - id: s4_alloc_plan
///     path: data/layer1/1B/s4_alloc_plan/seed={seed}/fingerprint={manifest_fingerprint}/parameter_hash={parameter_hash}/
///     format: parquet
///     partition_keys: [seed, fingerprint, parameter_hash]
///     schema_ref: contracts/schemas/layer1.1B.yaml#/s4_alloc_plan
/// </code>
/// Every token substituted into a path is validated by <see cref="PathToken"/>, and every resolved path is
/// checked to stay under the data root.
/// </summary>
public sealed class DatasetDictionary
{
    /// <summary>Stable code for a malformed dictionary or an unknown dataset id.</summary>
    public const string InvalidCode = "E_DICTIONARY_INVALID";

    private readonly Dictionary<string, DatasetEntry> _entries;

    private DatasetDictionary(string source, Dictionary<string, DatasetEntry> entries)
    {
        Source = source;
        _entries = entries;
    }

    /// <summary>Where the dictionary came from (file path or resource name), for messages.</summary>
    public string Source { get; }

    /// <summary>All entries, by id.</summary>
    public IReadOnlyDictionary<string, DatasetEntry> Entries => _entries;

    /// <summary>Loads a dictionary file.</summary>
    public static DatasetDictionary Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new AllotException(new AllotError(InvalidCode, ErrorClass.Input, "dataset dictionary file not found.", File: path));
        }

        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Parses dictionary YAML text.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="source">Name used in error messages.</param>
    public static DatasetDictionary Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            // The parser's mark is where it stopped (for a repeated key, the second one): the line to look at.
            throw new AllotException(new AllotError(InvalidCode, ErrorClass.Input, $"not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", File: source, Row: ex.Start.Line));
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("datasets"), out var datasets))
        {
            throw Invalid(source, "expected a top-level 'datasets' list (Allot's format) or mapping keyed by dataset id (the original engine's format, with 'reference_data' beside it).");
        }

        var entries = new Dictionary<string, DatasetEntry>(StringComparer.Ordinal);
        if (datasets is YamlSequenceNode seq)
        {
            // Allot's format: datasets is a list of mappings, each with its id.
            foreach (var node in seq.Children)
            {
                if (node is not YamlMappingNode map)
                {
                    throw Invalid(source, "every dataset must be a mapping.");
                }

                Add(entries, source, Scalar(map, "id") ?? throw Invalid(source, "a dataset has no 'id'."), map);
            }
        }
        else if (datasets is YamlMappingNode)
        {
            // The original engine's format: sections (datasets, reference_data, …) map each id to its entry;
            // 'partitioning' lists the partition keys. Every top-level section whose entries carry a 'path' counts.
            foreach (var (key, section) in root.Children)
            {
                if (section is not YamlMappingNode sectionMap || key is not YamlScalarNode sectionName)
                {
                    continue;
                }

                var isDatasetSection = sectionName.Value is "datasets" or "reference_data"
                    || (sectionMap.Children.Count > 0 && sectionMap.Children.Values.All(v => v is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode("path"))));
                if (!isDatasetSection)
                {
                    continue;
                }

                foreach (var (idNode, entry) in sectionMap.Children)
                {
                    if (idNode is not YamlScalarNode { Value: { Length: > 0 } id } || entry is not YamlMappingNode map)
                    {
                        throw Invalid(source, $"every entry of '{sectionName.Value}' must be a mapping keyed by its dataset id.");
                    }

                    Add(entries, source, id, map);
                }
            }
        }
        else
        {
            throw Invalid(source, "'datasets' must be a list or a mapping keyed by dataset id.");
        }

        return new DatasetDictionary(source, entries);
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    private static void Add(Dictionary<string, DatasetEntry> entries, string source, string id, YamlMappingNode map)
    {
        var path = Scalar(map, "path") ?? throw Invalid(source, $"dataset '{id}' has no 'path'.");
        var format = Scalar(map, "format") ?? throw Invalid(source, $"dataset '{id}' has no 'format'.");
        var keys = new List<string>();
        foreach (var name in new[] { "partition_keys", "partitioning" })
        {
            if (map.Children.TryGetValue(new YamlScalarNode(name), out var k) && k is YamlSequenceNode ks)
            {
                keys.AddRange(ks.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty));
                break;
            }
        }

        if (Path.IsPathRooted(path) || path.Split('/').Any(seg => seg == ".."))
        {
            throw Invalid(source, $"dataset '{id}' path '{path}' must be relative to the data root and must not contain '..'.");
        }

        if (!entries.TryAdd(id, new DatasetEntry(id, path, format, keys, Scalar(map, "schema_ref")) { Version = Scalar(map, "version") }))
        {
            throw Invalid(source, $"dataset id '{id}' appears twice.");
        }
    }

    /// <summary>The entry for <paramref name="id"/>, or an error naming the dictionary.</summary>
    public DatasetEntry Get(string id) =>
        _entries.TryGetValue(id, out var e) ? e : throw Invalid(Source, $"no dataset '{id}' in the dictionary.");

    /// <summary>
    /// The path of dataset <paramref name="id"/> relative to the data root, forward slashes, with every
    /// <c>{token}</c> substituted from <paramref name="tokens"/> (each validated as a safe path segment).
    /// </summary>
    public string ResolveRelative(string id, IReadOnlyDictionary<string, string> tokens, string tokenErrorCode = PathToken.InvalidCode) =>
        Substitute(id, tokens, tokenErrorCode, keepMissing: false);

    /// <summary>
    /// The path template of dataset <paramref name="id"/> with the <paramref name="tokens"/> given substituted and every
    /// other <c>{token}</c> left as it is: a dataset named at a coarser scope than its own partitions (a
    /// fingerprint-scoped receipt naming seed-scoped inputs).
    /// </summary>
    public string ResolveTemplate(string id, IReadOnlyDictionary<string, string> tokens, string tokenErrorCode = PathToken.InvalidCode) =>
        Substitute(id, tokens, tokenErrorCode, keepMissing: true);

    /// <summary>
    /// True when <paramref name="path"/> is <paramref name="template"/> with every <c>{token}</c> left in it replaced
    /// by a safe path token (<see cref="PathToken.IsValid"/>): a resolved path of the template.
    /// </summary>
    public static bool IsInstanceOf(string path, string template)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(template);
        var pattern = new StringBuilder("^");
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (close < 0)
            {
                pattern.Append(Regex.Escape(template[i..]));
                break;
            }

            pattern.Append(Regex.Escape(template[i..open])).Append("([^/]+)");
            i = close + 1;
        }

        var match = Regex.Match(path, pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
        return match.Success && match.Groups.Values.Skip(1).All(g => PathToken.IsValid(g.Value));
    }

    private string Substitute(string id, IReadOnlyDictionary<string, string> tokens, string tokenErrorCode, bool keepMissing)
    {
        var template = Get(id).PathTemplate;
        var sb = new StringBuilder(template.Length + 64);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                throw Invalid(Source, $"dataset '{id}' path has an unclosed '{{'.");
            }

            sb.Append(template, i, open - i);
            var name = template.Substring(open + 1, close - open - 1);
            if (tokens.TryGetValue(name, out var value))
            {
                sb.Append(PathToken.Require(name, value, tokenErrorCode));
            }
            else if (keepMissing)
            {
                sb.Append(template, open, close - open + 1);
            }
            else
            {
                throw Invalid(Source, $"dataset '{id}' needs token '{name}' which was not supplied.");
            }

            i = close + 1;
        }

        return sb.ToString();
    }

    /// <summary>Absolute path of dataset <paramref name="id"/> under <paramref name="dataRoot"/>; never escapes the root.</summary>
    public string Resolve(string dataRoot, string id, IReadOnlyDictionary<string, string> tokens, string tokenErrorCode = PathToken.InvalidCode)
    {
        var root = Path.GetFullPath(dataRoot);
        var rel = ResolveRelative(id, tokens, tokenErrorCode);
        var full = Path.GetFullPath(Path.Combine(root, rel));
        var rootWithSep = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSep, StringComparison.Ordinal) && full != root)
        {
            throw Invalid(Source, $"dataset '{id}' resolves outside the data root.");
        }

        return full;
    }

    private static AllotException Invalid(string source, string message) =>
        new(new AllotError(InvalidCode, ErrorClass.Input, message, File: source));
}
