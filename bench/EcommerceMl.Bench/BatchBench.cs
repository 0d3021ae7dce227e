using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Artifacts;
using EcommerceMl.Contracts;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;
using EcommerceMl.Postgres;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Bench;

/// <summary>
/// The batch outputs benchmark (issue 19 item 5): a recommender that knows N customers, published to a store
/// so `ecml predict batch` can write its top-10 per customer; and the two halves of that command measured
/// apart — scoring alone (no database) and the binary COPY alone (rows computed beforehand) — so the
/// end-to-end figure can be read against both.
/// </summary>
internal static class BatchBench
{
    /// <summary>Fits <paramref name="algorithm"/> on a seeded Zipf matrix of <paramref name="customers"/> × <paramref name="products"/> and publishes it as <c>batch-bench-{algorithm}</c>.</summary>
    public static async Task<int> ModelAsync(string store, int customers, int products, string algorithm)
    {
        var watch = Stopwatch.StartNew();
        var (offsets, items) = RandomMatrix.Zipf(customers, products, 3, seed: 42);
        var catalogue = Enumerable.Range(0, products).Select(p => new ProductInfo($"P{p:D6}", $"Product {p}", $"Category {p % 20}", 10 + (p % 90))).ToArray();
        var ids = Enumerable.Range(0, customers).Select(c => $"C{c:D8}").ToArray();
        var ticks = new long[items.Length];
        Array.Fill(ticks, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).Ticks);
        var data = InteractionData.FromCsr(catalogue, ids, offsets, items, ticks);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"matrix: {customers:N0} customers x {products:N0} products, {items.Length:N0} interactions in {watch.Elapsed.TotalSeconds:F1} s"));

        watch.Restart();
        var known = RecommendationPipeline.FindAlgorithm(algorithm) ?? throw new ArgumentException($"unknown algorithm {algorithm}");
        var model = known.Configure(new Hyperparameters(algorithm, new Dictionary<string, string>(), known.HyperparameterNames))(data, null);
        using var bytes = new MemoryStream();
        model.Save(bytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fit {algorithm}: {watch.Elapsed.TotalSeconds:F1} s, model {bytes.Length / 1048576.0:F0} MB"));

        var version = ModelVersions.NewVersion(TimeProvider.System);
        var manifest = new ModelManifest
        {
            Model = $"batch-bench-{algorithm}",
            Version = version,
            Task = ModelTask.Recommendation,
            Algorithm = algorithm,
            CreatedAt = DateTimeOffset.UtcNow,
            Data = new DataFingerprint("bench:zipf", new string('0', 64), new Dictionary<string, long> { ["interactions"] = items.Length }, null, null),
            Metrics = new Dictionary<string, double>(),
            Files = new Dictionary<string, string>(),
        };
        await new LocalModelStore(store).PublishAsync(manifest, new Dictionary<string, byte[]> { [ITrainedModel.FileName] = bytes.ToArray() });
        Console.WriteLine($"published {manifest.Model} {version} to {store}");
        return 0;
    }

    /// <summary>Scoring alone (every customer's top-10, no database), then a binary COPY alone of those rows, computed beforehand.</summary>
    public static async Task<int> PartsAsync(string store, string model, string db)
    {
        var stored = await StoredModel.LoadAsync(new LocalModelStore(store), model, null, CancellationToken.None);
        var recommender = (IRecommender)stored.Model;
        var customers = BatchPredictions.Customers(recommender);

        var watch = Stopwatch.StartNew();
        var rows = BatchPredictions.ForCustomers(recommender, customers, 10).ToList();
        Report("scoring alone (ParallelRows, no database)", rows.Count, watch.Elapsed);

        await using var dataSource = PostgresConnection.Parse(db).OpenDataSource();
        await PostgresMigrator.MigrateAsync(dataSource);
        watch.Restart();
        var written = await PostgresBatchWriter.WriteShardAsync(dataSource, BatchTables.CustomerRecommendations, new BatchShard("batch-bench-copy", stored.Manifest.Version, 0, 1, null, null), rows);
        Report("binary COPY alone (rows computed beforehand, one transaction)", written.Rows, watch.Elapsed);
        return 0;
    }

    private static void Report(string what, long rows, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {rows:N0} rows in {elapsed.TotalSeconds:F1} s = {rows / elapsed.TotalSeconds:N0} rows/s"));
}
