namespace Allot.Core.Random;

/// <summary>One Philox2x64-10 output block: the two 64-bit lanes <c>(x0, x1)</c>.</summary>
/// <param name="X0">Lane 0 (used by single uniforms).</param>
/// <param name="X1">Lane 1 (used only by uniform pairs).</param>
public readonly record struct PhiloxBlock(ulong X0, ulong X1);
