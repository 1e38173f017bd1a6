using System.Text;
using System.Text.Json;
using Allot.Data.Json;

namespace Allot.Data.Tests.Json;

public sealed class AllotJsonTests
{
    private sealed record Sample(string Name, long BytesReadS3, IReadOnlyDictionary<string, double>? Timings, string? Note = null);

    [Fact]
    public void Canonical_IsSnakeCase_SortedKeys_TwoSpaceIndent_TrailingNewline_NullsOmitted()
    {
        var text = Encoding.UTF8.GetString(AllotJson.ToCanonicalBytes(new Sample("Zürich <a&b>", 7, new Dictionary<string, double> { ["b"] = 1.5, ["a"] = 0.1 })));
        Assert.Equal("{\n  \"bytes_read_s3\": 7,\n  \"name\": \"Zürich <a&b>\",\n  \"timings\": {\n    \"a\": 0.1,\n    \"b\": 1.5\n  }\n}\n", text);
    }

    [Fact]
    public void Line_IsOneLine_WithSortedKeys()
    {
        Assert.Equal("{\"bytes_read_s3\":1,\"name\":\"x\"}", AllotJson.ToLine(new Sample("x", 1, null)));
    }

    [Fact]
    public void Read_RoundTrips_AndRejectsNullForNonNullable()
    {
        var s = new Sample("x", 3, null, "n");
        Assert.Equal(s, AllotJson.Read<Sample>(AllotJson.ToCanonicalBytes(s)));
        Assert.Throws<JsonException>(() => AllotJson.Read<Sample>("{\"name\":null,\"bytes_read_s3\":1}"u8));
    }

    [Fact]
    public void TokenText_ReadsStringOrNumber()
    {
        var options = new JsonSerializerOptions(AllotJson.Options);
        options.Converters.Add(new TokenTextConverter());
        Assert.Equal("42", JsonSerializer.Deserialize<string>("42", options));
        Assert.Equal("a", JsonSerializer.Deserialize<string>("\"a\"", options));
    }
}
