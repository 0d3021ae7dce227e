using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Bench;

/// <summary>
/// EASE's cost by the number of products it models — the measurements behind its default
/// <c>max_products</c>: the fit time (Gram matrix + blocked inverse), the inverse's rate in
/// multiply-adds per second (padded N³ / time) and the process's peak resident set so far (sizes run
/// smallest first, so it is the current size's). A seeded Zipf matrix of 50,000 customers.
/// </summary>
internal static class EaseSizes
{
    public static int Run(IReadOnlyList<int> sizes)
    {
        Console.WriteLine("products\tfit_s\tfit_cpu_s\tgfma_per_s\tgfma_per_cpu_s\tmatrix_mb\tpeak_mb\tload_before\tload_after");
        foreach (var n in sizes.Order())
        {
            var (offsets, items) = RandomMatrix.Zipf(customers: 50_000, products: n, interactionsPerCustomer: 10, seed: 42);
            var before = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var (weights, stride) = EaseKernel.Fit(n, offsets, items, 400, null);
            var seconds = watch.Elapsed.TotalSeconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            GC.KeepAlive(weights);
            var padded = (double)stride;
            Console.WriteLine(string.Join('\t',
                n,
                seconds.ToString("F1", CultureInfo.InvariantCulture),
                cpu.ToString("F1", CultureInfo.InvariantCulture),
                (padded * padded * padded / seconds / 1e9).ToString("F1", CultureInfo.InvariantCulture),
                (padded * padded * padded / cpu / 1e9).ToString("F1", CultureInfo.InvariantCulture),
                (4.0 * stride * stride / 1048576).ToString("F0", CultureInfo.InvariantCulture),
                PeakMb().ToString("F0", CultureInfo.InvariantCulture),
                before,
                File.ReadAllText("/proc/loadavg").Split(' ')[0]));
        }

        return 0;
    }

    private static double PeakMb() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
}
