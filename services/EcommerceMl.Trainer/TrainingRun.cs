using EcommerceMl.Artifacts;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>
/// One training run: read the shop's data, fit and evaluate through the task's pipeline, publish
/// the model and its manifest to the store. The adapters (data source, store, console) are
/// passed in, so `ecml train`, the TrainingJob container and the tests share this code.
/// </summary>
public sealed class TrainingRun(
    IEnumerable<ITaskPipeline> pipelines,
    Func<string, ShopDataLoadResult> loadData,
    TimeProvider time,
    TextWriter console)
{
    private readonly IReadOnlyList<ITaskPipeline> _pipelines = pipelines.ToList();

    public async Task<ModelManifest> RunAsync(TrainerOptions options, IModelStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        var pipeline = PipelineFor(options.Task);
        var algorithm = options.Algorithm ?? pipeline.Algorithms[0];
        if (!pipeline.Algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            throw new InvalidTrainingRequestException(
                $"Task '{options.Task}' has no algorithm '{algorithm}'. Choose one of: {string.Join(", ", pipeline.Algorithms)}.");
        }

        ModelNames.ValidateModelName(options.Model);
        var progress = new ConsoleProgress(console, time);

        // The champion is the servable version of the run's namespace when it starts (another namespace's version must not
        // judge this one); without a gate metric there is nothing to compare.
        var champion = options.Gate is null
            ? null
            : (await store.FindServableAsync(options.Model, scope: VersionNamespaces.Of(options.Namespace ?? VersionNamespaces.Unscoped), cancellationToken: cancellationToken).ConfigureAwait(false)).Manifest;
        var (data, fingerprint, eventsReceivedBefore) = await ReadDataAsync(options.Data, options.DataVariable, progress).ConfigureAwait(false);
        var request = new TrainingRequest(data, algorithm, options.Hyperparameters)
        {
            HoldoutDays = options.HoldoutDays,
            K = options.K,
            Seed = options.Seed,
            Progress = progress.Slice(5, 90),
        };
        var outcome = pipeline.Train(request);
        cancellationToken.ThrowIfCancellationRequested();

        progress.Report(new TrainingProgress($"publishing to {store.Location}", 95));
        var createdAt = time.GetUtcNow();
        var manifest = ManifestBuilder.Build(options, ModelVersions.NewVersion(time), createdAt, fingerprint, outcome, eventsReceivedBefore);
        if (champion is not null)
        {
            progress.Report(new TrainingProgress($"scoring champion {champion.Version}", 92));
            manifest = manifest with
            {
                Champion = await new ChampionComparer(pipeline, store)
                    .CompareAsync(champion, manifest, options.Gate, request with { Progress = null }, outcome, cancellationToken).ConfigureAwait(false),
            };
        }

        using var buffer = new MemoryStream();
        outcome.Model.Save(buffer);
        var published = await store.PublishAsync(
            manifest,
            new Dictionary<string, byte[]> { [ITrainedModel.FileName] = buffer.ToArray() },
            cancellationToken).ConfigureAwait(false);
        progress.Report(new TrainingProgress("done", 100));
        await MetricsTable.WriteAsync(console, published).ConfigureAwait(false);
        return published;
    }

    private async Task<(ShopData Data, ShopDataFingerprint Fingerprint, DateTimeOffset? EventsReceivedBefore)> ReadDataAsync(string spec, string? variable, ConsoleProgress progress)
    {
        progress.Report(new TrainingProgress($"reading data from {TrainingDataSources.Describe(spec, variable)}", 0));
        var loaded = LoadRedacted(spec, variable);
        var data = loaded.Data;
        await console.WriteLineAsync(
            $"data: {data.Name}: {data.Customers.Count:N0} customers, {data.Products.Count:N0} products, " +
            $"{data.Orders.Count:N0} orders, {data.OrderItems.Count:N0} order lines, {data.Events.Count:N0} events").ConfigureAwait(false);
        foreach (var excluded in loaded.Excluded)
        {
            await console.WriteLineAsync($"data: left out {excluded.Rows:N0} row(s): {excluded.Reason}").ConfigureAwait(false);
        }

        foreach (var note in loaded.Notes)
        {
            await console.WriteLineAsync($"data: {note}").ConfigureAwait(false);
        }

        progress.Report(new TrainingProgress("fingerprinting data", 3));
        return (data, ShopDataFingerprint.Compute(data), loaded.EventsReceivedBefore);
    }

    /// <summary>
    /// Loads the data; an error that quotes a spec which may be a Secret's value is thrown again
    /// without it (and without the original exception, whose message and inner ones quote it):
    /// what the trainer prints ends in the Pod's termination message, status.message and Events.
    /// </summary>
    private ShopDataLoadResult LoadRedacted(string spec, string? variable)
    {
        try
        {
            return loadData(spec);
        }
        catch (Exception e) when (TrainingDataSources.Redact(e.ToString(), spec, variable) != e.ToString())
        {
            var message = $"{TrainingDataSources.Redact(CommandLineRunner.MessageOf(e), spec, variable)} " +
                $"(the value of {variable} is not shown: it may come from a Secret)";
            throw CommandLineRunner.IsInvalidInput(e) ? new InvalidTrainingRequestException(message) : new InvalidOperationException(message);
        }
    }

    private ITaskPipeline PipelineFor(string task) =>
        _pipelines.FirstOrDefault(p => p.Task == task)
        ?? throw new InvalidTrainingRequestException(
            $"Unknown task '{task}'. Choose one of: {string.Join(", ", _pipelines.Select(p => p.Task))}.");
}
