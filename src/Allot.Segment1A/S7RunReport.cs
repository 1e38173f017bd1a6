using System.Text.Json;

namespace Allot.Segment1A;

/// <summary>Serialises an <see cref="S7RunResult"/> as the S7 run report JSON (also printed by the CLI).</summary>
public static class S7RunReport
{
    /// <summary>The report as indented UTF-8 JSON.</summary>
    public static byte[] ToJson(S7RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("state", "1A.S7");
            w.WriteString("run_id", r.RunId);
            w.WriteNumber("seed", r.Lineage.Seed);
            w.WriteString("parameter_hash", r.Lineage.ParameterHash);
            w.WriteString("manifest_fingerprint", r.Lineage.ManifestFingerprint);
            w.WriteString("nb_final_run_id", r.NbRunId);
            w.WriteString("hyperparameters_sha256", r.HyperparametersSha256);
            w.WriteNumber("merchants", r.Merchants);
            w.WriteNumber("domestic_only", r.DomesticOnly);
            w.WriteNumber("rows", r.Rows);
            w.WriteStartObject("events");
            w.WriteNumber(S7Names.GammaLabel, r.GammaEvents);
            w.WriteNumber(S7Names.ResidualLabel, r.ResidualEvents);
            w.WriteEndObject();
            w.WriteString("draws_total", r.DrawsTotal.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("blocks_total", r.BlocksTotal);
            w.WriteStartObject("fallback_rungs");
            foreach (var (k, v) in r.FallbackRungs)
            {
                w.WriteNumber(k, v);
            }

            w.WriteEndObject();
            w.WriteStartObject("cache");
            w.WriteString("outcome", r.Cache.Outcome.ToString());
            w.WriteString("sha256", r.Cache.Sha256Hex);
            w.WriteStartArray("files");
            foreach (var f in r.Cache.Files)
            {
                w.WriteStringValue(f);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("paths");
            foreach (var (k, v) in r.Paths)
            {
                w.WriteString(k, v);
            }

            w.WriteEndObject();
            w.WriteNumber("workers", r.Workers);
            w.WriteStartObject("timings_ms");
            foreach (var (k, v) in r.TimingsMs)
            {
                w.WriteNumber(k, Math.Round(v, 3));
            }

            w.WriteEndObject();
            w.WriteNumber("peak_rss_bytes", r.PeakRssBytes);
            w.WriteNumber("allocated_bytes", r.AllocatedBytes);
            w.WriteString("report_path", r.ReportPath);
            w.WriteEndObject();
        }

        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }
}
