using System.Globalization;
using System.Text;

namespace Allot.Engine.Segment1A.Events;

/// <summary>The envelope values shared by every event of a run, pre-encoded once.</summary>
internal sealed class S7EventContext
{
    public S7EventContext(S7Lineage lineage, string runId)
    {
        Lineage = lineage;
        RunId = runId;
        SeedJson = Encoding.ASCII.GetBytes(lineage.Seed.ToString(CultureInfo.InvariantCulture));
    }

    public S7Lineage Lineage { get; }

    public string RunId { get; }

    public byte[] SeedJson { get; }

    /// <summary>RFC 3339 UTC with exactly 6 fractional digits and <c>Z</c>, as a quoted JSON string.</summary>
    public static byte[] Timestamp(DateTime utc) =>
        Encoding.ASCII.GetBytes("\"" + utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) + "\"");
}
