using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Allot.Data.Publishing;
using Allot.Retail.Errors;

namespace Allot.Retail.Outputs;

/// <summary>
/// Registers Step 32 outputs in <c>{output}/pipeline_manifest.json</c>: read the manifest (created if absent), add or
/// replace our entries under <c>outputs</c> (keyed <c>step32_{kind}_{period}</c>), keep everything else as it was,
/// write a temporary sibling and rename it over the manifest.
/// </summary>
public static class PipelineManifest
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "pipeline_manifest.json";

    /// <summary>Adds or replaces <paramref name="entries"/> in the manifest under <paramref name="outputDir"/>.</summary>
    public static void Register(string outputDir, IReadOnlyList<ManifestEntry> entries) =>
        PartitionPublisher.WriteFileAtomically(Path.Combine(outputDir, FileName), Prepare(outputDir, entries));

    /// <summary>
    /// The manifest's new bytes with <paramref name="entries"/> added or replaced; throws
    /// <see cref="RetailErrorCodes.BadManifest"/> before anything is written when the existing manifest is unusable.
    /// </summary>
    public static byte[] Prepare(string outputDir, IReadOnlyList<ManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var path = Path.Combine(outputDir, FileName);
        var root = Load(path);
        if (root["outputs"] is not JsonObject outputs)
        {
            if (root["outputs"] is not null)
            {
                throw RetailErrorCodes.Input(RetailErrorCodes.BadManifest, "the manifest's 'outputs' member is not a JSON object; fix or move the manifest", path);
            }

            outputs = new JsonObject();
            root["outputs"] = outputs;
        }

        foreach (var e in entries)
        {
            var node = new JsonObject
            {
                ["step"] = "step32",
                ["period"] = e.Period,
                ["kind"] = e.Kind,
                ["path"] = e.RelativePath,
                ["sha256"] = e.Sha256,
            };
            if (e.Rows is { } rows)
            {
                node["rows"] = rows;
            }

            outputs[$"step32_{e.Kind}_{e.Period}"] = node;
        }

        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return Encoding.UTF8.GetBytes(root.ToJsonString(options) + "\n");
    }

    private static JsonObject Load(string path)
    {
        if (!File.Exists(path))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw RetailErrorCodes.Input(RetailErrorCodes.BadManifest, "the existing manifest is not a JSON object; fix or move it", path);
        }
        catch (JsonException ex)
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.BadManifest, $"the existing manifest is not valid JSON ({ex.Message}); fix or move it", path);
        }
    }
}
