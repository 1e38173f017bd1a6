using Allot.Retail.Configuration;
using Allot.Retail.Fixtures;
using Allot.Retail.Inputs;
using Allot.Retail.Outputs;

namespace Allot.Retail.Tests.Support;

/// <summary>Generates a fixture into a temp folder and runs Step 32 on it.</summary>
public static class FixtureRun
{
    public static readonly DateTimeOffset FixedClock = new(2025, 9, 1, 8, 0, 0, TimeSpan.Zero);

    public static FixtureSpec Small { get; } = new() { Stores = 90, Rows = 40, StoresPerGroup = 25, Seed = 7 };

    public static void Generate(TempFolder t, FixtureSpec? spec = null) => FixtureGenerator.Write(t.Sub("in"), spec ?? Small);

    public static RunSummary Allocate(TempFolder t, char half, string outDir = "out", RunOptions? options = null, AllocationParameters? parameters = null, Func<InputPaths, InputPaths>? paths = null) =>
        Step32Runner.Allocate(
            new AllocateRequest(TargetPeriod.Parse("202509", half.ToString()), (paths ?? (p => p))(new InputPaths { InputDir = t.Sub("in") }), t.Sub(outDir), parameters ?? new AllocationParameters(), options ?? new RunOptions { Threads = 1, MergeIntoStorePlugin = true }),
            () => FixedClock);
}
