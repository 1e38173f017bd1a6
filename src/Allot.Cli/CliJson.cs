using System.Text.Json;
using Allot.Data.Json;

namespace Allot.Cli;

/// <summary>JSON settings for summaries printed on stdout: the one serialiser's (<see cref="AllotJson"/>).</summary>
public static class CliJson
{
    /// <summary>The shared options (<see cref="AllotJson.Options"/>); prefer <see cref="AllotJson.ToLine{T}(T)"/>, which also sorts keys.</summary>
    public static JsonSerializerOptions Options => AllotJson.Options;
}
