using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Contracts;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Search;
using EcommerceMl.Ml.Search.Ltr;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Bench;

/// <summary>
/// nDCG@10 on held-out search sessions of the synthetic shop (issue 20 item 4): per seed a default-sized shop with its
/// search sessions, the searches of its last 28 days held out, and four rankers fit on what came before — plain BM25,
/// <c>bm25-ltr</c> without sessions to learn from (BM25 re-ranked by popularity), <c>bm25-ltr</c> without customer
/// affinity, and <c>bm25-ltr</c> as trained by default — each asked the held-out queries with their customer.
/// Prints a markdown table: mean ± sd over the seeds, then each seed's value.
/// </summary>
internal static class SearchSessionsRun
{
    public static int Run(int[] seeds)
    {
        var rows = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var fitSeconds = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var searches = new List<int>();
        foreach (var seed in seeds)
        {
            var shop = SyntheticShop.Generate(new SyntheticShopOptions { Seed = seed, SearchSessions = true });
            var request = new TrainingRequest(shop, AlgorithmCatalogue.Bm25Ltr, new Dictionary<string, string>()) { Seed = seed };
            var cutoff = SessionHoldout.Cutoff(request) ?? throw new InvalidOperationException("the shop has no search sessions to hold out");
            var heldOut = shop.Searches.Where(s => s.SearchedAt >= cutoff).ToList();
            var settings = Bm25LtrSettings.Default with { Ranker = Bm25LtrSettings.Default.Ranker with { Seed = seed } };
            var index = ProductIndexBuilder.Build([.. shop.Products.Select(SearchDocument.From)], settings.Bm25);
            var withoutSearches = new ShopData(shop.Name, shop.Customers, shop.Products, shop.Orders, shop.OrderItems, shop.Events);
            (string Name, Func<ISearchModel> Fit)[] rankers =
            [
                ("bm25", () => new Bm25SearchModel(index)),
                ("bm25-ltr, no sessions (BM25 + popularity)", () => Bm25LtrTrainer.Fit(withoutSearches, cutoff, index, settings)),
                ("bm25-ltr, affinity=none", () => Bm25LtrTrainer.Fit(shop, cutoff, index, settings with { Affinity = Bm25LtrSettings.NoAffinity })),
                ("bm25-ltr", () => Bm25LtrTrainer.Fit(shop, cutoff, index, settings)),
            ];
            foreach (var (name, fit) in rankers)
            {
                var started = Stopwatch.GetTimestamp();
                var model = fit();
                Add(fitSeconds, name, Stopwatch.GetElapsedTime(started).TotalSeconds);
                var metrics = SearchSessionEvaluator.Evaluate(model.Search, heldOut, 10);
                Add(rows, name, metrics[SearchSessionEvaluator.NdcgMetric(10)]);
                if (name == "bm25")
                {
                    searches.Add((int)metrics[SearchSessionEvaluator.SearchesMetric]);
                }
            }

            Console.Error.WriteLine($"seed {seed}: {shop.Searches.Count:N0} searches, {heldOut.Count:N0} held out from {cutoff:yyyy-MM-dd}");
        }

        Console.WriteLine($"| ranker | nDCG@10 (mean ± sd over seeds {string.Join(", ", seeds)}) | per seed | fit s (mean) |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (name, values) in rows)
        {
            var mean = values.Average();
            var sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | {mean:F4} ± {sd:F4} | {string.Join(" / ", values.Select(v => v.ToString("F4", CultureInfo.InvariantCulture)))} | {fitSeconds[name].Average():F1} |"));
        }

        Console.WriteLine($"\nscored held-out searches per seed: {string.Join(", ", searches)}");
        return 0;
    }

    private static void Add(Dictionary<string, List<double>> table, string key, double value)
    {
        if (!table.TryGetValue(key, out var values))
        {
            table[key] = values = [];
        }

        values.Add(value);
    }
}
