using System.CommandLine;

namespace Allot.Cli;

/// <summary>The <c>--json</c> option of commands whose stdout is always one JSON line (accepted everywhere for consistency).</summary>
public static class JsonOption
{
    /// <summary>A new <c>--json</c> option.</summary>
    public static Option<bool> Create() =>
        new("--json") { Description = "Print the summary as one JSON line on stdout (always the case for this command; accepted for consistency)." };
}
