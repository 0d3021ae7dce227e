using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Bench;

/// <summary>
/// The ALS kernel alone on a cached scale-benchmark shop (<see cref="InteractionFile"/>), in process:
/// wall and CPU seconds of each phase of every iteration — the Gram matrix of the items, the customers'
/// half, the Gram matrix of the customers, the products' half — then of a whole <see cref="AlsKernel.Fit"/>
/// of the same iterations, so a kernel change can be measured in a few iterations instead of a whole
/// <c>scale</c> run. The load average is printed beside the figures because the machine is shared.
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
        Console.WriteLine("phase\twall_s\tcpu_s\tload");

        var options = new AlsOptions(factors, iterations, Regularization: 40, Alpha: 4, CgSteps: 3, Seed: 42);
        var confidence = (float)(1 + options.Alpha);
        var stride = AlsSimd.Stride(factors);
        using var process = Process.GetCurrentProcess();
        float[] users = [], items = [];
        AlsGram? gram = null;
        int[] itemOffsets = [], itemCustomers = [];
        Timed(process, "setup", () =>
        {
            (itemOffsets, itemCustomers) = AlsKernel.Transpose(data.ProductCount, data.CustomerOffsets, data.CustomerItems);
            users = AlsKernel.Initialize(data.CustomerCount, factors, options.Seed, stride);
            items = AlsKernel.Initialize(data.ProductCount, factors, options.Seed + 1, stride);
        });
        for (var iteration = 1; iteration <= iterations; iteration++)
        {
            Timed(process, $"{iteration} gram(items)", () => gram = AlsGram.Of(items, stride, factors, options.Regularization));
            Timed(process, $"{iteration} customers", () => AlsKernel.HalfIteration(users, items, gram!, data.CustomerOffsets, data.CustomerItems, itemOffsets, itemCustomers, confidence, options.CgSteps));
            Timed(process, $"{iteration} gram(customers)", () => gram = AlsGram.Of(users, stride, factors, options.Regularization));
            Timed(process, $"{iteration} products", () => AlsKernel.HalfIteration(items, users, gram!, itemOffsets, itemCustomers, data.CustomerOffsets, data.CustomerItems, confidence, options.CgSteps));
        }

        Timed(process, "fit", () => AlsKernel.Fit(data.CustomerCount, data.ProductCount, data.CustomerOffsets, data.CustomerItems, options, progress: null));
        return 0;
    }

    private static void Timed(Process process, string phase, Action action)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        var wall = watch.Elapsed;
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase}\t{wall.TotalSeconds:F2}\t{(process.TotalProcessorTime - cpu).TotalSeconds:F2}\t{LoadAverage()}"));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
