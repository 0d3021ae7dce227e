using BenchmarkDotNet.Running;
using EcommerceMl.Bench;

// Modes:
//   kernels [BenchmarkDotNet args]   kernel timings on an ml-100k-sized matrix (BenchmarkDotNet)
//   scale [interactions …]           whole-fit time and peak memory per algorithm, one child process per run
//   scale-one <algorithm> <n>        one such run (what `scale` starts); prints one result line
switch (args.FirstOrDefault())
{
    case "kernels":
        BenchmarkSwitcher.FromTypes([typeof(KernelBenchmarks)]).Run(args[1..]);
        return 0;
    case "scale":
        return ScaleRun.All(args.Length > 1 ? [.. args[1..].Select(int.Parse)] : [100_000, 300_000, 1_000_000]);
    case "scale-one" when args.Length == 3:
        return ScaleRun.One(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    default:
        await Console.Error.WriteLineAsync("usage: kernels [BenchmarkDotNet args] | scale [interactions …] | scale-one <algorithm> <interactions>");
        return 2;
}
