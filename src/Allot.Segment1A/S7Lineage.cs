using System.Globalization;
using Allot.Core.Random;
using Allot.Data.Publishing;

namespace Allot.Segment1A;

/// <summary>The identity of an S7 run's inputs: seed (u64), parameter hash, manifest fingerprint (64 lowercase hex).</summary>
/// <param name="Seed">The u64 seed (feeds the RNG).</param>
/// <param name="ParameterHash">The parameter hash (a path token).</param>
/// <param name="ManifestFingerprint">64 lowercase hex (its 32 bytes feed the RNG).</param>
public sealed record S7Lineage(ulong Seed, string ParameterHash, string ManifestFingerprint)
{
    /// <summary>Parses and checks the three tokens; any violation is <c>E_SCHEMA_INVALID</c>.</summary>
    public static S7Lineage Parse(string seed, string parameterHash, string manifestFingerprint)
    {
        if (!ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || seed.Length > 1 && seed[0] == '0')
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, $"seed '{seed}' must be an unsigned 64-bit decimal integer without leading zeros.", key: "seed");
        }

        PathToken.Require("parameter_hash", parameterHash, S7Errors.SchemaInvalid);
        if (!MasterMaterial.IsValidFingerprint(manifestFingerprint))
        {
            throw S7Errors.Fail(S7Errors.SchemaInvalid, $"manifest fingerprint '{manifestFingerprint}' must be 64 lowercase hex characters.", key: "manifest_fingerprint");
        }

        return new S7Lineage(s, parameterHash, manifestFingerprint);
    }

    /// <summary>The path tokens of the lineage (<c>seed</c>, <c>parameter_hash</c>, <c>manifest_fingerprint</c>).</summary>
    public Dictionary<string, string> Tokens(string? runId = null)
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
            ["parameter_hash"] = ParameterHash,
            ["manifest_fingerprint"] = ManifestFingerprint,
        };
        if (runId is not null)
        {
            tokens["run_id"] = runId;
        }

        return tokens;
    }
}
