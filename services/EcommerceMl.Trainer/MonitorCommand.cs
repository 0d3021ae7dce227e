using System.CommandLine;
using EcommerceMl.Artifacts;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Ml.Monitoring;

namespace EcommerceMl.Trainer;

/// <summary>
/// The monitor command's options and action: the trainer image's <c>monitor</c> subcommand (what a
/// Model's monitoring Job runs) and <c>ecml monitor</c> are both configured here, from
/// <see cref="MonitorArguments"/>; every option falls back to its variable. Exit 0 when the report
/// is written (drift is a finding, not an error), 2 on invalid input, 1 on failure.
/// </summary>
public static class MonitorCommand
{
    public const string Description =
        "Compare a model version's inputs and outputs on a recent window of live data with its training profiles, measure its realized accuracy, and write the report beside the version.";

    public static void Configure(Command command, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var model = EnvironmentOptions.Required(MonitorArguments.Model, "model name");
        var data = EnvironmentOptions.Required(MonitorArguments.Data, $"live data: the forms the trainer's --data takes ({TrainerVariables.SyntheticData}, a folder of canonical CSVs, s3://bucket/prefix, postgres://… or postgres)");
        var store = EnvironmentOptions.Required(MonitorArguments.Store, "model store: a folder or s3://bucket/prefix");
        var version = EnvironmentOptions.Optional(MonitorArguments.Version, "version to monitor (default: the servable latest)");
        var windowDays = EnvironmentOptions.Number(MonitorArguments.WindowDays, MonitoringSettings.DefaultWindowDays, "days of live data compared, ending now (or at the newest live data)");
        var threshold = EnvironmentOptions.Decimal(MonitorArguments.Threshold, DriftSettings.DefaultThreshold, "threshold of the distances (Wasserstein, Jensen–Shannon, PSI); the tests use p < 0.05");
        var minSamples = EnvironmentOptions.Number(MonitorArguments.MinSamples, DriftSettings.DefaultMinSamples, "rows each side needs before a feature is judged");
        var metric = EnvironmentOptions.Optional(MonitorArguments.PerformanceMetric, "realized metric (default: ndcg_at_k, mase or auc by task)");
        var maxDrop = EnvironmentOptions.Decimal(MonitorArguments.MaxRelativeDrop, MonitoringSettings.DefaultMaxRelativeDrop, "relative worsening of the realized metric that counts as degraded");
        var events = EnvironmentOptions.Optional(MonitorArguments.Events,
            "the event sink also read: true or store (default: the sink in the model store), false or none, postgres://… (the servers' received_events table) or a sink's folder or s3://bucket/prefix");
        foreach (var option in new Option[] { model, data, store, version, windowDays, threshold, minSamples, metric, maxDrop, events })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var sink = EventsSpec(parse.GetValue(events));
            var options = new MonitorOptions
            {
                Model = parse.GetValue(model)!,
                Data = parse.GetValue(data)!,
                DataVariable = parse.GetResult(data) is { Implicit: true } ? MonitorArguments.Data.Variable : null,
                Version = parse.GetValue(version),
                Events = sink is not null,
                Settings = new MonitoringSettings
                {
                    WindowDays = parse.GetValue(windowDays),
                    PerformanceMetric = parse.GetValue(metric),
                    MaxRelativeDrop = parse.GetValue(maxDrop),
                    Drift = new DriftSettings { Threshold = parse.GetValue(threshold), MinSamples = parse.GetValue(minSamples) },
                },
            };
            var modelStore = ModelStores.Open(parse.GetValue(store)!);
            var run = new MonitorRun(spec => TrainingDataSources.Load(spec), time ?? TimeProvider.System, parse.InvocationConfiguration.Output);
            await run.RunAsync(options, modelStore, Sink(sink, modelStore, parse.GetValue(store)!), cancellationToken).ConfigureAwait(false);
            return TrainerExitCodes.Done;
        }));
    }

    /// <summary>The sink spec an <c>--events</c> value names (the trainer's forms; true and false as before): null for none.</summary>
    internal static string? EventsSpec(string? value)
    {
        var spec = value?.Trim();
        return string.IsNullOrEmpty(spec) || Is(spec, "true") ? TrainerVariables.EventsFromStore
            : Is(spec, "false") || Is(spec, "none") ? null
            : spec;

        static bool Is(string spec, string word) => string.Equals(spec, word, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The sink to read; for the default (the store's own) none when the store cannot hold one — the report then says so.</summary>
    private static EventSinkSource? Sink(string? spec, IModelStore store, string storeLocation) =>
        spec is null ? null
        : spec == TrainerVariables.EventsFromStore ? EventObjectStores.For(store) is { } objects ? EventSinkSource.Of(objects) : null
        : EventSinkSource.From(spec, storeLocation, MonitorArguments.Events.Option);
}
