using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Contracts.Batch;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Postgres;
using Npgsql;

namespace EcommerceMl.Trainer.Batch;

/// <summary>
/// One shard of a batch run into a target — the database's output tables (<see cref="PostgresBatchTarget"/>) or
/// CSV files under a prefix (<see cref="CsvBatchTarget"/>): take the shard's range of each output's keys
/// (customers and products of a recommender, scopes of a forecaster), compute its rows and write them —
/// idempotent per shard, the version visible once every shard is written. Prints one line per output: rows,
/// rows/s, and whether this shard completed the version.
/// </summary>
public sealed class BatchRun(TimeProvider time, TextWriter console)
{
    /// <summary>What one output's write did.</summary>
    public sealed record Written(string Output, ShardRange Range, BatchShardResult Result, TimeSpan Elapsed);

    /// <summary>Whether the model's task writes to the database (recommendation, forecast); churn reads a customers file instead.</summary>
    public static bool HasDatabaseOutput(StoredModel stored) => stored?.Model is IRecommender or IForecaster;

    /// <summary>One shard into the database's output tables.</summary>
    public Task<IReadOnlyList<Written>> RunAsync(BatchOptions options, StoredModel stored, NpgsqlDataSource database, CancellationToken cancellationToken) =>
        RunAsync(options, stored, new PostgresBatchTarget(database), cancellationToken);

    public async Task<IReadOnlyList<Written>> RunAsync(BatchOptions options, StoredModel stored, IBatchTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(target);
        var (model, version) = (stored.Manifest.Model, stored.Manifest.Version);
        var written = new List<Written>();
        async Task WriteAsync<T>(BatchOutput<T> output, IReadOnlyList<string> keys, Func<IReadOnlyList<string>, IEnumerable<T>> rowsOf)
        {
            var range = ShardRange.Of(keys, options.Shard, options.Shards);
            var shard = new BatchShard(model, version, options.Shard, options.Shards, range.First, range.Last);
            var clock = Stopwatch.StartNew();
            var result = await target.WriteShardAsync(output, shard, rowsOf(range.Keys), cancellationToken).ConfigureAwait(false);
            var done = new Written(output.Name, range, result, clock.Elapsed);
            written.Add(done);
            await console.WriteLineAsync(Describe(model, version, done, target.LatestOf(model, output.Name))).ConfigureAwait(false);
        }

        switch (stored.Model)
        {
            case IRecommender recommender:
                await WriteAsync(BatchOutputTables.CustomerRecommendations, BatchPredictions.Customers(recommender), keys => BatchPredictions.ForCustomers(recommender, keys, options.Top)).ConfigureAwait(false);
                await WriteAsync(BatchOutputTables.ProductRecommendations, BatchPredictions.Products(recommender), keys => BatchPredictions.ForProducts(recommender, keys, options.Top)).ConfigureAwait(false);
                break;
            case IForecaster forecaster:
                var window = BatchForecastWindow.Resolve(forecaster, options, time);
                await WriteAsync(BatchOutputTables.SalesForecast, forecaster.Scopes, keys => BatchPredictions.Forecast(forecaster, keys, window, options.Level)).ConfigureAwait(false);
                await console.WriteLineAsync(
                    $"forecast {window.Start:yyyy-MM-dd} to {window.End:yyyy-MM-dd}; the model's data ends {window.DataEnd:yyyy-MM-dd} ({window.GapDays} days forecast through before the start)").ConfigureAwait(false);
                break;
            default:
                throw new ArgumentException($"model '{model}' has task '{stored.Manifest.Task}', which has no batch output in the database");
        }

        return written;
    }

    private static string Describe(string model, string version, Written w, string latest)
    {
        var shard = w.Range.Shards == 1 ? "all" : $"shard {w.Range.Shard} of {w.Range.Shards} ({w.Range.Keys.Count:N0} keys)";
        var rate = w.Elapsed.TotalSeconds > 0 ? w.Result.Rows / w.Elapsed.TotalSeconds : 0;
        var state = w.Result.CompletedRows is { } total
            ? $"version complete: {total:N0} rows visible in {latest}"
            : $"waiting for the other shards before {latest} moves";
        return string.Create(CultureInfo.InvariantCulture,
            $"{model} {version} {w.Output} {shard}: {w.Result.Rows:N0} rows in {w.Elapsed.TotalSeconds:0.0} s ({rate:N0} rows/s); {state}");
    }
}
