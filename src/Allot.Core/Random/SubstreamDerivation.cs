using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Allot.Core.Random;

/// <summary>
/// Substream derivation: <c>H = SHA256(M ‖ str("mlr:1A") ‖ str(label) ‖ ids…)</c>; key = <c>LE64(H[24..32])</c>,
/// counter hi = <c>BE64(H[16..24])</c>, lo = <c>BE64(H[24..32])</c>. Each (label, ids) names an independent stream.
/// </summary>
public static class SubstreamDerivation
{
    /// <summary>The domain-separation label hashed after the master material.</summary>
    public const string DomainLabel = "mlr:1A";

    /// <summary>The stream for <paramref name="label"/> and the typed <paramref name="ids"/>.</summary>
    public static PhiloxStream Derive(MasterMaterial master, string label, params ReadOnlySpan<SubstreamId> ids)
    {
        ArgumentNullException.ThrowIfNull(master);
        var size = 32 + 4 + DomainLabel.Length + 4 + (label.Length * 3);
        foreach (var id in ids)
        {
            size += id.Kind switch
            {
                SubstreamIdKind.U64 => 8,
                SubstreamIdKind.Index => 4,
                _ => 4 + ((id.Text?.Length ?? 0) * 3),
            };
        }

        var encoder = new SubstreamEncoder(size <= 512 ? stackalloc byte[512] : new byte[size]);
        encoder.AppendBytes(master.Bytes);
        encoder.AppendString(DomainLabel);
        encoder.AppendString(label);
        foreach (var id in ids)
        {
            switch (id.Kind)
            {
                case SubstreamIdKind.U64:
                    encoder.AppendU64(id.Number);
                    break;
                case SubstreamIdKind.Index:
                    encoder.AppendIndex(checked((uint)id.Number));
                    break;
                case SubstreamIdKind.String:
                    encoder.AppendString(id.Text ?? throw new ArgumentException("a string id has no text."));
                    break;
                default:
                    encoder.AppendIso(id.Text ?? throw new ArgumentException("an ISO id has no text."));
                    break;
            }
        }

        return FromHash(encoder.Written);
    }

    /// <summary>The stream for <paramref name="label"/> with one u64 id (the per-merchant form); allocation-free.</summary>
    public static PhiloxStream Derive(MasterMaterial master, string label, ulong id)
    {
        ArgumentNullException.ThrowIfNull(master);
        if (label.Length > 128)
        {
            return Derive(master, label, [SubstreamId.U64(id)]);
        }

        var encoder = new SubstreamEncoder(stackalloc byte[512]);
        encoder.AppendBytes(master.Bytes);
        encoder.AppendString(DomainLabel);
        encoder.AppendString(label);
        encoder.AppendU64(id);
        return FromHash(encoder.Written);
    }

    private static PhiloxStream FromHash(ReadOnlySpan<byte> message)
    {
        Span<byte> h = stackalloc byte[32];
        SHA256.HashData(message, h);
        var key = BinaryPrimitives.ReadUInt64LittleEndian(h[24..]);
        var counter = new Counter128(BinaryPrimitives.ReadUInt64BigEndian(h[16..24]), BinaryPrimitives.ReadUInt64BigEndian(h[24..]));
        return new PhiloxStream(key, counter);
    }
}
