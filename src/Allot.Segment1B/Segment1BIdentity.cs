using Allot.Data.Publishing;

namespace Allot.Segment1B;

/// <summary>The lineage tokens of one Segment 1B run; each is validated as a safe path segment on construction.</summary>
public sealed record Segment1BIdentity
{
    /// <summary>Validates and wraps the three tokens (<see cref="S4Codes.TokenMismatch"/> on an unsafe token).</summary>
    public Segment1BIdentity(string seed, string manifestFingerprint, string parameterHash)
    {
        Seed = PathToken.Require("seed", seed, S4Codes.TokenMismatch);
        ManifestFingerprint = PathToken.Require("manifest_fingerprint", manifestFingerprint, S4Codes.TokenMismatch);
        ParameterHash = PathToken.Require("parameter_hash", parameterHash, S4Codes.TokenMismatch);
    }

    /// <summary>The run seed token.</summary>
    public string Seed { get; }

    /// <summary>The manifest fingerprint token.</summary>
    public string ManifestFingerprint { get; }

    /// <summary>The parameter hash token.</summary>
    public string ParameterHash { get; }

    /// <summary>Tokens by the names the dictionary's path templates use.</summary>
    public IReadOnlyDictionary<string, string> Tokens => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["seed"] = Seed,
        ["manifest_fingerprint"] = ManifestFingerprint,
        ["parameter_hash"] = ParameterHash,
    };
}
