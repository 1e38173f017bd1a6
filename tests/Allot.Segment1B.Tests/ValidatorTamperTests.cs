using System.Text.Json.Nodes;
using Allot.Core.Errors;
using Allot.Data.Parquet;
using Allot.Segment1B;
using Allot.Segment1B.Fixtures;
using Allot.Segment1B.Gate;
using Allot.Segment1B.Validation;

namespace Allot.Segment1B.Tests;

/// <summary>validate-s4 catches every kind of tampering with its own code.</summary>
public sealed class ValidatorTamperTests
{
    [Fact]
    public void ChangedCount_E403() => Tampered(HandRoot.SpecExamples(), rows => rows[0] = rows[0] with { Count = 5 }, S4Codes.ShortfallMismatch);

    [Fact]
    public void CountsMovedWithSameSum_OutsideFloorOrCeiling_E403() =>
        Tampered(HandRoot.SpecExamples(), rows =>
        {
            rows[0] = rows[0] with { Count = 5 };
            rows.RemoveAt(1);
        }, S4Codes.ShortfallMismatch);

    [Fact]
    public void MovedPlusOneAgainstTieRule_E404() =>
        Tampered(HandRoot.EqualRemainders(), rows =>
        {
            // 41 had the last +1 by tile_id; give it to 90 instead (equal remainder, larger id).
            var i = rows.FindIndex(r => r.Tile == 41);
            rows[i] = rows[i] with { Tile = 90 };
        }, S4Codes.TieBreak);

    [Fact]
    public void DroppedRow_E403() => Tampered(HandRoot.SpecExamples(), rows => rows.RemoveAt(4), S4Codes.ShortfallMismatch);

    [Fact]
    public void UnsortedRows_E406() => Tampered(HandRoot.SpecExamples(), rows => (rows[0], rows[1]) = (rows[1], rows[0]), S4Codes.SortInvalid);

    [Fact]
    public void DuplicateRow_E407() => Tampered(HandRoot.SpecExamples(), rows => rows.Insert(1, rows[0]), S4Codes.PkDuplicate);

    [Fact]
    public void TileOutsideCountry_E408() =>
        Tampered(HandRoot.SpecExamples(), rows => rows[1] = rows[1] with { Tile = 1003 }, S4Codes.CoverageMissing);

    [Fact]
    public void ExtraColumn_E405()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var rows = HandRoot.ReadPlan(h.Layout.AllocPlan);
        HandRoot.Write(h.Layout.AllocPlan, [.. Allot.Segment1B.Allocation.PlanRowSink.Columns, new("note", ParquetColumnKind.String)],
            [rows.Select(r => r.Merchant).ToArray(), rows.Select(r => r.Country).ToArray(), rows.Select(r => r.Tile).ToArray(), rows.Select(r => r.Count).ToArray(), rows.Select(_ => "x").ToArray()]);
        Assert.Equal(S4Codes.SchemaInvalid, Assert.Throws<AllotException>(() => S4Validator.Validate(h.Layout)).Code);
    }

    [Fact]
    public void ReportCounterEdited_E409() => ReportEdited(r => r["rows_emitted"] = 6, S4Codes.Determinism);

    [Fact]
    public void ReportReceiptHashEdited_E409() => ReportEdited(r => r["determinism_receipt"]!["sha256_hex"] = new string('0', 64), S4Codes.Determinism);

    [Fact]
    public void ReportFieldRemoved_E409() => ReportEdited(r => r.Remove("open_files_peak"), S4Codes.Determinism);

    [Fact]
    public void ReportMerchantSummaryEdited_E409() => ReportEdited(r => r["merchant_summaries"]![0]!["n_sites_total"] = 9, S4Codes.Determinism);

    [Fact]
    public void ReportSeedEdited_E410() => ReportEdited(r => r["seed"] = "43", S4Codes.TokenMismatch);

    [Fact]
    public void ReportMissing_E409() => ReportEdited(_ => { }, S4Codes.Determinism, delete: true);

    [Theory]
    [InlineData("\"rows_emitted\":", "\"rows_emitted\": 999,\n  \"rows_emitted\":")] // last-wins read the right value and passed
    [InlineData("\"n_sites_total\":", "\"n_sites_total\": 999,\n      \"n_sites_total\":")] // inside a merchant summary
    public void ReportGivingAKeyTwice_E409(string original, string edited)
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var text = File.ReadAllText(h.Layout.RunReport);
        var at = text.IndexOf(original, StringComparison.Ordinal);
        Assert.True(at >= 0, text);
        File.WriteAllText(h.Layout.RunReport, text[..at] + edited + text[(at + original.Length)..]);
        var ex = Assert.Throws<AllotException>(() => S4Validator.Validate(h.Layout));
        Assert.Equal((S4Codes.Determinism, ErrorClass.Validation), (ex.Code, ex.Error.Class));
        Assert.Contains("twice", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GateReceiptDeleted_AfterTheRun_E_GATE_RECEIPT_MISSING_AsAValidationFailure()
    {
        // Found by hand: the plan, its report and its hash were all intact, so validate-s4 said "ok" for a plan whose
        // S0 gate receipt (the proof that the 1A bundle passed, without which S4 does not run) was gone.
        var ex = ReceiptEdited(h => File.Delete(h.Layout.GateReceipt));
        Assert.Equal(S4Codes.GateReceiptMissing, ex.Code);
        Assert.Equal(ErrorClass.Validation, ex.Error.Class);
        Assert.Equal(ReceiptFileName, Path.GetFileName(ex.Error.Location.File));
    }

    [Fact]
    public void BundleReissuedAfterTheRun_ReceiptNamesAnotherFlag_E_GATE_RECEIPT_MISSING()
    {
        var ex = ReceiptEdited(h => File.WriteAllText(Path.Combine(h.Layout.ValidationBundle, ValidationBundleGate.FlagName), "sha256_hex = " + new string('b', 64) + "\n"));
        Assert.Equal(S4Codes.GateReceiptMissing, ex.Code);
        Assert.Equal(ErrorClass.Validation, ex.Error.Class);
        Assert.Contains("bbbb", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GateReceiptOfAnotherFingerprint_E410()
    {
        var ex = ReceiptEdited(h =>
        {
            var receipt = JsonNode.Parse(File.ReadAllText(h.Layout.GateReceipt))!.AsObject();
            receipt["manifest_fingerprint"] = new string('c', 64);
            File.WriteAllText(h.Layout.GateReceipt, receipt.ToJsonString());
        });
        Assert.Equal(S4Codes.TokenMismatch, ex.Code);
        Assert.Equal(ErrorClass.Validation, ex.Error.Class);
    }

    [Fact]
    public void GateReceiptNotJson_E_GATE_RECEIPT_MISSING()
    {
        var ex = ReceiptEdited(h => File.WriteAllText(h.Layout.GateReceipt, "{\"manifest_fingerprint\": "));
        Assert.Equal(S4Codes.GateReceiptMissing, ex.Code);
    }

    [Fact]
    public void GateReceiptGivingTheFlagTwice_E_GATE_RECEIPT_MISSING()
    {
        // The serialiser kept the last flag_sha256_hex: a receipt claiming two flags passed as the second one.
        var ex = ReceiptEdited(h =>
        {
            var text = File.ReadAllText(h.Layout.GateReceipt);
            File.WriteAllText(h.Layout.GateReceipt, text.Replace("\"flag_sha256_hex\":", "\"flag_sha256_hex\": \"" + new string('d', 64) + "\",\n  \"flag_sha256_hex\":", StringComparison.Ordinal));
        });
        Assert.Equal((S4Codes.GateReceiptMissing, ErrorClass.Validation), (ex.Code, ex.Error.Class));
    }

    [Fact]
    public void BundleArchivedAfterTheRun_ReceiptStillProvesTheGate_Valid()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        Directory.Delete(h.Layout.ValidationBundle, recursive: true);
        Assert.Equal("ok", S4Validator.Validate(h.Layout).Status);
    }

    [Fact]
    public void CustomBundle_ValidatorChecksTheReceiptsBundle_NotTheDictionarysDefaultFolder()
    {
        // A run gated on --validation-bundle B: validate-s4 (which has no such option) looked at the dictionary's default
        // folder, so another bundle there failed a valid plan and a re-issued B went unnoticed.
        using var h = HandRoot.SpecExamples();
        var custom = Path.Combine(h.Root, "bundles", "b");
        FixtureGenerator.WriteBundle(custom, h.Identity);
        var run = new Segment1BLayout(h.Root, h.Identity, validationBundleOverride: custom);
        S4Runner.Run(run, 1, false);
        File.WriteAllText(Path.Combine(h.Layout.ValidationBundle, ValidationBundleGate.FlagName), "sha256_hex = " + new string('b', 64) + "\n");
        Assert.Equal("ok", S4Validator.Validate(h.Layout).Status);

        File.WriteAllText(Path.Combine(custom, ValidationBundleGate.FlagName), "sha256_hex = " + new string('e', 64) + "\n");
        var ex = Assert.Throws<AllotException>(() => S4Validator.Validate(h.Layout));
        Assert.Equal((S4Codes.GateReceiptMissing, ErrorClass.Validation), (ex.Code, ex.Error.Class));
        Assert.Contains(custom, ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SkipS0_WithAnotherBundleThanTheReceipts_IsRefused()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var other = Path.Combine(h.Root, "bundles", "other");
        FixtureGenerator.WriteBundle(other, h.Identity);
        var ex = Assert.Throws<AllotException>(() => S4Runner.Run(new Segment1BLayout(h.Root, h.Identity, validationBundleOverride: other), 1, true));
        Assert.Equal((S4Codes.GateReceiptMissing, ErrorClass.Input), (ex.Code, ex.Error.Class));
        Assert.Contains("the receipt proves the bundle at", ex.Error.Message, StringComparison.Ordinal);
    }

    private const string ReceiptFileName = "s0_gate_receipt.json";

    private static AllotException ReceiptEdited(Action<HandRoot> edit)
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        Assert.Equal("ok", S4Validator.Validate(h.Layout).Status);
        edit(h);
        return Assert.Throws<AllotException>(() => S4Validator.Validate(h.Layout));
    }

    private static void Tampered(HandRoot root, Action<List<(long Merchant, string Country, ulong Tile, long Count)>> tamper, string code)
    {
        using var h = root;
        S4Runner.Run(h.Layout, 1, false);
        Assert.Equal("ok", S4Validator.Validate(h.Layout).Status);
        var rows = HandRoot.ReadPlan(h.Layout.AllocPlan);
        tamper(rows);
        HandRoot.WritePlan(h.Layout.AllocPlan, rows);
        var ex = Assert.Throws<AllotException>(() => S4Validator.Validate(h.Layout));
        Assert.Equal(code, ex.Code);
    }

    private static void ReportEdited(Action<JsonObject> edit, string code, bool delete = false)
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var report = JsonNode.Parse(File.ReadAllText(h.Layout.RunReport))!.AsObject();
        edit(report);
        if (delete)
        {
            File.Delete(h.Layout.RunReport);
        }
        else
        {
            File.WriteAllText(h.Layout.RunReport, report.ToJsonString());
        }

        Assert.Equal(code, Assert.Throws<AllotException>(() => S4Validator.Validate(h.Layout)).Code);
    }
}
