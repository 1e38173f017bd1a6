using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Allot.Bench -- --filter *` runs the kernel benchmarks;
// `-- macro <scenario>` runs an end-to-end scenario (see bench/README.md).
if (args.Length > 0 && args[0] == "macro")
{
    return Allot.Bench.Macro.MacroRunner.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Allot.Bench.Macro.MacroRunner).Assembly).Run(args);
return 0;
