using System.Text.Json.Nodes;
using Allot.Core.Errors;
using Allot.Data.Json;
using Allot.Data.Publishing;
using Allot.Segment1B.Validation;
using Allot.Tests.Shared;

namespace Allot.Segment1B.Tests;

/// <summary>
/// S4 and validate-s4 on every dataset they read, written by every producer of the matrix (60-data-plane):
/// s3_requirements, tile_weights, tile_index, the ISO table and the plan; plus the original engine's UINT64
/// merchant_id plan and its id-keyed dataset dictionary.
/// </summary>
public sealed class ProducerMatrixS4Tests
{
    private static readonly List<(long, string, ulong, long)> ExpectedPlan = ExpectedRows();

    public static TheoryData<string> Variants => ProducerMatrix.VariantNames();

    [Theory]
    [MemberData(nameof(Variants))]
    public void EveryInput_WrittenByAnyProducer_GivesTheSamePlan_AndValidates(string name)
    {
        var v = ProducerMatrix.Variant(name);
        using var h = HandRoot.SpecExamples();
        ProducerMatrix.Replace(h.Layout.IsoTable, true, v, [new("country_iso", new[] { "GB", "FR", "DE" })]);
        ProducerMatrix.Replace(h.Layout.TileIndex, false, v,
        [
            new("country_iso", new[] { "GB", "GB", "GB", "FR", "FR", "FR" }), new("tile_id", new ulong[] { 1001, 1002, 1003, 7, 8, 9 }),
        ]);
        ProducerMatrix.Replace(h.Layout.TileWeights, false, v,
        [
            new("country_iso", new[] { "GB", "GB", "FR", "FR", "FR" }), new("tile_id", new ulong[] { 1001, 1002, 7, 8, 9 }),
            new("weight_fp", new ulong[] { 700, 300, 333, 334, 333 }), new("dp", new long[] { 3, 3, 3, 3, 3 }),
        ]);
        ProducerMatrix.Replace(h.Layout.Requirements, false, v,
        [
            new("merchant_id", new long[] { 202, 101 }), new("legal_country_iso", new[] { "FR", "GB" }), new("n_sites", new long[] { 3, 5 }),
        ]);

        S4Runner.Run(h.Layout, 2, false);

        Assert.Equal(ExpectedPlan, HandRoot.ReadPlan(h.Layout.AllocPlan));
        Assert.Equal(RunStatus.Ok, S4Validator.Validate(h.Layout).Status);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Plan_RewrittenByAnyProducer_WithUint64MerchantId_Validates(string name)
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var rows = HandRoot.ReadPlan(h.Layout.AllocPlan);
        ProducerMatrix.Replace(h.Layout.AllocPlan, false, ProducerMatrix.Variant(name),
        [
            new("merchant_id", rows.Select(r => (ulong)r.Merchant).ToArray()), new("legal_country_iso", rows.Select(r => r.Country).ToArray()),
            new("tile_id", rows.Select(r => r.Tile).ToArray()), new("n_sites_tile", rows.Select(r => r.Count).ToArray()),
        ]);
        PatchReceipt(h);

        Assert.Equal(RunStatus.Ok, S4Validator.Validate(h.Layout).Status);
    }

    [Fact]
    public void OriginalEngineDictionary_IdKeyed_DrivesRunAndValidation()
    {
        using var h = HandRoot.SpecExamples();
        var dictionary = Path.Combine(h.Root, "engine-layer1.1B.yaml");
        File.WriteAllText(dictionary, EngineDictionary);
        var layout = new Segment1BLayout(h.Root, h.Identity, dictionary);
        Assert.Equal(h.Layout.AllocPlan, layout.AllocPlan);
        Assert.Equal("2024-12-31", layout.IsoVersion);

        var result = S4Runner.Run(layout, 1, false);
        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(ExpectedPlan, HandRoot.ReadPlan(layout.AllocPlan));
        Assert.Equal(RunStatus.Ok, S4Validator.Validate(layout).Status);
    }

    [Fact]
    public void BuiltInInteropDictionary_IsShippedInTheTool()
    {
        var d = Segment1BLayout.LoadDictionary("interop-sample");
        Assert.Equal("reference/iso/iso3166_canonical.parquet", d.Get("iso3166_canonical_2024").PathTemplate);
        Assert.Equal("demo", d.Get("iso3166_canonical_2024").Version);
        var ex = Assert.Throws<AllotException>(() => Segment1BLayout.LoadDictionary("no-such-dictionary"));
        Assert.Equal("E_DICTIONARY_INVALID", ex.Code);
    }

    private static void PatchReceipt(HandRoot h)
    {
        var report = JsonNode.Parse(File.ReadAllText(h.Layout.RunReport))!.AsObject();
        report["determinism_receipt"]!["sha256_hex"] = DeterminismReceipt.ComputeSha256Hex(h.Layout.AllocPlan);
        File.WriteAllText(h.Layout.RunReport, report.ToJsonString());
    }

    private static List<(long, string, ulong, long)> ExpectedRows()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        return HandRoot.ReadPlan(h.Layout.AllocPlan);
    }

    // The shape of the original engine's dictionary (contracts/dataset_dictionary/l1/seg_1B/layer1.1B.yaml in its
    // repository): sections keyed by dataset id, 'partitioning' for the keys, governance fields Allot ignores.
    private const string EngineDictionary = """
        version: '1.0'
        lifecycle:
          phase: alpha
        layer:
          id: layer1
          name: Test layer
        reference_data:
          iso3166_canonical_2024:
            status: approved
            owner_subsegment: ingress
            version: '2024-12-31'
            format: parquet
            path: reference/iso/iso3166_canonical/2024-12-31/iso3166.parquet
            partitioning: []
            ordering: []
            schema_ref: schemas.ingress.layer1.yaml#/iso3166_canonical_2024
            lineage:
              produced_by:
              consumed_by: [1B]
          validation_bundle_1A:
            version: '{manifest_fingerprint}'
            format: directory
            path: data/layer1/1A/validation/fingerprint={manifest_fingerprint}/
            partitioning: [fingerprint]
        datasets:
          s0_gate_receipt_1B:
            version: '{manifest_fingerprint}'
            format: json
            path: data/layer1/1B/s0_gate_receipt/fingerprint={manifest_fingerprint}/s0_gate_receipt.json
            partitioning: [fingerprint]
          tile_index:
            version: '{parameter_hash}'
            format: parquet
            path: data/layer1/1B/tile_index/parameter_hash={parameter_hash}/
            partitioning: [parameter_hash]
            ordering: [country_iso, tile_id]
          tile_weights:
            version: '{parameter_hash}'
            format: parquet
            path: data/layer1/1B/tile_weights/parameter_hash={parameter_hash}/
            partitioning: [parameter_hash]
          s3_requirements:
            format: parquet
            path: data/layer1/1B/s3_requirements/seed={seed}/fingerprint={manifest_fingerprint}/parameter_hash={parameter_hash}/
            partitioning: [seed, fingerprint, parameter_hash]
          s4_alloc_plan:
            format: parquet
            path: data/layer1/1B/s4_alloc_plan/seed={seed}/fingerprint={manifest_fingerprint}/parameter_hash={parameter_hash}/
            partitioning: [seed, fingerprint, parameter_hash]
            ordering: [merchant_id, legal_country_iso, tile_id]
          s4_run_report:
            format: json
            path: control/s4_alloc_plan/seed={seed}/fingerprint={manifest_fingerprint}/parameter_hash={parameter_hash}/s4_run_report.json
            partitioning: [seed, fingerprint, parameter_hash]
        """;
}
