using System.Text.Json.Nodes;
using Allot.Data.Json;
using Allot.Segment1B;
using Allot.Segment1B.Validation;

namespace Allot.Segment1B.Tests;

public sealed class StreamingReportReaderTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(1 << 20)]
    public void Read_AnyBufferSize_SplitsHeadAndStreamsItems(int bufferSize)
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var whole = JsonNode.Parse(File.ReadAllText(h.Layout.RunReport))!.AsObject();
        var items = new List<JsonObject?>();

        var head = StreamingReportReader.Read(h.Layout.RunReport, "merchant_summaries", items.Add, bufferSize);

        Assert.Equal(whole["merchant_summaries"]!.AsArray().Select(n => n!.ToJsonString()), items.Select(i => i!.ToJsonString()));
        whole.Remove("merchant_summaries");
        Assert.Equal(AllotJson.ToLine(whole), AllotJson.ToLine(head));
    }

    [Fact]
    public void Report_File_IsCanonical_SortedKeysTwoSpaceIndent()
    {
        using var h = HandRoot.SpecExamples();
        S4Runner.Run(h.Layout, 1, false);
        var text = File.ReadAllText(h.Layout.RunReport);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(AllotJson.ToCanonicalBytes(JsonNode.Parse(text)!)), text);
    }

    [Fact]
    public void Read_Truncated_Throws()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{\"a\": 1, \"merchant_summaries\": [{\"x\": 1}");
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => StreamingReportReader.Read(path, "merchant_summaries", _ => { }, 16));
        File.Delete(path);
    }
}
