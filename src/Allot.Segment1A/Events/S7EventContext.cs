using System.Globalization;
using System.Text;

namespace Allot.Segment1A.Events;

/// <summary>The envelope values shared by every event of a run, pre-encoded once.</summary>
internal sealed class S7EventContext
{
    public S7EventContext(S7Lineage lineage, string runId)
    {
        Lineage = lineage;
        RunId = runId;
        SeedJson = Encoding.ASCII.GetBytes(lineage.Seed.ToString(CultureInfo.InvariantCulture));
        GammaEnvelope = Constant(lineage, runId, S7Names.GammaModule, S7Names.GammaLabel, withFingerprint: true);
        ResidualEnvelope = Constant(lineage, runId, S7Names.ResidualModule, S7Names.ResidualLabel, withFingerprint: true);
        GammaTrace = Constant(lineage, runId, S7Names.GammaModule, S7Names.GammaLabel, withFingerprint: false);
        ResidualTrace = Constant(lineage, runId, S7Names.ResidualModule, S7Names.ResidualLabel, withFingerprint: false);
    }

    /// <summary>The constant envelope fields after <c>ts_utc</c> of a dirichlet_gamma_vector event.</summary>
    public byte[] GammaEnvelope { get; }

    /// <summary>The constant envelope fields after <c>ts_utc</c> of a residual_rank event.</summary>
    public byte[] ResidualEnvelope { get; }

    /// <summary>The constant fields after <c>ts_utc</c> of a trace row for the gamma substream.</summary>
    public byte[] GammaTrace { get; }

    /// <summary>The constant fields after <c>ts_utc</c> of a trace row for the residual substream.</summary>
    public byte[] ResidualTrace { get; }

    private static byte[] Constant(S7Lineage lineage, string runId, string module, string label, bool withFingerprint)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $",\"run_id\":\"{runId}\",\"seed\":{lineage.Seed},\"parameter_hash\":\"{lineage.ParameterHash}\"");
        if (withFingerprint)
        {
            sb.Append(CultureInfo.InvariantCulture, $",\"manifest_fingerprint\":\"{lineage.ManifestFingerprint}\"");
        }

        sb.Append(CultureInfo.InvariantCulture, $",\"module\":\"{module}\",\"substream_label\":\"{label}\"");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public S7Lineage Lineage { get; }

    public string RunId { get; }

    public byte[] SeedJson { get; }

    /// <summary>RFC 3339 UTC with exactly 6 fractional digits and <c>Z</c>, as a quoted JSON string.</summary>
    public static byte[] Timestamp(DateTime utc) =>
        Encoding.ASCII.GetBytes("\"" + utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) + "\"");
}
