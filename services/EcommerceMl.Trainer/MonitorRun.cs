using EcommerceMl.Artifacts;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Events;
using EcommerceMl.Ml.Monitoring;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>
/// One monitoring run's I/O around the pure <see cref="MonitoringPipeline"/>: the version's manifest
/// and model from the store, the live data from the data source plus the event sink (merged with
/// <see cref="EventShopData"/>; the store's objects or the servers' PostgreSQL table, <see cref="EventSinkSource"/>),
/// then the report written beside the version and a summary printed.
/// </summary>
public sealed class MonitorRun(Func<string, ShopDataLoadResult> loadData, TimeProvider time, TextWriter console)
{
    /// <param name="events">The sink to read; null when there is none (when <see cref="MonitorOptions.Events"/> asked for one, the report says so).</param>
    public async Task<MonitoringReport> RunAsync(MonitorOptions options, IModelStore store, EventSinkSource? events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        ModelNames.ValidateModelName(options.Model);
        options.Settings.Validate();
        var manifest = await store.GetManifestAsync(options.Model, options.Version, cancellationToken).ConfigureAwait(false)
            ?? throw new ModelNotFoundException(options.Version is null or "latest"
                ? $"Model '{options.Model}' has no servable version in {store.Location}; train one first."
                : $"Model '{options.Model}' has no version '{options.Version}' in {store.Location}.");
        var model = await LoadModelAsync(store, manifest, cancellationToken).ConfigureAwait(false);
        await console.WriteLineAsync($"monitoring {manifest.Model} version {manifest.Version} ({manifest.Task}/{manifest.Algorithm})").ConfigureAwait(false);

        var now = time.GetUtcNow();
        var loaded = LoadRedacted(options.Data, options.DataVariable);
        var live = loaded.Data;
        var sources = new List<string> { TrainingDataSources.Describe(options.Data, options.DataVariable) };
        long? newEvents = null;
        IReadOnlySet<string>? lateOrders = null;
        var notes = new List<string>(loaded.Notes);
        if (options.Events && events is not null)
        {
            var dataEnd = manifest.Data.To is { } to ? new DateTimeOffset(DateTime.SpecifyKind(to, DateTimeKind.Utc)) : manifest.CreatedAt;
            var from = Min(dataEnd, now.AddDays(-options.Settings.WindowDays));
            var received = new List<ShopEventRecord>();
            var unreadableBefore = events.UnreadableObjects;
            await foreach (var record in events.ReadAsync(from, now.AddTicks(1), cancellationToken).ConfigureAwait(false))
            {
                received.Add(record);
            }

            var merged = EventShopData.MergeWithReport(live, received);
            live = merged.Data;
            // Received at or after where the run's read of the sink ended, so never read by it, though dated before its data
            // end: a session's events are sent at its end, a server flushes every few seconds, training takes a while.
            // Manifests from before the read's end was recorded have only the version's creation, which came after it.
            var readEnd = manifest.Data.EventsReceivedBefore ?? manifest.CreatedAt;
            bool Unread(ShopEventRecord e) => e.ReceivedAt >= readEnd;
            newEvents = received.LongCount(e => e.OccurredAt > dataEnd || Unread(e)) + loaded.Data.Events.LongCount(e => e.OccurredAt > dataEnd.UtcDateTime);
            // Only orders the sink made: one the data source also holds may be what the version trained on.
            var sourceOrders = loaded.Data.Orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
            lateOrders = received
                .Where(e => e.Type == EventSchema.Purchase && e.OrderId is { } id && !sourceOrders.Contains(id) && e.OccurredAt <= dataEnd && Unread(e))
                .Select(e => e.OrderId!)
                .ToHashSet(StringComparer.Ordinal);
            sources.Add($"event sink {events.Location} ({received.Count:N0} events)");
            if (received.Count > 0)
            {
                notes.AddRange(merged.Report.Notes());
            }

            if (events.UnreadableObjects - unreadableBefore is > 0 and var unreadable)
            {
                notes.Add($"events: {unreadable:N0} sink object(s) could not be read as gzip JSON lines and were skipped");
            }
        }
        else if (options.Events)
        {
            notes.Add($"events: the store {store.Location} holds no event sink; only the data source was read");
        }

        var report = MonitoringPipeline.Run(new MonitoringInput(manifest, model, live, sources, newEvents, lateOrders), options.Settings, now);
        report = report with { Notes = [.. notes.Select(n => "data: " + n), .. report.Notes] };
        await store.PublishMonitoringReportAsync(report, cancellationToken).ConfigureAwait(false);
        await MonitoringReportTable.WriteAsync(console, report).ConfigureAwait(false);
        await console.WriteLineAsync($"report written beside {manifest.Model}/{manifest.Version} in {store.Location}").ConfigureAwait(false);
        return report;
    }

    private static async Task<ITrainedModel> LoadModelAsync(IModelStore store, ModelManifest manifest, CancellationToken cancellationToken)
    {
        var loaded = await store.LoadAsync(manifest.Model, manifest.Version, cancellationToken).ConfigureAwait(false);
        var pipeline = TaskPipelines.All.FirstOrDefault(p => p.Task == manifest.Task)
            ?? throw new InvalidTrainingRequestException($"Version {manifest.Version} of '{manifest.Model}' has task '{manifest.Task}', which this build does not know.");
        if (!loaded.Files.TryGetValue(ITrainedModel.FileName, out var bytes))
        {
            throw new ModelIntegrityException($"Version {manifest.Version} of '{manifest.Model}' has no {ITrainedModel.FileName}.");
        }

        using var stream = new MemoryStream(bytes, writable: false);
        return pipeline.Load(manifest.Algorithm, stream);
    }

    /// <summary>As the trainer's: an error quoting a spec that may be a Secret's value (ECML_DATA) is rethrown without it.</summary>
    private ShopDataLoadResult LoadRedacted(string spec, string? variable)
    {
        try
        {
            return loadData(spec);
        }
        catch (Exception e) when (TrainingDataSources.Redact(e.ToString(), spec, variable) != e.ToString())
        {
            var message = $"{TrainingDataSources.Redact(CommandLineRunner.MessageOf(e), spec, variable)} (the value of {variable} is not shown: it may come from a Secret)";
            throw CommandLineRunner.IsInvalidInput(e) ? new InvalidTrainingRequestException(message) : new InvalidOperationException(message);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
