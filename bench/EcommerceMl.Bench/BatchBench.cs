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

    /// <summary>
    /// The CSV form's write apart from scoring: every customer's top-10 computed beforehand, then written as plain CSV
    /// text and as the gzip part a shard writes (<see cref="CsvPartFile"/>), each with its wall and CPU seconds and bytes.
    /// </summary>
    public static async Task<int> CsvPartsAsync(string store, string model)
    {
        var stored = await StoredModel.LoadAsync(new LocalModelStore(store), model, null, CancellationToken.None);
        var recommender = (IRecommender)stored.Model;
        var customers = BatchPredictions.Customers(recommender);
        var table = CsvBatchTables.CustomerRecommendations;
        var (watch, cpu) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);
        var rows = BatchPredictions.ForCustomers(recommender, customers, 10).ToList();
        Report("scoring alone (ParallelRows, no output)", rows.Count, watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, 0);

        var plain = Path.Combine(Path.GetTempPath(), $"ecml-batch-bench-{Guid.NewGuid():N}.csv");
        (watch, cpu) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);
        using (var writer = new StreamWriter(plain, append: false, new System.Text.UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
        {
            writer.WriteLine(table.Header);
            var rowStart = $"{stored.Manifest.Model},{stored.Manifest.Version},";
            foreach (var row in rows)
            {
                writer.Write(rowStart);
                table.WriteFields(writer, row);
                writer.Write('\n');
            }
        }

        Report("CSV text alone (no gzip, rows computed beforehand)", rows.Count, watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, new FileInfo(plain).Length);
        File.Delete(plain);

        (watch, cpu) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);
        var part = await CsvPartFile.WriteAsync(table, stored.Manifest.Model, stored.Manifest.Version, rows, CancellationToken.None);
        Report("gzip CSV part (CsvPartFile: fastest level, sha256; rows computed beforehand)", part.Rows, watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, part.Bytes);
        File.Delete(part.Path);

        // What a shard does: scoring in parallel ahead of the gzip writer.
        (watch, cpu) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);
        part = await CsvPartFile.WriteAsync(table, stored.Manifest.Model, stored.Manifest.Version, BatchPredictions.ForCustomers(recommender, customers, 10), CancellationToken.None);
        Report("scored while written (a shard's part: ParallelRows into CsvPartFile)", part.Rows, watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, part.Bytes);
        File.Delete(part.Path);
        return 0;
    }

    private static void Report(string what, long rows, TimeSpan elapsed, TimeSpan cpu, long bytes) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {rows:N0} rows in {elapsed.TotalSeconds:F1} s = {rows / elapsed.TotalSeconds:N0} rows/s; {cpu.TotalSeconds:F1} CPU-s; {bytes / 1048576.0:F1} MiB"));

    private static void Report(string what, long rows, TimeSpan elapsed) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {rows:N0} rows in {elapsed.TotalSeconds:F1} s = {rows / elapsed.TotalSeconds:N0} rows/s"));
}
