using Allot.Core.Errors;
using Allot.Segment1B;
using Allot.Segment1B.Gate;

namespace Allot.Segment1B.Tests;

public sealed class GateTests
{
    [Fact]
    public void Gate_ValidBundle_WritesReceiptWithSealedInputs()
    {
        using var h = HandRoot.SpecExamples();
        var receipt = ValidationBundleGate.Run(h.Layout, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        Assert.Equal("2026-01-02T03:04:05.000000Z", receipt.VerifiedAtUtc);
        Assert.Equal(4, receipt.SealedInputs.Count);
        Assert.True(File.Exists(h.Layout.GateReceipt));
        // Re-run later: only the timestamp differs ⇒ kept as is.
        ValidationBundleGate.Run(h.Layout, DateTimeOffset.UtcNow);
        Assert.Contains("2026-01-02T03:04:05.000000Z", File.ReadAllText(h.Layout.GateReceipt), StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_NoFlag_E301() => GateFails(b => File.Delete(Path.Combine(b, "_passed.flag")), S4Codes.NoPassFlag);

    [Fact]
    public void Gate_NoIndex_E_INDEX_MISSING() => GateFails(b => File.Delete(Path.Combine(b, "index.json")), S4Codes.IndexMissing);

    [Fact]
    public void Gate_FileNotIndexed_E_INDEX_INVALID() => GateFails(b => File.WriteAllText(Path.Combine(b, "extra.txt"), "x"), S4Codes.IndexInvalid);

    [Fact]
    public void Gate_EscapingPath_E_INDEX_INVALID() =>
        GateFails(b => File.WriteAllText(Path.Combine(b, "index.json"), "[{\"artifact_id\":\"a\",\"path\":\"../x\"}]"), S4Codes.IndexInvalid);

    [Fact]
    public void Gate_DuplicateIds_E_INDEX_INVALID() =>
        GateFails(b => File.WriteAllText(Path.Combine(b, "index.json"), "[{\"artifact_id\":\"a\",\"path\":\"index.json\"},{\"artifact_id\":\"a\",\"path\":\"MANIFEST.json\"}]"), S4Codes.IndexInvalid);

    [Fact]
    public void Gate_IndexEntryGivingAKeyTwice_E_INDEX_INVALID()
    {
        // Found by hand: a repeated "path" in an index entry crashed S0 with E_INTERNAL (exit 70, JsonObject's duplicate key).
        var ex = GateFails(b => File.WriteAllText(Path.Combine(b, "index.json"), "[{\"artifact_id\":\"a\",\"path\":\"nothing.json\",\"path\":\"index.json\"}]"), S4Codes.IndexInvalid);
        Assert.Contains("path", ex.Error.Message, StringComparison.Ordinal);
        Assert.EndsWith("index.json", ex.Error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_FlagUppercaseHex_E_FLAG_FORMAT_INVALID() =>
        GateFails(b => File.WriteAllText(Path.Combine(b, "_passed.flag"), "sha256_hex = " + new string('A', 64) + "\n"), S4Codes.FlagFormatInvalid);

    [Fact]
    public void Gate_ArtifactChangedAfterPass_E_FLAG_HASH_MISMATCH() =>
        GateFails(b => File.AppendAllText(Path.Combine(b, "MANIFEST.json"), " "), S4Codes.FlagHashMismatch);

    [Fact]
    public void Gate_ExistingReceiptWithOtherContent_E_RECEIPT_CONFLICT()
    {
        using var h = HandRoot.SpecExamples();
        ValidationBundleGate.Run(h.Layout, DateTimeOffset.UtcNow);
        File.WriteAllText(h.Layout.GateReceipt, File.ReadAllText(h.Layout.GateReceipt).Replace("flag_sha256_hex\": \"", "flag_sha256_hex\": \"0", StringComparison.Ordinal));
        var ex = Assert.Throws<AllotException>(() => S4Runner.Run(h.Layout, 1, false));
        Assert.Equal(S4Codes.ReceiptConflict, ex.Code);
        Assert.Contains("(flag_sha256_hex: '0", ex.Error.Message, StringComparison.Ordinal); // says what differs
        Assert.False(Directory.Exists(h.Layout.AllocPlan));
    }

    [Fact]
    public void TwoSeedsOfOneFingerprint_ShareOneReceipt_AndBothRun()
    {
        // Tried as a user would: S4 for seed 42, then seed 43 of the same fingerprint was E_RECEIPT_CONFLICT, because
        // the fingerprint's receipt named seed 42's requirements partition. It now names the inputs by template.
        using var h = HandRoot.SpecExamples();
        Assert.True(S4Runner.Run(h.Layout, 1, false).Report.AllocSumEqualsRequirements);
        var receipt = File.ReadAllBytes(h.Layout.GateReceipt);
        Assert.Contains("\"partition\": \"data/layer1/1B/s3_requirements/seed={seed}/fingerprint=fp0123abc/parameter_hash={parameter_hash}/\"", File.ReadAllText(h.Layout.GateReceipt), StringComparison.Ordinal);

        var other = new Segment1BLayout(h.Root, new Segment1BIdentity("43", "fp0123abc", "ph0456def"));
        CopyFolder(h.Layout.Requirements, other.Requirements);
        Assert.True(S4Runner.Run(other, 1, false).Report.AllocSumEqualsRequirements);
        Assert.True(Directory.Exists(other.AllocPlan));
        Assert.Equal(receipt, File.ReadAllBytes(h.Layout.GateReceipt)); // kept as written
    }

    [Fact]
    public void AReceiptOfAnEarlierRelease_WithOneSeedsPartitions_IsKept_AndServesOtherSeeds()
    {
        // Earlier releases wrote concrete partitions; data roots that hold such a receipt must keep working.
        using var h = HandRoot.SpecExamples();
        ValidationBundleGate.Run(h.Layout, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var legacy = File.ReadAllText(h.Layout.GateReceipt)
            .Replace("seed={seed}", "seed=42", StringComparison.Ordinal)
            .Replace("parameter_hash={parameter_hash}", "parameter_hash=ph0456def", StringComparison.Ordinal);
        Assert.DoesNotContain("={", legacy, StringComparison.Ordinal);
        File.WriteAllText(h.Layout.GateReceipt, legacy);

        var other = new Segment1BLayout(h.Root, new Segment1BIdentity("43", "fp0123abc", "ph0456def"));
        CopyFolder(h.Layout.Requirements, other.Requirements);
        Assert.True(S4Runner.Run(other, 1, false).Report.AllocSumEqualsRequirements);
        Assert.Equal(legacy, File.ReadAllText(h.Layout.GateReceipt));

        // Still a conflict when the receipt says something else: another validation bundle path.
        File.WriteAllText(h.Layout.GateReceipt, legacy.Replace("data/layer1/1A/validation/", "data/layer1/1A/validation-old/", StringComparison.Ordinal));
        var ex = Assert.Throws<AllotException>(() => ValidationBundleGate.Run(other, DateTimeOffset.UtcNow));
        Assert.Equal(S4Codes.ReceiptConflict, ex.Code);
        Assert.Contains("(validation_bundle_path: 'data/layer1/1A/validation-old/", ex.Error.Message, StringComparison.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    [Fact]
    public void SkipS0_WithoutReceipt_E_GATE_RECEIPT_MISSING()
    {
        using var h = HandRoot.SpecExamples();
        var ex = Assert.Throws<AllotException>(() => S4Runner.Run(h.Layout, 1, skipS0: true));
        Assert.Equal(S4Codes.GateReceiptMissing, ex.Code);
        Assert.False(Directory.Exists(h.Layout.AllocPlan));
    }

    [Fact]
    public void SkipS0_WithAReceiptForAnotherFlag_IsRefused_AndWithTheBundleGone_IsAccepted()
    {
        // Found by hand: --skip-s0 ran S4 on a receipt whose flag_sha256_hex no longer matched the bundle's flag (the
        // bundle re-issued after S0 verified it), so S4 ran on a gate that no longer held.
        using var h = HandRoot.SpecExamples();
        ValidationBundleGate.Run(h.Layout, DateTimeOffset.UtcNow);
        var flag = Path.Combine(h.Layout.ValidationBundle, ValidationBundleGate.FlagName);
        var original = File.ReadAllText(flag);
        File.WriteAllText(flag, "sha256_hex = " + new string('b', 64) + "\n");
        var ex = Assert.Throws<AllotException>(() => S4Runner.Run(h.Layout, 1, skipS0: true));
        Assert.Equal(S4Codes.GateReceiptMissing, ex.Code);
        Assert.Contains("the bundle's _passed.flag now says bbbb", ex.Error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(h.Layout.AllocPlan));

        // A bundle archived after S0 leaves the receipt as the proof: that is what --skip-s0 is for.
        File.WriteAllText(flag, original);
        Directory.Delete(h.Layout.ValidationBundle, recursive: true);
        Assert.True(S4Runner.Run(h.Layout, 1, skipS0: true).Report.RowsEmitted > 0);
    }

    private static AllotException GateFails(Action<string> breakBundle, string code)
    {
        using var h = HandRoot.SpecExamples();
        breakBundle(h.Layout.ValidationBundle);
        var ex = Assert.Throws<AllotException>(() => S4Runner.Run(h.Layout, 1, false));
        Assert.Equal(code, ex.Code);
        Assert.False(File.Exists(h.Layout.GateReceipt));
        Assert.False(Directory.Exists(h.Layout.AllocPlan));
        Assert.False(File.Exists(h.Layout.RunReport));
        return ex;
    }
}
