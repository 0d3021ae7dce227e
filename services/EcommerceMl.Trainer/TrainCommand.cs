using System.CommandLine;
using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>
/// The train command's options and action. The trainer container's root command and `ecml train`
/// are both configured here, so the two can never drift apart. Every option falls back to an
/// ECML_* environment variable, which is how a TrainingJob's Pod passes them.
/// </summary>
public static class TrainCommand
{
    /// <param name="time">The clock of version ids and timings; the system's unless a test passes its own.</param>
    public static void Configure(Command command, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var task = Required(TrainerArguments.Task, "recommendation | forecast | churn");
        task.AcceptOnlyFromAmong([.. TaskPipelines.All.Select(p => p.Task)]);
        var algorithm = Optional(TrainerArguments.Algorithm, "algorithm of the task (default: the task's first)");
        var data = Required(TrainerArguments.Data, $"{TrainerVariables.SyntheticData} | ml-100k | online-retail | telco-churn | peyton-manning | a folder of canonical CSVs | s3://bucket/prefix of canonical CSVs (the store's S3 settings) | postgres://user@host:port/db (or postgres = ECML_DB)");
        var store = Required(TrainerArguments.Store, "model store: a folder or s3://bucket/prefix");
        var model = Required(TrainerArguments.Model, "model name (a DNS-1123 label), the registry key");
        var hyperparameters = new Option<string[]>(TrainerArguments.Hyperparameters.Option)
        {
            Description = $"a hyperparameter as key=value; repeatable (env {TrainerArguments.Hyperparameters.Variable}: k=v,k=v)",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => SplitList(Environment.GetEnvironmentVariable(TrainerArguments.Hyperparameters.Variable)),
        };
        var holdoutDays = Number(TrainerArguments.HoldoutDays, 28, "days at the end of the data held out for evaluation");
        var k = Number(TrainerArguments.K, 10, "cut-off of ranking metrics");
        var seed = Number(TrainerArguments.Seed, 42, "random seed");
        var windowDays = Number(TrainerArguments.WindowDays, 0, "train on the last N days of the data (orders and events; customers and products whole); 0 = all");
        var trainingJob = Optional(TrainerArguments.TrainingJob, "the TrainingJob (namespace/name) this run belongs to");
        var ns = Optional(TrainerArguments.Namespace, $"the namespace publishing the version, recorded in its manifest; ModelDeployments serve only versions of their own namespace or of those they name (unset: counted as {VersionNamespaces.Unscoped})");
        var gateMetric = Optional(TrainerArguments.GateMetric, "quality gate: the held-out metric to check, e.g. ndcg_at_10");
        var gateMinimum = Decimal(TrainerArguments.GateMinimum, "quality gate: the lowest acceptable value (higher is better)");
        var gateMaximum = Decimal(TrainerArguments.GateMaximum, "quality gate: the highest acceptable value (lower is better, e.g. mase)");
        var gateTolerance = Decimal(TrainerArguments.GateTolerance, "champion/challenger: how much worse than the servable version the new one may be on the gate metric, both scored on this run's held-out window (absolute, default 0)");
        var trigger = Optional(TrainerArguments.Trigger, $"why this run started, recorded in the manifest: {string.Join(" | ", TrainingTriggers.All)} (default {TrainingTriggers.Manual})");

        foreach (var option in new Option[] { task, algorithm, data, store, model, hyperparameters, holdoutDays, k, seed, windowDays, trainingJob, ns, gateMetric, gateMinimum, gateMaximum, gateTolerance, trigger })
        {
            command.Options.Add(option);
        }

        var events = Optional(TrainerArguments.Events, $"merge the event sink into the data: {TrainerVariables.EventsFromStore} (the sink in --store), a store location (a folder or s3://bucket/prefix) or the PostgreSQL database the servers write events to (postgres://user:password@host:port/db: its received_events table); purchases become orders, views and cart adds interactions");
        var eventsWindowDays = Number(TrainerArguments.EventsWindowDays, TrainingEvents.DefaultWindowDays, "days of events read from the sink, counted back from now by the time the server received them");
        command.Options.Add(events);
        command.Options.Add(eventsWindowDays);

        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var options = new TrainerOptions
            {
                Task = parse.GetValue(task)!,
                Algorithm = parse.GetValue(algorithm),
                Data = parse.GetValue(data)!,
                DataVariable = parse.GetResult(data) is { Implicit: true } ? TrainerArguments.Data.Variable : null,
                Store = parse.GetValue(store)!,
                Model = parse.GetValue(model)!,
                Hyperparameters = HyperparameterArguments.Parse(parse.GetValue(hyperparameters) ?? []),
                HoldoutDays = parse.GetValue(holdoutDays),
                K = parse.GetValue(k),
                Seed = parse.GetValue(seed),
                TrainingJob = parse.GetValue(trainingJob) ?? TrainerVariables.LocalTrainingJob,
                Namespace = VersionNamespaces.ValidateNamespace(parse.GetValue(ns), TrainerArguments.Namespace.Option),
                Gate = QualityGate.From(parse.GetValue(gateMetric), parse.GetValue(gateMinimum), parse.GetValue(gateMaximum), parse.GetValue(gateTolerance)),
                Trigger = Triggers.Parse(parse.GetValue(trigger)),
            };
            var window = parse.GetValue(windowDays);
            if (window < 0)
            {
                throw new ArgumentException($"{TrainerArguments.WindowDays.Option} must be 0 (all data) or more, not {window}");
            }

            var sink = TrainingEvents.From(parse.GetValue(events), parse.GetValue(eventsWindowDays), options.Store, time ?? TimeProvider.System);
            var run = new TrainingRun(TaskPipelines.All, spec => TrainingDataSources.Load(spec, window, sink), time ?? TimeProvider.System, parse.InvocationConfiguration.Output);
            var published = await run.RunAsync(options, ModelStores.Open(options.Store), cancellationToken).ConfigureAwait(false);
            if (published.Gate is { Passed: false } gate)
            {
                // Published all the same, so it can be inspected; it is never the servable latest (ModelVersions.IsServable).
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"error: gate not met: {QualityGate.Describe(gate)}; version {published.Version} was published but will not be served as latest.").ConfigureAwait(false);
                return TrainerExitCodes.GateNotMet;
            }

            if (published.Champion is { Passed: false } champion)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"error: champion not beaten: {champion.Describe()}; version {published.Version} was published but will not be served as latest.").ConfigureAwait(false);
                return TrainerExitCodes.ChampionNotBeaten;
            }

            return TrainerExitCodes.Done;
        }));
    }

    private static Option<string> Required(TrainerArgument argument, string description) => new(argument.Option)
    {
        Description = $"{description} (env {argument.Variable})",
        DefaultValueFactory = result =>
        {
            var value = Environment.GetEnvironmentVariable(argument.Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                result.AddError($"Option '{argument.Option}' is required (or set {argument.Variable}).");
                return string.Empty;
            }

            return value;
        },
    };

    private static Option<string?> Optional(TrainerArgument argument, string description) => new(argument.Option)
    {
        Description = $"{description} (env {argument.Variable})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(argument.Variable) is { Length: > 0 } value ? value : null,
    };

    private static Option<int> Number(TrainerArgument argument, int defaultValue, string description) => new(argument.Option)
    {
        Description = $"{description} (env {argument.Variable}; default {defaultValue})",
        DefaultValueFactory = result =>
        {
            var value = Environment.GetEnvironmentVariable(argument.Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return defaultValue;
            }

            if (!int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                result.AddError($"{argument.Variable} is '{value}'; it must be a whole number.");
            }

            return parsed;
        },
    };

    private static Option<double?> Decimal(TrainerArgument argument, string description) => new(argument.Option)
    {
        Description = $"{description} (env {argument.Variable})",
        DefaultValueFactory = result =>
        {
            var value = Environment.GetEnvironmentVariable(argument.Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed))
            {
                result.AddError($"{argument.Variable} is '{value}'; it must be a number such as 0.25.");
            }

            return parsed;
        },
    };

    private static string[] SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
