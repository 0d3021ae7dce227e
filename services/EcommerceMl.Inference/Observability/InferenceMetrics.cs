using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Contracts.Observability;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Drift;
using EcommerceMl.Inference.Events;
using EcommerceMl.Inference.Models;
using Prometheus;

namespace EcommerceMl.Inference.Observability;

/// <summary>
/// The server's Prometheus registry and its model gauges. One registry per application (not the
/// process-wide default) so two servers in one process — tests, or `ecml serve` beside another host —
/// never mix their series. Gauges are recomputed from the <see cref="ModelRegistry"/> at each scrape.
/// Names follow KServe where there is a counterpart (<c>request_predict_seconds</c>, <c>model_name</c>).
/// </summary>
public sealed class InferenceMetrics
{
    private readonly Gauge _info;
    private readonly Gauge _loadedAt;
    private readonly Gauge _ready;
    private readonly Gauge _createdAt;
    private readonly Gauge _dataTo;
    private readonly Gauge _trainingMetric;
    private readonly Histogram _predict;
    private readonly Counter _events;
    private readonly Gauge _buffered;
    private readonly Gauge _bufferedByType;
    private readonly Gauge _psi;
    private readonly Counter _answered;
    private readonly Counter _conversions;
    private readonly Counter _unattributed;

    // Conversions are counted per events request (not the hot path): one lock around the bounded version memory.
    private readonly Lock _attributionGate = new();
    private readonly ConversionAttribution _attribution;

    // The answered counter's child per served version, found by reference like the histogram children below.
    private readonly ConditionalWeakTable<ModelEntry, Counter.Child> _answeredChildren = [];

    // Histogram children per served version and endpoint, found by reference: WithLabels per request would
    // allocate a label array and hash three strings. Weak on the entry, so a swapped-out version's go with it.
    private readonly ConditionalWeakTable<ModelEntry, ConcurrentDictionary<string, Histogram.Child>> _predictChildren = [];

    public InferenceMetrics(ModelRegistry registry, EventBuffer events, PredictionLog audit, EventLogWriter eventLog, EventSink sink)
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        _info = factory.CreateGauge(
            "ecml_model_info", "A model version this server serves (always 1).", "model", "version", "task", "algorithm");
        _loadedAt = factory.CreateGauge(
            "ecml_model_loaded_timestamp_seconds", "When the model version became servable, Unix seconds.", "model", "version");
        _ready = factory.CreateGauge(
            "ecml_model_ready", "1 when the configured model is loaded and serving, 0 otherwise.", "model");
        _createdAt = factory.CreateGauge(
            "ecml_model_created_timestamp_seconds", "When the model version served was trained (its manifest's createdAt), Unix seconds.", "model", "version");
        _dataTo = factory.CreateGauge(
            "ecml_model_data_to_timestamp_seconds",
            "The last moment of the data the model version served was trained on (its manifest's data.to), Unix seconds: time() minus this is the data's age.",
            "model", "version");
        _trainingMetric = factory.CreateGauge(
            "ecml_model_metric", "The served version's evaluation metrics at training (its manifest's metrics), by name.", "model", "version", "metric");
        _predict = factory.CreateHistogram(
            "request_predict_seconds",
            "Time spent in the model for one request (KServe's name).",
            new HistogramConfiguration
            {
                LabelNames = ["model_name", "model_version", "endpoint"],
                Buckets = Histogram.ExponentialBuckets(0.00001, 2, 18),
            });
        _events = factory.CreateCounter(
            "ecml_events_ingested_total", "Shop events accepted by POST /v1/events, by type.", "type");
        _buffered = factory.CreateGauge(
            "ecml_events_buffered", "Events held in memory for drift statistics (bounded by MaxBufferedEvents).");
        _bufferedByType = factory.CreateGauge(
            "ecml_drift_events_buffered", "Events of each type in the drift buffer: the live traffic mix.", "type");
        _psi = factory.CreateGauge(
            "ecml_drift_psi",
            "Population stability index of a model's input feature, buffered events against its training profile (above 0.25: a shift worth retraining for).",
            "model_name", "feature");
        _answered = factory.CreateCounter(
            ServingMetrics.RecommendationsAnsweredTotal,
            "Recommendation answers given with a recommendationId (cached answers included): the denominator of a version's conversion rate.",
            ServingMetrics.ModelLabel, ServingMetrics.VersionLabel);
        _conversions = factory.CreateCounter(
            ServingMetrics.RecommendationConversionsTotal,
            "Accepted events of a conversion kind (product_view, add_to_cart, purchase) whose recommendationId names a version of a model served here, by that version; counted on whichever Pod received the event.",
            ServingMetrics.ModelLabel, ServingMetrics.VersionLabel, ServingMetrics.KindLabel);
        _unattributed = factory.CreateCounter(
            "ecml_recommendation_conversions_unattributed_total",
            "Accepted conversion events carrying a recommendationId that is not attributed: not_a_recommendation_id (a client's own id), unknown_model (a model not served here).",
            "reason");
        // Both reasons exist from the start (at 0), so a rate of unattributed conversions is 0, not missing, until one comes.
        _unattributed.WithLabels(UnattributedReason.NotARecommendationId);
        _unattributed.WithLabels(UnattributedReason.UnknownModel);
        _attribution = new ConversionAttribution(name => registry.Find(name) is not null);
        Registry.AddBeforeCollectCallback(() => Refresh(registry));
        var bufferedBytes = factory.CreateGauge(
            "ecml_events_buffered_bytes", "Estimated memory the buffered events take (bounded by MaxBufferedEventBytes).");
        Registry.AddBeforeCollectCallback(() =>
        {
            _buffered.Set(events.Count);
            bufferedBytes.Set(events.Bytes);
        });
        Registry.AddBeforeCollectCallback(() => RefreshDrift(registry, events));
        var logged = factory.CreateGauge("ecml_events_logged", "Events appended to EventLogDirectory since the server started.");
        var logDropped = factory.CreateGauge("ecml_events_log_dropped", "Events not appended to EventLogDirectory (queue full or disk error) since the server started.");
        var auditDropped = factory.CreateGauge("ecml_prediction_log_dropped", "Sampled prediction log lines dropped because the log's queue was full, since the server started.");
        var sinkPending = factory.CreateGauge("ecml_events_sink_pending", "Accepted events not yet written to the sink: what a crash now would lose (bounded by Ecml:Events:MaxPendingBytes).");
        var sinkPendingBytes = factory.CreateGauge("ecml_events_sink_pending_bytes", "Bytes (JSON lines) of the events waiting for the sink.");
        var sinkWritten = factory.CreateGauge("ecml_events_sink_written", "Events written to the sink since the server started.");
        var sinkRefused = factory.CreateGauge("ecml_events_sink_refused", "Events refused with 503 since the server started because the sink's buffer was full.");
        var sinkFailures = factory.CreateGauge("ecml_events_sink_flush_failures", "Failed writes to the sink since the server started (their batches stay pending and are retried).");
        Registry.AddBeforeCollectCallback(() =>
        {
            sinkPending.Set(sink.PendingEvents);
            sinkPendingBytes.Set(sink.PendingBytes);
            sinkWritten.Set(sink.WrittenEvents);
            sinkRefused.Set(sink.RefusedEvents);
            sinkFailures.Set(sink.FlushFailures);
        });
        Registry.AddBeforeCollectCallback(() =>
        {
            auditDropped.Set(audit.Dropped);
            logged.Set(eventLog.WrittenEvents);
            logDropped.Set(eventLog.DroppedEvents);
        });
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Records the time a model took to answer one request (<c>request_predict_seconds</c>).</summary>
    public void ObservePredict(ModelEntry entry, string endpoint, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(entry);
        PredictChild(entry, endpoint).Observe(elapsed.TotalSeconds);
    }

    private Histogram.Child PredictChild(ModelEntry entry, string endpoint)
    {
        var children = _predictChildren.GetValue(entry, static _ => new ConcurrentDictionary<string, Histogram.Child>(StringComparer.Ordinal));
        return children.TryGetValue(endpoint, out var child)
            ? child
            : children.GetOrAdd(endpoint, _predict.WithLabels(entry.Name, entry.Version ?? "", endpoint));
    }

    public void CountEvents(string type, int count) => _events.WithLabels(type).Inc(count);

    /// <summary>Counts one recommendation answer carrying a recommendationId of <paramref name="entry"/>'s version.</summary>
    public void CountRecommendationAnswer(ModelEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // TryGetValue first: GetValue's factory captures this, and would allocate a delegate on every answer.
        var child = _answeredChildren.TryGetValue(entry, out var known)
            ? known
            : _answeredChildren.GetValue(entry, e => _answered.WithLabels(e.Name, e.Version ?? ""));
        child.Inc();
    }

    /// <summary>
    /// Counts the accepted events that convert for a recommendation (<see cref="ConversionAttribution"/>), by the
    /// version their recommendationId names, and the ones whose id cannot be attributed, by why.
    /// </summary>
    public void CountConversions(IEnumerable<ShopEventRecord> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        lock (_attributionGate)
        {
            foreach (var e in accepted)
            {
                var attribution = _attribution.Attribute(e.Type, e.RecommendationId);
                switch (attribution.Outcome)
                {
                    case AttributionOutcome.Attributed:
                        if (attribution.Forgotten is { } forgotten)
                        {
                            Forget(attribution.Model, forgotten);
                        }

                        _conversions.WithLabels(attribution.Model, attribution.Version, attribution.Kind).Inc();
                        break;
                    case AttributionOutcome.Unattributed:
                        _unattributed.WithLabels(attribution.Reason).Inc();
                        break;
                }
            }
        }
    }

    /// <summary>Drops a version's conversion series, to keep the labels bounded (see <see cref="ConversionAttribution"/>).</summary>
    private void Forget(string model, string version)
    {
        foreach (var kind in ServingMetrics.ConversionKinds)
        {
            _conversions.RemoveLabelled(model, version, kind);
        }
    }

    private void Refresh(ModelRegistry registry)
    {
        var entries = registry.Models;
        var loaded = entries.Where(e => e is { Status: ModelStatus.Loaded, Manifest: not null }).ToList();
        Retain(_info, loaded.Select(e => new[] { e.Name, e.Manifest!.Version, e.Manifest.Task, e.Manifest.Algorithm }));
        Retain(_loadedAt, loaded.Select(e => new[] { e.Name, e.Manifest!.Version }));
        Retain(_ready, entries.Select(e => new[] { e.Name }));
        Retain(_createdAt, loaded.Select(e => new[] { e.Name, e.Manifest!.Version }));
        Retain(_dataTo, loaded.Where(e => e.Manifest!.Data.To is not null).Select(e => new[] { e.Name, e.Manifest!.Version }));
        Retain(_trainingMetric, loaded.SelectMany(e => e.Manifest!.Metrics.Keys.Select(m => new[] { e.Name, e.Manifest.Version, m })));
        foreach (var e in loaded)
        {
            _info.WithLabels(e.Name, e.Manifest!.Version, e.Manifest.Task, e.Manifest.Algorithm).Set(1);
            _loadedAt.WithLabels(e.Name, e.Manifest.Version).Set(e.LoadedAt?.ToUnixTimeMilliseconds() / 1000.0 ?? 0);
            _createdAt.WithLabels(e.Name, e.Manifest.Version).Set(e.Manifest.CreatedAt.ToUnixTimeMilliseconds() / 1000.0);
            if (e.Manifest.Data.To is { } to)
            {
                _dataTo.WithLabels(e.Name, e.Manifest.Version).Set(new DateTimeOffset(DateTime.SpecifyKind(to, DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000.0);
            }

            foreach (var (metric, value) in e.Manifest.Metrics)
            {
                _trainingMetric.WithLabels(e.Name, e.Manifest.Version, metric).Set(value);
            }
        }

        foreach (var e in entries)
        {
            _ready.WithLabels(e.Name).Set(e.Status == ModelStatus.Loaded ? 1 : 0);
        }
    }

    /// <summary>Drift inputs, computed at scrape time from the bounded buffer, never on the request path.</summary>
    private void RefreshDrift(ModelRegistry registry, EventBuffer events)
    {
        var buffered = events.Snapshot();
        foreach (var (type, count) in DriftInputs.CountByType(buffered))
        {
            _bufferedByType.WithLabels(EventTypeNames.Of(type)).Set(count);
        }

        var psi = DriftInputs.PsiByModel(registry.Models, buffered);
        Retain(_psi, psi.Select(p => new[] { p.Model, p.Feature }));
        foreach (var (model, feature, value) in psi)
        {
            _psi.WithLabels(model, feature).Set(value);
        }
    }

    /// <summary>Drops series of versions no longer served, so a swapped-out version does not linger as "info = 1".</summary>
    private static void Retain(Gauge gauge, IEnumerable<string[]> current)
    {
        var keep = current.Select(labels => string.Join('\u001f', labels)).ToHashSet(StringComparer.Ordinal);
        foreach (var labels in gauge.GetAllLabelValues().ToList())
        {
            if (!keep.Contains(string.Join('\u001f', labels)))
            {
                gauge.RemoveLabelled(labels);
            }
        }
    }
}
