using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Allot.Core.Errors;
using Allot.Data.Dictionary;
using Allot.Data.Json;
using Allot.Data.Publishing;

namespace Allot.Segment1B.Gate;

/// <summary>
/// S0: proves the 1A validation bundle passed and records the proof as <c>s0_gate_receipt.json</c>.
/// The bundle folder holds <c>index.json</c> (a JSON array of <c>{artifact_id, path, …}</c> with unique ids and
/// unique relative ASCII paths covering every file except the flag) and <c>_passed.flag</c>
/// (<c>sha256_hex = &lt;64 lowercase hex&gt;</c>), which must equal SHA-256 over the indexed files' bytes in
/// ASCII order of path.
/// </summary>
internal static partial class ValidationBundleGate
{
    /// <summary>The flag file's name.</summary>
    public const string FlagName = "_passed.flag";

    /// <summary>The index file's name.</summary>
    public const string IndexName = "index.json";

    [GeneratedRegex("^sha256_hex = ([0-9a-f]{64})\\r?\\n?$", RegexOptions.CultureInvariant)]
    private static partial Regex FlagLine();

    /// <summary>Verifies the bundle; returns the flag's hash. Throws with the S0 codes.</summary>
    public static string Verify(string bundleFolder)
    {
        var flagPath = Path.Combine(bundleFolder, FlagName);
        if (!Directory.Exists(bundleFolder) || !File.Exists(flagPath))
        {
            throw Fail(S4Codes.NoPassFlag, flagPath, "no _passed.flag: the 1A validation bundle did not pass (or is not at this path); run or fix 1A validation, or point --validation-bundle at the right folder.");
        }

        var indexPath = Path.Combine(bundleFolder, IndexName);
        if (!File.Exists(indexPath))
        {
            throw Fail(S4Codes.IndexMissing, indexPath, "the validation bundle has no index.json.");
        }

        var paths = ReadIndex(bundleFolder, indexPath);
        var flagText = File.ReadAllText(flagPath, Encoding.UTF8);
        var match = FlagLine().Match(flagText);
        if (!match.Success)
        {
            throw Fail(S4Codes.FlagFormatInvalid, flagPath, "the flag must be exactly one line 'sha256_hex = <64 lowercase hex>'.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var rel in paths)
        {
            hash.AppendData(File.ReadAllBytes(Path.Combine(bundleFolder, rel)));
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        var expected = match.Groups[1].Value;
        if (actual != expected)
        {
            throw Fail(S4Codes.FlagHashMismatch, flagPath, $"the flag says {expected} but the indexed files hash to {actual}; the bundle was changed after it passed.");
        }

        return expected;
    }

    /// <summary>The hash a flag must carry for the indexed files of <paramref name="bundleFolder"/> (used by fixtures).</summary>
    public static string ComputeBundleHash(string bundleFolder, IEnumerable<string> indexedPaths)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var rel in indexedPaths.Order(StringComparer.Ordinal))
        {
            hash.AppendData(File.ReadAllBytes(Path.Combine(bundleFolder, rel)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Runs S0: verifies the bundle and writes the receipt atomically. An existing receipt that differs only in
    /// <c>verified_at_utc</c> is kept as it is; one that differs otherwise is <see cref="S4Codes.ReceiptConflict"/>.
    /// </summary>
    public static S0GateReceipt Run(Segment1BLayout layout, DateTimeOffset now)
    {
        var flagHash = Verify(layout.ValidationBundle);
        var receipt = BuildReceipt(layout, flagHash, now);
        if (File.Exists(layout.GateReceipt))
        {
            var existing = TryRead(layout.GateReceipt);
            if (existing is null || !SameApartFromTime(existing, receipt))
            {
                throw Fail(S4Codes.ReceiptConflict, layout.GateReceipt, $"a gate receipt for this fingerprint already exists with different content ({(existing is null ? "it is not a readable receipt" : FirstDifference(existing, receipt))}); receipts are write-once: investigate which bundle or dictionary is right.");
            }

            return existing;
        }

        PartitionPublisher.WriteFileAtomically(layout.GateReceipt, AllotJson.ToCanonicalBytes(receipt));
        return receipt;
    }

    /// <summary>
    /// Reads and checks an existing receipt: for S4 (with <c>--skip-s0</c>, and after S0 itself) and for <c>validate-s4</c>,
    /// which accepts a plan only where the gate still holds.
    /// </summary>
    /// <param name="layout">Resolved paths and tokens.</param>
    /// <param name="role"><see cref="ErrorClass.Input"/> for a run (exit 3: S4 does not start);
    /// <see cref="ErrorClass.Validation"/> for <c>validate-s4</c> (exit 4: the published plan is not proven).</param>
    public static S0GateReceipt RequireReceipt(Segment1BLayout layout, ErrorClass role = ErrorClass.Input)
    {
        // What to do differs: a run is told to let S0 verify; a validation is told that re-running (which runs S0) writes
        // the receipt and keeps an identical partition.
        var remedy = role == ErrorClass.Validation
            ? "run `allot segment1b run` for these tokens without --skip-s0: S0 verifies the bundle and writes the receipt, and an identical partition is kept"
            : "run without --skip-s0 so S0 verifies the 1A bundle first";
        if (!File.Exists(layout.GateReceipt))
        {
            throw Fail(role, S4Codes.GateReceiptMissing, layout.GateReceipt, $"no S0 gate receipt for this fingerprint: {remedy}.");
        }

        var receipt = TryRead(layout.GateReceipt);
        if (receipt is null || receipt.FlagSha256Hex.Length != 64)
        {
            throw Fail(role, S4Codes.GateReceiptMissing, layout.GateReceipt, $"the S0 gate receipt is not valid JSON with a 64-hex flag_sha256_hex: {remedy}.");
        }

        if (receipt.ManifestFingerprint != layout.Identity.ManifestFingerprint)
        {
            throw Fail(role, S4Codes.TokenMismatch, layout.GateReceipt, $"the receipt's manifest_fingerprint '{receipt.ManifestFingerprint}' differs from the path token '{layout.Identity.ManifestFingerprint}'.");
        }

        // The receipt proves the bundle it names. A run given another bundle (--skip-s0 --validation-bundle B after S0
        // verified A) has no proof for B; validate-s4, which takes no --validation-bundle, checks the receipt's own
        // bundle — it checked the dictionary's default folder, which fails a plan gated on a custom bundle whenever that
        // folder holds another bundle, and passes whenever it holds none.
        var bundle = Path.GetFullPath(Path.Combine(layout.DataRoot, receipt.ValidationBundlePath));
        if (role == ErrorClass.Input && bundle != Path.GetFullPath(layout.ValidationBundle))
        {
            throw Fail(role, S4Codes.GateReceiptMissing, layout.GateReceipt, $"the receipt proves the bundle at {bundle}, not {Path.GetFullPath(layout.ValidationBundle)}: {remedy}.");
        }

        // The receipt proves the flag it records. Where the bundle is still there, its flag must still be that one
        // (a bundle re-issued after S0 voids the proof); a bundle archived since leaves the receipt as the proof.
        var flagPath = Path.Combine(bundle, FlagName);
        if (File.Exists(flagPath) && FlagLine().Match(File.ReadAllText(flagPath, Encoding.UTF8)) is { Success: true } flag
            && flag.Groups[1].Value != receipt.FlagSha256Hex)
        {
            throw Fail(role, S4Codes.GateReceiptMissing, layout.GateReceipt, $"the receipt records flag {receipt.FlagSha256Hex} but the bundle's _passed.flag now says {flag.Groups[1].Value} ({flagPath}): the bundle changed after S0 verified it; {remedy}.");
        }

        return receipt;
    }

    private static S0GateReceipt? TryRead(string path)
    {
        try
        {
            return AllotJson.Read<S0GateReceipt>(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static S0GateReceipt BuildReceipt(Segment1BLayout layout, string flagHash, DateTimeOffset now)
    {
        // The receipt is per fingerprint; the inputs S4 reads are per seed and parameter hash as well. So each is named
        // by its path template with the fingerprint filled in and the other tokens left as they are: one receipt
        // serves every seed and parameter hash of the fingerprint (with the concrete partitions, the second seed's
        // run was a receipt conflict).
        var scope = new Dictionary<string, string>(StringComparer.Ordinal) { ["manifest_fingerprint"] = layout.Identity.ManifestFingerprint };
        S0SealedInput Sealed(string id) => new(id, layout.Dictionary.ResolveTemplate(id, scope, S4Codes.TokenMismatch), layout.Dictionary.Get(id).SchemaRef);

        return new S0GateReceipt
        {
            ManifestFingerprint = layout.Identity.ManifestFingerprint,
            ValidationBundlePath = layout.Relative(layout.ValidationBundle),
            FlagSha256Hex = flagHash,
            VerifiedAtUtc = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            SealedInputs =
            [
                Sealed("iso3166_canonical_2024"),
                Sealed("s3_requirements"),
                Sealed("tile_index"),
                Sealed("tile_weights"),
            ],
        };
    }

    /// <summary>
    /// True when <paramref name="existing"/> says what <paramref name="fresh"/> says, its time aside. A receipt written by
    /// an earlier release names each sealed input by one seed's concrete partition; it agrees when that partition is
    /// an instance of the fresh receipt's template, so existing data roots keep their receipts.
    /// </summary>
    private static bool SameApartFromTime(S0GateReceipt existing, S0GateReceipt fresh)
    {
        var sealedInputs = existing.SealedInputs
            .Select((e, i) => i < fresh.SealedInputs.Count && e.Id == fresh.SealedInputs[i].Id && DatasetDictionary.IsInstanceOf(e.Partition, fresh.SealedInputs[i].Partition) ? e with { Partition = fresh.SealedInputs[i].Partition } : e)
            .ToList();
        return AllotJson.ToLine(existing with { VerifiedAtUtc = string.Empty, SealedInputs = sealedInputs }) == AllotJson.ToLine(fresh with { VerifiedAtUtc = string.Empty });
    }

    /// <summary>Where two receipts that differ first differ, for the conflict's message ("field: existing ≠ this run's").</summary>
    private static string FirstDifference(S0GateReceipt existing, S0GateReceipt fresh)
    {
        (string Field, string Existing, string Fresh)[] fields =
        [
            ("manifest_fingerprint", existing.ManifestFingerprint, fresh.ManifestFingerprint),
            ("validation_bundle_path", existing.ValidationBundlePath, fresh.ValidationBundlePath),
            ("flag_sha256_hex", existing.FlagSha256Hex, fresh.FlagSha256Hex),
            ("sealed_inputs (count)", existing.SealedInputs.Count.ToString(CultureInfo.InvariantCulture), fresh.SealedInputs.Count.ToString(CultureInfo.InvariantCulture)),
            .. existing.SealedInputs.Zip(fresh.SealedInputs).SelectMany((p, i) => new[]
            {
                ($"sealed_inputs[{i}].id", p.First.Id, p.Second.Id),
                ($"sealed_inputs[{i}].partition", p.First.Partition, DatasetDictionary.IsInstanceOf(p.First.Partition, p.Second.Partition) ? p.First.Partition : p.Second.Partition),
                ($"sealed_inputs[{i}].schema_ref", p.First.SchemaRef ?? "null", p.Second.SchemaRef ?? "null"),
            }),
        ];
        return fields.FirstOrDefault(f => f.Existing != f.Fresh) is { Field: not null } d
            ? $"{d.Field}: '{d.Existing}' there, '{d.Fresh}' from this run"
            : "another field";
    }

    private static List<string> ReadIndex(string folder, string indexPath)
    {
        JsonArray? array;
        try
        {
            array = AllotJson.ParseStrict(File.ReadAllText(indexPath, Encoding.UTF8)) as JsonArray;
        }
        catch (JsonException ex)
        {
            throw Fail(S4Codes.IndexInvalid, indexPath, $"index.json is not valid JSON: {ex.Message}");
        }

        if (array is null)
        {
            throw Fail(S4Codes.IndexInvalid, indexPath, "index.json must be a JSON array of {artifact_id, path} objects.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var paths = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i] as JsonObject;
            string? Str(string key) => item?[key]?.GetValueKind() == JsonValueKind.String ? item[key]!.GetValue<string>() : null;
            var id = Str("artifact_id");
            var path = Str("path");
            if (id is null || path is null)
            {
                throw Fail(S4Codes.IndexInvalid, indexPath, $"entry {i} needs string 'artifact_id' and 'path'.");
            }

            if (!ids.Add(id))
            {
                throw Fail(S4Codes.IndexInvalid, indexPath, $"artifact_id '{id}' appears twice.");
            }

            if (path.Length == 0 || path.Any(c => c > 127 || c < 32) || path.StartsWith('/') || path.Contains('\\')
                || path.Contains(':') || path.Split('/').Any(s => s is ".." or "." or ""))
            {
                throw Fail(S4Codes.IndexInvalid, indexPath, $"path '{path}' of '{id}' must be relative, ASCII, '/'-separated and must not escape the bundle.");
            }

            if (!seen.Add(path))
            {
                throw Fail(S4Codes.IndexInvalid, indexPath, $"path '{path}' is indexed twice.");
            }

            if (!File.Exists(Path.Combine(folder, path)))
            {
                throw Fail(S4Codes.IndexInvalid, indexPath, $"indexed file '{path}' does not exist.");
            }

            paths.Add(path);
        }

        foreach (var rel in DeterminismReceipt.OrderedFiles(folder))
        {
            if (rel != FlagName && !seen.Contains(rel))
            {
                throw Fail(S4Codes.IndexInvalid, indexPath, $"file '{rel}' is in the bundle but not in index.json.");
            }
        }

        paths.Sort(StringComparer.Ordinal);
        return paths;
    }

    private static AllotException Fail(string code, string file, string message) =>
        new(new AllotError(code, ErrorCatalogue.ClassOf(code), message, File: file));

    private static AllotException Fail(ErrorClass role, string code, string file, string message) =>
        ErrorCatalogue.FailAs(role, code, message, new ErrorLocation(File: file));
}
