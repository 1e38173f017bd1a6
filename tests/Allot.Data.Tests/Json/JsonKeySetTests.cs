using System.Text;
using System.Text.Json;
using Allot.Data.Json;

namespace Allot.Data.Tests.Json;

public sealed class JsonKeySetTests
{
    [Theory]
    [InlineData("""{"a":1,"b":2,"a":3}""", "a")]
    [InlineData("""{"n_outlets":1,"n_\u006futlets":2}""", "n_outlets")] // the same name, escaped
    [InlineData("""{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,"k13":13,"k14":14,"k15":15,"k16":16,"k17":17,"k18":18,"k19":19,"k20":20,"k21":21,"k22":22,"k23":23,"k24":24,"k25":25,"k26":26,"k27":27,"k28":28,"k29":29,"k30":30,"k31":31,"k32":32,"k17":0}""", "k17")] // past the first growth of the name table
    public void Add_RefusesTheSecondOccurrence_AndNamesIt(string json, string repeated)
    {
        var keys = new JsonKeySet();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        string? refused = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && !keys.Add(ref reader))
            {
                refused = keys.Repeated;
                break;
            }
        }

        Assert.Equal(repeated, refused);
    }

    [Fact]
    public void Clear_StartsAFreshObject()
    {
        var keys = new JsonKeySet();
        foreach (var line in new[] { """{"a":1,"b":2}""", """{"a":1,"b":2}""" })
        {
            keys.Clear();
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line));
            while (reader.Read())
            {
                Assert.True(reader.TokenType != JsonTokenType.PropertyName || keys.Add(ref reader));
            }
        }
    }

    [Theory]
    [InlineData("""{"a":{"x":1},"b":{"x":2}}""", null)] // one name in two objects is no repetition
    [InlineData("""[{"x":1},{"x":2,"y":[{"z":1,"z":2}]}]""", "z")]
    [InlineData("""{"a":1,"b":{"c":1},"a":2}""", "a")]
    public void ParseStrict_RefusesARepeatedKeyAtAnyDepth(string json, string? repeated)
    {
        if (repeated is null)
        {
            Assert.NotNull(AllotJson.ParseStrict(json));
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            reader.Read();
            Assert.NotNull(AllotJson.ParseStrict(ref reader));
            return;
        }

        Assert.Contains($"'{repeated}'", Assert.ThrowsAny<JsonException>(() => AllotJson.ParseStrict(json)).Message, StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(json);
        var ex = Assert.ThrowsAny<JsonException>(() =>
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            AllotJson.ParseStrict(ref reader);
        });
        Assert.Contains($"'{repeated}'", ex.Message, StringComparison.Ordinal);
    }
}
