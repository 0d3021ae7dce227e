using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Bench;

/// <summary>
/// The ALS kernel alone on a cached scale-benchmark shop (<see cref="InteractionFile"/>), in process:
/// wall and CPU seconds of every iteration (a user half and an item half), so a kernel change can be
/// measured in a few iterations instead of a whole <c>scale</c> run. The load average is printed
/// beside the figures because the machine is shared.
/// </summary>
internal static class AlsFitRun
{
    public static int Run(string shopPath, int iterations, int factors)
    {
        var data = InteractionFile.Read(shopPath);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# {data.CustomerCount:N0} customers × {data.ProductCount:N0} products, {data.CustomerItems.Length:N0} interactions; {factors} factors, {iterations} iterations, cg_steps 3"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# Vector<float> {Vector<float>.Count} floats; Vector256 accelerated {Vector256.IsHardwareAccelerated}; Vector512 accelerated {Vector512.IsHardwareAccelerated}; {Environment.ProcessorCount} processors; load {LoadAverage()}"));
        Console.WriteLine("iteration\twall_s\tcpu_s\tload");

        using var process = Process.GetCurrentProcess();
        var startCpu = process.TotalProcessorTime;
        var lastCpu = startCpu;
        var watch = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        var iteration = 0;
        var progress = new SynchronousProgress(_ =>
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            iteration++;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{iteration}\t{(watch.Elapsed - last).TotalSeconds:F2}\t{(cpu - lastCpu).TotalSeconds:F2}\t{LoadAverage()}"));
            last = watch.Elapsed;
            lastCpu = cpu;
        });

        var options = new AlsOptions(factors, iterations, Regularization: 40, Alpha: 4, CgSteps: 3, Seed: 42);
        _ = AlsKernel.Fit(data.CustomerCount, data.ProductCount, data.CustomerOffsets, data.CustomerItems, options, progress);
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fit\t{watch.Elapsed.TotalSeconds:F2}\t{(process.TotalProcessorTime - startCpu).TotalSeconds:F2}\t{LoadAverage()}"));
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool, late).</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
