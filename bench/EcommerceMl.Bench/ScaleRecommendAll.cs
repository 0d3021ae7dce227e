using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Bench;

/// <summary>
/// ALS recommend-all on a cached scale-benchmark shop (<see cref="InteractionFile"/>), on one thread, in
/// process: CPU per customer of <see cref="AlsRecommender.Recommend"/> one customer at a time against
/// <see cref="AlsRecommender.RecommendMany"/> (blocks of customers as one matrix product), and of the
/// block scoring alone (k = 0: no ranking), with a check that both give the same answers. The factors
/// are seeded random, not fitted: the cost of scoring does not depend on their values, and a fit of the
/// large shops is minutes.
/// </summary>
internal static class ScaleRecommendAll
{
    private const int Factors = 64;
    private const int Chunk = 256;

    public static int Run(string shopPath, int sample)
    {
        var data = InteractionFile.Read(shopPath);
        var catalog = RecommenderCatalog.FromInteractions(data, PopularityKernel.DistinctBuyers(data.ProductCount, data.CustomerItems, data.LastPurchasedTicks));
        var random = new Random(42);
        var users = new float[data.CustomerCount * Factors];
        var items = new float[data.ProductCount * Factors];
        foreach (var factors in new[] { users, items })
        {
            for (var i = 0; i < factors.Length; i++)
            {
                factors[i] = (float)random.NextDouble() - 0.3f;
            }
        }

        var model = new AlsRecommender(catalog, Factors, users, items);
        var customers = catalog.Customers.ToArray();
        random.Shuffle(customers);
        customers = customers[..Math.Min(sample, customers.Length)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# {data.CustomerCount:N0} customers × {data.ProductCount:N0} products, {Factors} factors; {customers.Length:N0} customers sampled, top-10, one thread; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        Console.WriteLine("path\tcustomers\twall_s\tcpu_s\tcpu_ms_per_customer\trecommend_all_cpu_s (extrapolated to every customer)");

        // Warm both paths up (tiered compilation) on a few customers first.
        _ = model.RecommendMany(customers[..Math.Min(Chunk, customers.Length)], 10);
        foreach (var customer in customers.Take(64))
        {
            _ = model.Recommend(customer, 10);
        }

        var one = Timed("one customer at a time", customers.Length, data.CustomerCount, () => [.. customers.Select(c => model.Recommend(c, 10))]);
        var many = Timed("blocks (RecommendMany)", customers.Length, data.CustomerCount, () => Chunks(model, customers, 10));
        _ = Timed("blocks, scoring alone (k = 0)", customers.Length, data.CustomerCount, () => Chunks(model, customers, 0));
        var differ = Enumerable.Range(0, customers.Length).Count(i => !one[i].SequenceEqual(many[i]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# answers that differ between the two paths: {differ}"));
        return differ == 0 ? 0 : 1;
    }

    private static IReadOnlyList<ScoredProduct>[] Chunks(AlsRecommender model, string[] customers, int k) =>
        [.. customers.Chunk(Chunk).SelectMany(chunk => model.RecommendMany(chunk, k))];

    private static IReadOnlyList<ScoredProduct>[] Timed(string path, int count, int all, Func<IReadOnlyList<ScoredProduct>[]> run)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var answers = run();
        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}\t{count}\t{wall:F2}\t{cpuSeconds:F2}\t{1000 * cpuSeconds / count:F3}\t{cpuSeconds / count * all:F0}"));
        return answers;
    }
}
