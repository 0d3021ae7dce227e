using EcommerceMl.Contracts;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// One task's part of a monitoring run: measure the model's inputs and outputs on the live window
/// (with the extractor training used for the reference), and its realized accuracy on what was
/// labelled since its data ended. Pure.
/// </summary>
public interface ITaskMonitor
{
    string Task { get; }

    /// <summary>The metric compared with the manifest's when none is asked for.</summary>
    string DefaultMetric(ModelManifest manifest);

    /// <param name="window">The live data of the window only: orders and events in [from, to).</param>
    MonitoredSample Observe(ITrainedModel model, MonitoringContext context);

    /// <summary>Realized metrics, or why there are none yet (a note).</summary>
    PerformanceMeasurement Measure(ITrainedModel model, MonitoringContext context);
}

/// <summary>The data a task monitor reads.</summary>
/// <param name="Manifest">The monitored version's manifest.</param>
/// <param name="Live">All live data read (history included), up to the window's end.</param>
/// <param name="Window">The live data inside [<paramref name="From"/>, <paramref name="To"/>).</param>
/// <param name="DataEnd">Where the version's training data ended: what came after is new and labels it.</param>
public sealed record MonitoringContext(ModelManifest Manifest, ShopData Live, ShopData Window, DateTime From, DateTime To, DateTime DataEnd);

/// <summary>Realized metrics by manifest name with the rows they rest on, or a note saying why there are none.</summary>
public sealed record PerformanceMeasurement(IReadOnlyDictionary<string, double> Metrics, long Count, string? Note)
{
    public static PerformanceMeasurement None(string note) => new(new Dictionary<string, double>(), 0, note);
}
