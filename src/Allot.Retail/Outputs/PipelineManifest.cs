using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Allot.Data.Json;
using Allot.Retail.Errors;

namespace Allot.Retail.Outputs;

/// <summary>
/// The pipeline's own manifest (<c>output/pipeline_manifest.json</c>, spec 40): <c>{"created", "last_updated",
/// "current_session", "steps": {"&lt;step&gt;": {"outputs": {"&lt;output_type&gt;": {"file_path", "created", "exists",
/// "size_mb", "metadata"}}}}}</c>. Step 32 registers under <c>steps.step32.outputs</c> with the output file's name
/// as key (<c>store_level_recommendations_allocated_202509A</c>) and metadata with the period label, rows and SHA-256;
/// every other member is kept as it was. <see cref="Prepare"/> is the one read–merge–serialise function: the caller
/// writes its bytes (today with an atomic rename; later inside the data plane's publication transaction).
/// </summary>
public static class PipelineManifest
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "pipeline_manifest.json";

    /// <summary>Step 32's name in the manifest.</summary>
    public const string StepName = "step32";

    /// <summary>
    /// The manifest's new bytes: the existing manifest under <paramref name="outputDir"/> (or a new one) with
    /// <paramref name="entries"/> added or replaced under <c>steps.step32.outputs</c> and <c>last_updated</c> set to
    /// <paramref name="now"/>. <c>file_path</c> is the output's path as the pipeline opens it (relative to the working
    /// folder when inside it, else absolute). Throws <see cref="RetailErrorCodes.BadManifest"/> before anything is
    /// written when the existing manifest is unusable. The entries of <paramref name="dropped"/> (outputs of the period
    /// this run does not write, whose files it removes) are taken out of <c>steps.step32.outputs</c>.
    /// </summary>
    public static byte[] Prepare(string outputDir, IReadOnlyList<ManifestEntry> entries, DateTimeOffset now, IReadOnlyList<ManifestEntry>? dropped = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var path = Path.Combine(outputDir, FileName);
        var root = Load(path);
        var stamp = Timestamp(now);
        root["created"] ??= stamp;
        root["current_session"] ??= now.ToLocalTime().ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
        root["last_updated"] = stamp;
        var steps = ObjectMember(root, "steps", path);
        var step = ObjectMember(steps, StepName, path);
        var outputs = ObjectMember(step, "outputs", path);
        foreach (var d in dropped ?? [])
        {
            outputs.Remove(d.OutputKey);
        }

        foreach (var e in entries)
        {
            var metadata = new JsonObject
            {
                ["period_label"] = e.Period,
                ["target_yyyymm"] = e.Period[..6],
                ["target_period"] = e.Period[6..],
                ["kind"] = e.Kind,
                ["sha256"] = e.Sha256,
            };
            if (e.Rows is { } rows)
            {
                metadata["rows"] = rows;
                metadata["records"] = rows;
            }

            outputs[e.OutputKey] = new JsonObject
            {
                ["file_path"] = PipelinePath(Path.Combine(outputDir, e.RelativePath)),
                ["created"] = stamp,
                ["exists"] = true,
                ["size_mb"] = Math.Round(e.SizeBytes / (1024.0 * 1024.0), 2),
                ["metadata"] = metadata,
            };
        }

        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return Encoding.UTF8.GetBytes(root.ToJsonString(options) + "\n");
    }

    /// <summary>
    /// The pipeline's <c>get_latest_output(step, key_prefix, period_label)</c>: among <c>steps.&lt;step&gt;.outputs</c>
    /// whose key starts with <paramref name="keyPrefix"/> (when given) and whose key, or <c>metadata.period_label</c>,
    /// ends with <paramref name="periodLabel"/> (when given), the non-empty <c>file_path</c> with the latest <c>created</c>
    /// (ordinal, as the pipeline's ISO timestamps sort; ties: the later entry). Null when none matches.
    /// </summary>
    public static string? LatestOutput(JsonObject manifest, string step, string? keyPrefix, string? periodLabel)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest["steps"] is not JsonObject steps || steps[step] is not JsonObject s || s["outputs"] is not JsonObject outputs)
        {
            return null;
        }

        (string Created, string Path)? best = null;
        foreach (var (key, value) in outputs)
        {
            if (value is not JsonObject entry
                || (keyPrefix is not null && !key.StartsWith(keyPrefix, StringComparison.Ordinal))
                || entry["file_path"] is not JsonValue fp || fp.GetValueKind() != JsonValueKind.String
                || fp.GetValue<string>().Length == 0)
            {
                // The pipeline drops candidates without a path before taking the newest, so one cannot hide another.
                continue;
            }

            var label = entry["metadata"] is JsonObject m && m["period_label"] is JsonValue l ? l.ToString() : string.Empty;
            if (periodLabel is not null && !key.EndsWith(periodLabel, StringComparison.Ordinal) && !label.EndsWith(periodLabel, StringComparison.Ordinal))
            {
                continue;
            }

            var created = entry["created"] is JsonValue c ? c.ToString() : string.Empty;
            if (best is null || string.CompareOrdinal(created, best.Value.Created) >= 0)
            {
                best = (created, fp.GetValue<string>());
            }
        }

        return best?.Path;
    }

    /// <summary>
    /// Reads a manifest; null when the file does not exist or is not a JSON object, a key given twice included (the
    /// caller falls back to discovery or reports it): such an object would throw when read, which is no input error.
    /// </summary>
    public static JsonObject? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? AllotJson.ParseStrict(File.ReadAllText(path)) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Timestamp(DateTimeOffset now) => now.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static string PipelinePath(string full)
    {
        full = Path.GetFullPath(full);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
    }

    private static JsonObject ObjectMember(JsonObject parent, string name, string path)
    {
        switch (parent[name])
        {
            case JsonObject o:
                return o;
            case null:
                var created = new JsonObject();
                parent[name] = created;
                return created;
            default:
                throw RetailErrorCodes.Input(RetailErrorCodes.BadManifest, $"the manifest's '{name}' member is not a JSON object; fix or move the manifest", path);
        }
    }

    private static JsonObject Load(string path)
    {
        if (!File.Exists(path))
        {
            return new JsonObject();
        }

        try
        {
            return AllotJson.ParseStrict(File.ReadAllText(path)) as JsonObject
                ?? throw RetailErrorCodes.Input(RetailErrorCodes.BadManifest, "the existing manifest is not a JSON object; fix or move it", path);
        }
        catch (JsonException ex)
        {
            throw RetailErrorCodes.Input(RetailErrorCodes.BadManifest, $"the existing manifest is not valid JSON ({ex.Message}); fix or move it", path);
        }
    }
}
