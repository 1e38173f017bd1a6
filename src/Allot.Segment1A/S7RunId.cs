using System.Buffers.Binary;
using System.Security.Cryptography;
using Allot.Core.Random;

namespace Allot.Segment1A;

/// <summary><c>run_id</c> = hex of the first 16 bytes of <c>SHA256(str("run:1A") ‖ fingerprint_bytes ‖ LE64(seed) ‖ LE64(start ns))</c>.</summary>
internal static class S7RunId
{
    /// <summary>The run id for a run started at <paramref name="startUtc"/> (nanoseconds since the Unix epoch).</summary>
    public static string Create(S7Lineage lineage, DateTime startUtc)
    {
        ArgumentNullException.ThrowIfNull(lineage);
        var ns = (ulong)(startUtc.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100UL;
        var encoder = new SubstreamEncoder(stackalloc byte[64]);
        encoder.AppendString("run:1A");
        encoder.AppendBytes(MasterMaterial.ParseFingerprint(lineage.ManifestFingerprint));
        encoder.AppendU64(lineage.Seed);
        encoder.AppendU64(ns);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(encoder.Written, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>True for 32 lowercase hex characters.</summary>
    public static bool IsValid(string? runId) =>
        runId is { Length: 32 } && runId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    internal static ulong Le64(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt64LittleEndian(bytes);
}
