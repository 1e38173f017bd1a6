using System.Text.Json.Nodes;
using Allot.Data.Json;
using Allot.Segment1B.Reporting;

namespace Allot.Segment1B.Tests;

/// <summary>The run report is one record: what S4 writes is what the validator, the report section and the CLI read back.</summary>
public sealed class S4RunReportRecordTests
{
    [Fact]
    public void WrittenReport_ReadsBackAsTheSameRecord_WithSummaries()
    {
        using var h = HandRoot.SpecExamples();
        var result = S4Runner.Run(h.Layout, 1, false);
        var summaries = new List<MerchantSummary?>();
        var back = S4RunReport.Read(h.Layout.RunReport, summaries.Add);
        Assert.Equal(result.Report with { TimingsSeconds = null }, back with { TimingsSeconds = null });
        Assert.Equal(result.Report.TimingsSeconds!.Keys.Order(), back.TimingsSeconds!.Keys.Order());
        Assert.Equal([new MerchantSummary(101, 1, 1, 2, 5), new MerchantSummary(202, 1, 1, 3, 3)], summaries);
    }

    [Fact]
    public void SerialisedKeys_AreTheContractFields_Sorted_TwoSpaceIndent()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var text = File.ReadAllText(h.Layout.RunReport);
        var node = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(
            S4RunReport.RequiredFields.Append(S4RunReport.SummariesKey).Append("timings_seconds").Order(StringComparer.Ordinal),
            node.Select(p => p.Key));
        Assert.Equal(text, System.Text.Encoding.UTF8.GetString(AllotJson.ToCanonicalBytes(node)));
        Assert.StartsWith("{\n  \"alloc_sum_equals_requirements\": true,\n  \"bytes_read_index\": ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WrittenSummaries_AreTheSerialisersBytes_IncludingSumsBeyond64Bits()
    {
        var pairs = new Allocation.RequirementPairs(
            [1, 1, 7, 9, 9, 9, long.MaxValue],
            ["AA", "BB", "AA", "AA", "BB", "CC", "ZZ"],
            [3, long.MaxValue, 1, long.MaxValue, long.MaxValue, long.MaxValue, 5]);
        int[] rowsPerPair = [2, 40, 1, 7, 0, 3, 5];

        // As the report writes them (inside the root object) and as a document of their own.
        foreach (var nested in new[] { true, false })
        {
            AssertSummariesAreTheSerialisers(pairs, rowsPerPair, nested);
        }

        AssertSummariesAreTheSerialisers(new Allocation.RequirementPairs([], [], []), [], nested: true);
    }

    private static void AssertSummariesAreTheSerialisers(Allocation.RequirementPairs pairs, int[] rowsPerPair, bool nested)
    {
        using var fast = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(fast, AllotJson.CanonicalWriterOptions))
        {
            if (nested)
            {
                w.WriteStartObject();
                w.WritePropertyName("a");
            }

            S4RunReport.WriteSummaries(w, fast, pairs, rowsPerPair);
            if (nested)
            {
                w.WriteNumber("b", 1);
                w.WriteEndObject();
            }
        }

        var slow = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(slow, AllotJson.CanonicalWriterOptions))
        {
            if (nested)
            {
                w.WriteStartObject();
                w.WritePropertyName("a");
            }

            w.WriteStartArray();
            foreach (var m in S4RunReport.EnumerateSummaries(pairs, rowsPerPair))
            {
                System.Text.Json.JsonSerializer.Serialize(w, m, AllotJson.Options);
            }

            w.WriteEndArray();
            if (nested)
            {
                w.WriteNumber("b", 1);
                w.WriteEndObject();
            }
        }

        var text = System.Text.Encoding.UTF8.GetString(fast.ToArray());
        Assert.Equal(System.Text.Encoding.UTF8.GetString(slow.WrittenSpan), text);
        if (pairs.Count > 0)
        {
            Assert.Contains("27670116110564327421", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{\"countries\": 2, \"merchant_id\": 7, \"n_sites_total\": 9, \"pairs\": 2, \"tiles\": 5}", true)]
    [InlineData("{\"tiles\": 5, \"pairs\": 2, \"n_sites_total\": 9, \"merchant_id\": 7, \"countries\": 2}", true)]
    [InlineData("{\"countries\": 1, \"merchant_id\": 3, \"n_sites_total\": 4, \"pairs\": 12}", true)]
    [InlineData("{\"countries\": 1, \"merchant_id\": 3, \"n_sites_total\": 27670116110564327421, \"pairs\": 1, \"tiles\": 2}", false)]
    [InlineData("{\"countries\": 1, \"merchant_id\": 3, \"n_sites_total\": 4, \"pairs\": 1, \"tiles\": null}", false)]
    [InlineData("{\"countries\": 1, \"merchant_id\": 3, \"n_sites_total\": 4, \"pairs\": 1, \"note\": \"x\"}", false)]
    [InlineData("{\"countries\": 1, \"merchant_id\": 3, \"pairs\": 1}", false)]
    [InlineData("{\"countries\": 1.5, \"merchant_id\": 3, \"n_sites_total\": 4, \"pairs\": 1}", false)]
    [InlineData("{\"countries\": 1, \"countries\": 2, \"merchant_id\": 3, \"n_sites_total\": 4, \"pairs\": 1}", false)]
    [InlineData("[1, 2]", false)]
    public void SummaryFastPath_ReadsWhatTheSerialiserReads_OrDeclines(string json, bool taken)
    {
        var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        reader.Read();
        Assert.Equal(taken, S4RunReport.TryReadSummary(ref reader, out var fast));
        if (taken)
        {
            Assert.Equal(AllotJson.Read<MerchantSummary>(JsonNode.Parse(json)!), fast);
        }
    }

    [Fact]
    public void RequiredFields_AreTheRecordsRequiredProperties()
    {
        Assert.Equal(
            [
                "alloc_sum_equals_requirements", "bytes_read_index", "bytes_read_s3", "bytes_read_weights", "cpu_seconds_total",
                "determinism_receipt", "ingress_versions", "manifest_fingerprint", "max_worker_rss_bytes", "merchants_total",
                "open_files_peak", "pairs_total", "parameter_hash", "rows_emitted", "seed", "shortfall_total", "ties_broken_total",
                "wall_clock_seconds_total", "workers_used",
            ],
            S4RunReport.RequiredFields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReportWithAFieldOfTheWrongType_IsAJsonException_NamingIt()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var node = JsonNode.Parse(File.ReadAllText(h.Layout.RunReport))!.AsObject();
        node["rows_emitted"] = "five";
        File.WriteAllBytes(h.Layout.RunReport, AllotJson.ToCanonicalBytes(node));
        var ex = Assert.Throws<System.Text.Json.JsonException>(() => S4RunReport.Read(h.Layout.RunReport, _ => { }));
        Assert.Contains("rows_emitted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NumericSeedOfAnotherProducer_IsReadAsItsText()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var node = JsonNode.Parse(File.ReadAllText(h.Layout.RunReport))!.AsObject();
        node["seed"] = 42;
        File.WriteAllBytes(h.Layout.RunReport, AllotJson.ToCanonicalBytes(node));
        Assert.Equal("42", S4RunReport.Read(h.Layout.RunReport, _ => { }).Seed);
    }
}
