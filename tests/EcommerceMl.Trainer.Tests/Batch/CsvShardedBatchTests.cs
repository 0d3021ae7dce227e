using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Artifacts;
using EcommerceMl.Artifacts.Outputs;
using EcommerceMl.Artifacts.Tests.Support;
using EcommerceMl.Contracts.Batch;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Postgres;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Trainer.Tests.Batch;

/// <summary>
/// Batch outputs as CSV files under a prefix, cut into shards as a Model's Indexed Job writes them, in the store's
/// folder (local mode) and on a real S3 server (s3rver): four trainer `batch` processes at once, each with its
/// JOB_COMPLETION_INDEX, write the rows one whole run writes; _LATEST stays on the previous complete version until
/// the last shard of the new one; a re-run shard replaces its part.
/// </summary>
public sealed class CsvShardedBatchTests(TrainedRecommender trained, S3rverFixture s3) : IClassFixture<TrainedRecommender>, IClassFixture<S3rverFixture>
{
    private const string OlderVersion = "20000101T000000Z-000000";
    private static readonly string[] Outputs = [BatchOutputs.CustomerRecommendations, BatchOutputs.ProductRecommendations];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Version => trained.Model.Manifest.Version;

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    public async Task FourShardsInParallelAsProcesses_WriteTheSameRowsAsOneRun(string where)
    {
        var (prefix, objects) = Prefix(where, "sharded");
        var (_, whole) = Prefix(where, "whole");
        await new BatchRun(TimeProvider.System, TextWriter.Null).RunAsync(new BatchOptions { Model = TrainedRecommender.Name }, trained.Model, new CsvBatchTarget(whole, TimeProvider.System), Ct);

        var exits = await Task.WhenAll(Enumerable.Range(0, 4).Select(shard => RunProcessAsync(where, prefix, shard, shards: 4)));

        Assert.All(exits, e => Assert.True(e.Exit == 0, e.Output));
        // Shards finishing together may each find the version complete (they write the same manifest); at least one does, per output.
        Assert.All(Outputs, output => Assert.Contains(exits, e => e.Output.Split('\n').Any(l => l.Contains($" {output} ", StringComparison.Ordinal) && l.Contains("version complete", StringComparison.Ordinal))));
        foreach (var output in Outputs)
        {
            var header = output == BatchOutputs.CustomerRecommendations ? CsvBatchTables.CustomerRecommendations.Header : CsvBatchTables.ProductRecommendations.Header;
            var expected = await CsvOutputs.LatestRowsAsync(whole, TrainedRecommender.Name, output, header);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await CsvOutputs.LatestRowsAsync(objects, TrainedRecommender.Name, output, header));
            var manifest = await CsvOutputs.ManifestAsync(objects, TrainedRecommender.Name, output, Version);
            Assert.Equal((4, expected.Count), (manifest!.Shards, manifest.Rows));
            Assert.Equal([0, 1, 2, 3], manifest.Parts.Select(p => p.Shard));
        }

        var customers = BatchPredictions.Customers((IRecommender)trained.Model.Model).Count;
        Assert.Equal(customers * 10L, (await CsvOutputs.ManifestAsync(objects, TrainedRecommender.Name, BatchOutputs.CustomerRecommendations, Version))!.Rows);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    public async Task ShardsOfANewVersion_LeaveLatestOnTheOlderVersion_UntilTheLastShard(string where)
    {
        var (_, objects) = Prefix(where, "pointer");
        var target = new CsvBatchTarget(objects, TimeProvider.System);
        var older = await target.WriteShardAsync(BatchOutputTables.CustomerRecommendations,
            new BatchShard(TrainedRecommender.Name, OlderVersion, 0, 1, "C-old", "C-old"), [new CustomerRecommendationRow("C-old", 1, "P-old", 1.0)], Ct);
        Assert.Equal(1, older.CompletedRows);
        var run = new BatchRun(TimeProvider.System, TextWriter.Null);
        var options = new BatchOptions { Model = TrainedRecommender.Name, Shards = 3 };

        foreach (var shard in new[] { 0, 2, 0 })
        {
            var written = await run.RunAsync(options with { Shard = shard }, trained.Model, target, Ct);
            Assert.All(written, w => Assert.False(w.Result.Completed));
            Assert.Equal(OlderVersion, await CsvOutputs.LatestAsync(objects, TrainedRecommender.Name, BatchOutputs.CustomerRecommendations));
            Assert.Null(await CsvOutputs.ManifestAsync(objects, TrainedRecommender.Name, BatchOutputs.CustomerRecommendations, Version));
        }

        var last = await run.RunAsync(options with { Shard = 1 }, trained.Model, target, Ct);

        Assert.All(last, w => Assert.True(w.Result.Completed));
        Assert.Equal(Version, await CsvOutputs.LatestAsync(objects, TrainedRecommender.Name, BatchOutputs.CustomerRecommendations));
        var manifest = await CsvOutputs.ManifestAsync(objects, TrainedRecommender.Name, BatchOutputs.CustomerRecommendations, Version);
        var customers = BatchPredictions.Customers((IRecommender)trained.Model.Model).Count;
        Assert.Equal((3, customers * 10L), (manifest!.Parts.Count, manifest.Rows));
        Assert.Equal(manifest.Rows, last[0].Result.CompletedRows);
    }

    [Fact]
    public async Task AnOlderVersionCompletingLater_DoesNotMoveLatestBack()
    {
        var (_, objects) = Prefix("local", "backwards");
        var target = new CsvBatchTarget(objects, TimeProvider.System);
        await new BatchRun(TimeProvider.System, TextWriter.Null).RunAsync(new BatchOptions { Model = TrainedRecommender.Name }, trained.Model, target, Ct);

        var older = await target.WriteShardAsync(BatchOutputTables.CustomerRecommendations,
            new BatchShard(TrainedRecommender.Name, OlderVersion, 0, 1, "C-old", "C-old"), [new CustomerRecommendationRow("C-old", 1, "P-old", 1.0)], Ct);

        Assert.True(older.Completed);
        Assert.Equal(Version, await CsvOutputs.LatestAsync(objects, TrainedRecommender.Name, BatchOutputs.CustomerRecommendations));
    }

    [Fact]
    public async Task ARerunShard_ReplacesItsPart_AndLeavesOnlyItsPartAndReceipt()
    {
        var (_, objects) = Prefix("local", "rerun");
        var target = new CsvBatchTarget(objects, TimeProvider.System);
        var run = new BatchRun(TimeProvider.System, TextWriter.Null);
        var options = new BatchOptions { Model = TrainedRecommender.Name, Shards = 2, Shard = 1 };
        await run.RunAsync(options, trained.Model, target, Ct);
        var part = $"{BatchCsvLayout.VersionFolder(TrainedRecommender.Name, BatchOutputs.CustomerRecommendations, Version)}/{BatchCsvLayout.PartName(1, 2)}";
        var written = await CsvOutputs.PartLinesAsync(objects, part);
        await objects.PutAsync(part, await objects.ReadAsync($"{BatchCsvLayout.VersionFolder(TrainedRecommender.Name, BatchOutputs.ProductRecommendations, Version)}/{BatchCsvLayout.PartName(1, 2)}", Ct) ?? [], Ct);

        await run.RunAsync(options, trained.Model, target, Ct);

        Assert.Equal(written, await CsvOutputs.PartLinesAsync(objects, part));
        Assert.Equal([BatchCsvLayout.ReceiptName(1, 2), BatchCsvLayout.PartName(1, 2)],
            await CsvOutputs.VersionFolderAsync(objects, TrainedRecommender.Name, BatchOutputs.CustomerRecommendations, Version));
        Assert.Null(await CsvOutputs.LatestAsync(objects, TrainedRecommender.Name, BatchOutputs.CustomerRecommendations));
    }

    [Fact]
    public async Task AnAbandonedCut_IsRemovedWhenAnotherCompletes_AndACompleteVersionIsNotRewrittenInAnotherCut()
    {
        var (_, objects) = Prefix("local", "recut");
        var target = new CsvBatchTarget(objects, TimeProvider.System);
        var run = new BatchRun(TimeProvider.System, TextWriter.Null);
        var options = new BatchOptions { Model = TrainedRecommender.Name };
        await run.RunAsync(options with { Shards = 3, Shard = 2 }, trained.Model, target, Ct);

        await run.RunAsync(options with { Shards = 2, Shard = 0 }, trained.Model, target, Ct);
        await run.RunAsync(options with { Shards = 2, Shard = 1 }, trained.Model, target, Ct);

        Assert.Equal([BatchCsvLayout.Success, BatchCsvLayout.ReceiptName(0, 2), BatchCsvLayout.ReceiptName(1, 2), BatchCsvLayout.PartName(0, 2), BatchCsvLayout.PartName(1, 2)],
            await CsvOutputs.VersionFolderAsync(objects, TrainedRecommender.Name, BatchOutputs.CustomerRecommendations, Version));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => run.RunAsync(options with { Shards = 4, Shard = 0 }, trained.Model, target, Ct));
        Assert.Contains("written complete in 2 shards", e.Message, StringComparison.Ordinal);
        Assert.Contains("--shards 2", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A prefix of its own: inside the store's folder (as local mode writes it), or an s3:// prefix on s3rver.</summary>
    private (string Prefix, IOutputObjects Objects) Prefix(string where, string name)
    {
        var unique = $"{name}-{Guid.NewGuid():N}"[..20];
        if (where == "local")
        {
            var relative = $"outputs/{unique}";
            return (relative, OutputObjectStores.Open(relative, new LocalModelStore(trained.Store)));
        }

        s3.RequireServer();
        var prefix = $"s3://analytics/{unique}";
        return (prefix, OutputObjectStores.Open(prefix, new LocalModelStore(trained.Store), s3.Settings));
    }

    /// <summary>`dotnet EcommerceMl.Trainer.dll batch` as an Indexed Job's Pod runs it: everything from variables, the shard from JOB_COMPLETION_INDEX.</summary>
    private async Task<(int Exit, string Output)> RunProcessAsync(string where, string prefix, int shard, int shards)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EcommerceMl.Trainer.dll"));
        info.ArgumentList.Add(BatchArguments.Command);
        info.Environment[TrainerVariables.Store] = trained.Store;
        info.Environment[TrainerVariables.Model] = TrainedRecommender.Name;
        info.Environment[BatchArguments.CsvPrefix.Variable] = prefix;
        info.Environment[BatchArguments.Shards.Variable] = shards.ToString(CultureInfo.InvariantCulture);
        info.Environment[BatchArguments.JobCompletionIndex] = shard.ToString(CultureInfo.InvariantCulture);
        if (where == "s3")
        {
            info.Environment[S3Settings.EndpointVariable] = s3.Settings.Endpoint.ToString().TrimEnd('/');
            info.Environment[S3Settings.AccessKeyVariable] = s3.Settings.AccessKey;
            info.Environment[S3Settings.SecretKeyVariable] = s3.Settings.SecretKey;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await error);
    }
}
