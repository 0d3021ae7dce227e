using System.Diagnostics;
using EcommerceMl.Contracts.Batch;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Trainer.Batch;
using Npgsql;

namespace EcommerceMl.Postgres.Tests;

/// <summary>
/// Batch outputs cut into shards, as a Model's Indexed Job writes them: four `ecml predict batch` processes
/// at once, each with its JOB_COMPLETION_INDEX, write the rows one whole run writes (the fixture's database);
/// a shard run again replaces its rows; the latest_* views keep showing the previous complete version until
/// the last shard of the new one commits.
/// </summary>
public sealed class ShardedBatchTests(TrainedShop shop) : IClassFixture<TrainedShop>, IAsyncLifetime
{
    private const string OlderVersion = "20000101T000000Z-000000";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly PostgresDatabase _sharded = new();

    public ValueTask InitializeAsync() => _sharded.InitializeAsync();

    public ValueTask DisposeAsync() => _sharded.DisposeAsync();

    [Fact]
    public async Task FourShardsInParallelAsProcesses_WriteTheSameRowsAsOneRun()
    {
        await shop.ReadyAsync();
        _sharded.Require();
        await MigrateAsync();

        var exits = await Task.WhenAll(Enumerable.Range(0, 4).Select(shard => RunProcessAsync(shard, shards: 4)));

        Assert.All(exits, e => Assert.True(e.Exit == 0, e.Output));
        foreach (var table in new[] { BatchOutputs.CustomerRecommendations, BatchOutputs.ProductRecommendations })
        {
            // Exactly one shard completes each output (the advisory lock); it need not be the same shard for both.
            Assert.Single(exits.SelectMany(e => e.Output.Split('\n')), l => l.Contains($" {table} ", StringComparison.Ordinal) && l.Contains("version complete", StringComparison.Ordinal));
            var whole = await RowsAsync(shop.Database, $"latest_{table}");
            Assert.NotEmpty(whole);
            Assert.Equal(whole, await RowsAsync(_sharded, $"latest_{table}"));
            Assert.Equal(whole, await RowsAsync(_sharded, table));
        }

        Assert.Equal(4, await _sharded.CountAsync("SELECT count(*) FROM batch_output_shards WHERE output = 'customer_recommendations' AND shards = 4"));
    }

    [Fact]
    public async Task WholeRun_WritesTopNForEveryCustomerTheModelKnows_AsTheApiAnswers()
    {
        await shop.ReadyAsync();
        var stored = await shop.ModelAsync(TrainedShop.Recommendations);
        var recommender = (IRecommender)stored.Model;
        var customers = BatchPredictions.Customers(recommender);

        Assert.Equal(customers.Count * 10L, await shop.Database.CountAsync("SELECT count(*) FROM latest_customer_recommendations"));
        var customer = customers[customers.Count / 3];
        var expected = recommender.Recommend(customer, 10).Select((p, i) => $"{i + 1} {p.ProductId}").ToList();
        var actual = (await RowsAsync(shop.Database, $"latest_customer_recommendations WHERE customer_id = '{customer}'"))
            .Select(r => r.Split('|')).OrderBy(f => int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)).Select(f => $"{f[3]} {f[4]}").ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task ShardsOfANewVersion_LeaveTheViewOnTheOlderVersion_UntilTheLastShard_AndARerunShardReplacesItsRows()
    {
        await shop.ReadyAsync();
        _sharded.Require();
        await MigrateAsync();
        var stored = await shop.ModelAsync(TrainedShop.Recommendations);
        await using var dataSource = _sharded.OpenDataSource();
        await PostgresBatchWriter.WriteShardAsync(dataSource, BatchTables.CustomerRecommendations,
            new BatchShard(TrainedShop.Recommendations, OlderVersion, 0, 1, null, null), [new CustomerRecommendationRow("C-old", 1, "P-old", 1.0)], Ct);

        var run = new BatchRun(TrainedShop.Clock, TextWriter.Null);
        var options = new BatchOptions { Model = TrainedShop.Recommendations, Shards = 3 };
        foreach (var shard in new[] { 0, 2, 0 })
        {
            var written = await run.RunAsync(options with { Shard = shard }, stored, dataSource, Ct);
            Assert.All(written, w => Assert.False(w.Result.Completed));
            Assert.Equal(["C-old|P-old"], await LatestCustomersAsync(dataSource));
        }

        var rowsBeforeTheLast = await _sharded.CountAsync($"SELECT count(*) FROM customer_recommendations WHERE model_version = '{stored.Manifest.Version}'");
        var last = await run.RunAsync(options with { Shard = 1 }, stored, dataSource, Ct);

        Assert.All(last, w => Assert.True(w.Result.Completed));
        var customers = BatchPredictions.Customers((IRecommender)stored.Model).Count;
        Assert.Equal(customers * 10L, await _sharded.CountAsync("SELECT count(*) FROM latest_customer_recommendations"));
        Assert.Equal(customers * 10L, rowsBeforeTheLast + last[0].Result.Rows);
        Assert.Equal(customers * 10L, last[0].Result.CompletedRows);
    }

    [Theory]
    [InlineData("4", "4", "--shard (JOB_COMPLETION_INDEX) is 4, but with 4 shards it must be 0 to 3")]
    [InlineData("0", "0", "--shards (ECML_BATCH_SHARDS) must be between 1 and 10000, not 0")]
    public async Task AShardOutsideTheRun_IsInputToFix(string shard, string shards, string message)
    {
        await shop.ReadyAsync();
        var (exit, _, error) = await Ecml.RunAsync("predict", "batch", "--db", shop.Database.Url, "--store", shop.Store,
            "--model", TrainedShop.Recommendations, "--shard", shard, "--shards", shards);

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private async Task MigrateAsync()
    {
        var (exit, _, error) = await Ecml.RunAsync("db", "migrate", "--db", _sharded.Url);
        Assert.True(exit == 0, error);
    }

    /// <summary>`dotnet ecml.dll predict batch` as an Indexed Job's Pod runs it: the shard from JOB_COMPLETION_INDEX, the rest from variables.</summary>
    private async Task<(int Exit, string Output)> RunProcessAsync(int shard, int shards)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "ecml.dll"), "predict", "batch" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[PostgresConnection.EnvironmentVariable] = _sharded.Url;
        info.Environment[TrainerVariables.Store] = shop.Store;
        info.Environment[TrainerVariables.Model] = TrainedShop.Recommendations;
        info.Environment[BatchArguments.Shards.Variable] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment[BatchArguments.JobCompletionIndex] = shard.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Every row of a table or view, model and version included, as sorted text.</summary>
    private static async Task<List<string>> RowsAsync(PostgresDatabase database, string from)
    {
        await using var dataSource = database.OpenDataSource();
        await using var command = dataSource.CreateCommand($"SELECT * FROM {from}");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static async Task<List<string>> LatestCustomersAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT customer_id || '|' || recommended_product_id FROM latest_customer_recommendations ORDER BY 1");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
