namespace Allot.Cli.Demo;

/// <summary>Options of <c>allot demo</c>.</summary>
/// <param name="OutputDir">Everything the demo writes goes under this folder.</param>
/// <param name="Scale">Multiplies the size of every generated input (1 = a few seconds).</param>
/// <param name="Workers">Worker threads for S4 and S7 (never changes a byte of output).</param>
public sealed record DemoOptions(string OutputDir, int Scale = 1, int Workers = 2);
