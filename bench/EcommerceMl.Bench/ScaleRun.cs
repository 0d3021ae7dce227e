using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Bench;

/// <summary>
/// Whole-fit scale runs: a synthetic shop of 100k customers and 20k products whose trading window is
/// stretched until it holds about the requested number of order lines, then one algorithm fit with
/// its default hyperparameters. Each run is its own process, so its peak working set is its own.
/// </summary>
internal static class ScaleRun
{
    private static readonly string[] Algorithms = ["popularity", "item-cosine", "als", "ease"];

    // Order lines per day of the synthetic shop at 100k customers (measured: 567k lines in 180 days).
    private const double LinesPerDay = 3_150;

    public static int All(IReadOnlyList<int> sizes)
    {
        Console.WriteLine("algorithm\torder_lines\tinteractions\tcustomers\tproducts\tfit_seconds\tpeak_mb_before_fit\tpeak_mb\tnote");
        var self = Environment.ProcessPath!;
        var dll = typeof(ScaleRun).Assembly.Location;
        foreach (var size in sizes)
        {
            foreach (var algorithm in Algorithms)
            {
                var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
                if (Path.GetFileNameWithoutExtension(self) == "dotnet")
                {
                    start.ArgumentList.Add(dll);
                }

                start.ArgumentList.Add("scale-one");
                start.ArgumentList.Add(algorithm);
                start.ArgumentList.Add(size.ToString(CultureInfo.InvariantCulture));
                using var child = Process.Start(start)!;
                Console.Write(child.StandardOutput.ReadToEnd());
                child.WaitForExit();
            }
        }

        return 0;
    }

    public static int One(string algorithm, int orderLines)
    {
        var days = Math.Max(7, (int)Math.Round(orderLines / LinesPerDay));
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 100_000, Products = 20_000, Days = days, Events = false, Seed = 42 });
        var data = InteractionData.FromShop(shop);
        var fit = (RecommendationPipeline.FindAlgorithm(algorithm) ?? throw new ArgumentException($"unknown algorithm {algorithm}"))
            .Configure(new Hyperparameters(algorithm, new Dictionary<string, string>(), RecommendationPipeline.FindAlgorithm(algorithm)!.HyperparameterNames));
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.PeakWorkingSet64 / 1048576.0;
        string seconds, note = "";
        try
        {
            var watch = Stopwatch.StartNew();
            var model = fit(data, null);
            seconds = watch.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);
            GC.KeepAlive(model);
        }
        catch (InvalidTrainingRequestException refused)
        {
            seconds = "-";
            note = refused.Message;
        }

        process.Refresh();
        Console.WriteLine(string.Join('\t',
            algorithm, shop.OrderItems.Count, data.CustomerItems.Length, data.CustomerCount, data.ProductCount, seconds,
            before.ToString("F0", CultureInfo.InvariantCulture), (process.PeakWorkingSet64 / 1048576.0).ToString("F0", CultureInfo.InvariantCulture), note));
        return 0;
    }
}
