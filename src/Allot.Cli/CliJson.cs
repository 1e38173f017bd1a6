using System.Text.Encodings.Web;
using System.Text.Json;

namespace Allot.Cli;

/// <summary>JSON settings for summaries printed on stdout: snake_case keys, readable non-ASCII.</summary>
public static class CliJson
{
    /// <summary>The shared options.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };
}
