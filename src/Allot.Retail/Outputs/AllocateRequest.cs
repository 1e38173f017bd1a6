using Allot.Retail.Configuration;
using Allot.Retail.Inputs;

namespace Allot.Retail.Outputs;

/// <summary>Everything <c>allot retail allocate</c> needs.</summary>
/// <param name="Period">Target period.</param>
/// <param name="Inputs">Input files (explicit or discovered).</param>
/// <param name="OutputDir">Output folder (<c>--output-dir</c>, default <c>output</c>).</param>
/// <param name="Parameters">Environment parameters after overrides.</param>
/// <param name="Options">Run switches.</param>
public sealed record AllocateRequest(TargetPeriod Period, InputPaths Inputs, string OutputDir, AllocationParameters Parameters, RunOptions Options);
