using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Allot.Core.Random;

/// <summary>
/// The run's master material <c>M = SHA256(str("mlr:1A.master") ‖ fingerprint_bytes ‖ LE64(seed))</c>, from which
/// every substream is derived. Also exposes the audit-only root state (key = <c>LE64(M[24..32])</c>, counter
/// hi = <c>BE64(M[16..24])</c>, lo = <c>BE64(M[24..32])</c>); no draw uses the root stream.
/// </summary>
public sealed class MasterMaterial
{
    /// <summary>Length of a manifest fingerprint in bytes (64 lowercase hex characters).</summary>
    public const int FingerprintBytes = 32;

    /// <summary>The domain-separation label of the master hash.</summary>
    public const string MasterLabel = "mlr:1A.master";

    private readonly byte[] _bytes;

    private MasterMaterial(byte[] bytes, ulong seed)
    {
        _bytes = bytes;
        Seed = seed;
    }

    /// <summary>The 32 bytes of <c>M</c>.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The seed it was derived from.</summary>
    public ulong Seed { get; }

    /// <summary>Audit-only root key <c>LE64(M[24..32])</c>.</summary>
    public ulong RootKey => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan(24, 8));

    /// <summary>Audit-only root counter (hi = <c>BE64(M[16..24])</c>, lo = <c>BE64(M[24..32])</c>).</summary>
    public Counter128 RootCounter => new(
        BinaryPrimitives.ReadUInt64BigEndian(_bytes.AsSpan(16, 8)),
        BinaryPrimitives.ReadUInt64BigEndian(_bytes.AsSpan(24, 8)));

    /// <summary>Derives <c>M</c> from a seed and the 32 raw fingerprint bytes.</summary>
    public static MasterMaterial Derive(ulong seed, ReadOnlySpan<byte> fingerprint)
    {
        if (fingerprint.Length != FingerprintBytes)
        {
            throw new ArgumentException($"a manifest fingerprint is {FingerprintBytes} bytes, got {fingerprint.Length}.", nameof(fingerprint));
        }

        var encoder = new SubstreamEncoder(stackalloc byte[128]);
        encoder.AppendString(MasterLabel);
        encoder.AppendBytes(fingerprint);
        encoder.AppendU64(seed);
        var bytes = new byte[32];
        SHA256.HashData(encoder.Written, bytes);
        return new MasterMaterial(bytes, seed);
    }

    /// <summary>Derives <c>M</c> from a seed and a fingerprint given as 64 lowercase hex characters.</summary>
    /// <exception cref="ArgumentException">The fingerprint is not exactly 64 lowercase hex characters.</exception>
    public static MasterMaterial Derive(ulong seed, string fingerprintHex) => Derive(seed, ParseFingerprint(fingerprintHex));

    /// <summary>True when <paramref name="hex"/> is exactly 64 lowercase hex characters.</summary>
    public static bool IsValidFingerprint(string? hex)
    {
        if (hex is null || hex.Length != FingerprintBytes * 2)
        {
            return false;
        }

        foreach (var ch in hex)
        {
            if (!char.IsAsciiDigit(ch) && ch is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The 32 raw bytes of a 64-lowercase-hex fingerprint.</summary>
    /// <exception cref="ArgumentException">The fingerprint is not exactly 64 lowercase hex characters.</exception>
    public static byte[] ParseFingerprint(string fingerprintHex)
    {
        if (!IsValidFingerprint(fingerprintHex))
        {
            throw new ArgumentException($"manifest fingerprint '{fingerprintHex}' must be 64 lowercase hex characters.", nameof(fingerprintHex));
        }

        return Convert.FromHexString(fingerprintHex);
    }
}
