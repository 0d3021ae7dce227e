using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Trainer;
using k8s;

namespace EcommerceMl.Cli.Retrain;

/// <summary>
/// `ecml retrain check [MODEL]`: which triggers of local mode's Models would fire now and why, the
/// TrainingJob each would create, and why the others would not — acting on nothing (seed 003's
/// <c>ml_auto_train --check</c>). Reads the Models and ModelDeployments from local mode's state; from the store, the
/// servable version, the monitored one (what the ModelDeployments serve, read as the reconciler reads it:
/// <see cref="MonitoredManifest"/>) and the monitored version's newest monitoring report; and asks the operator's own
/// trigger planner.
/// </summary>
internal static class RetrainCheckCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create(TimeProvider time)
    {
        var model = new Argument<string?>("model") { Description = "only this Model (default: every Model of the namespace)", Arity = ArgumentArity.ZeroOrOne };
        var state = UpCommand.StateOption();
        var store = new Option<string?>("--store") { Description = "the model store (default: local mode's, {state}/store)" };
        var ns = new Option<string>("--namespace", "-n") { Description = "the namespace", DefaultValueFactory = _ => ResourceFiles.DefaultNamespace };
        var output = OutputFormat.Option();
        var command = new Command("check", "Which triggers of each Model would fire now and why, the TrainingJob each would create, and why the others would not. Changes nothing.")
        {
            model, state, store, ns, output,
        };
        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var console = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var stateFolder = parse.GetValue(state)!;
            var (snapshot, problem) = LocalStateFile.Read(stateFolder);
            if (snapshot is null)
            {
                await error.WriteLineAsync($"error: {problem}");
                return TrainerExitCodes.InvalidInput;
            }

            var namespaceName = parse.GetValue(ns)!;
            var only = parse.GetValue(model);
            var models = Objects<Model>(snapshot, Model.Plural, namespaceName);
            if (only is not null)
            {
                models = [.. models.Where(m => m.Metadata.Name == only)];
                if (models.Count == 0)
                {
                    await error.WriteLineAsync($"error: no Model '{only}' in namespace {namespaceName} of {LocalState.PathIn(stateFolder)}{Known(snapshot, namespaceName)}.");
                    return TrainerExitCodes.InvalidInput;
                }
            }

            var modelStore = StoreLookup.Open(parse.GetValue(store) ?? Path.Combine(stateFolder, "store"));
            var runs = Objects<TrainingJob>(snapshot, TrainingJob.Plural, namespaceName).Select(t => t.Metadata.Name).ToHashSet(StringComparer.Ordinal);
            var deployments = Objects<ModelDeployment>(snapshot, ModelDeployment.Plural, namespaceName);
            var now = time.GetUtcNow();
            var results = new List<TriggerCheckResult>();
            foreach (var m in models)
            {
                // As the reconciler reads them (ModelReconciler.Store.cs): only the namespace's versions, and the reports of the version that serves.
                var servable = (await modelStore.FindServableAsync(m.Metadata.Name, scope: VersionNamespaces.Of(m.Metadata.NamespaceProperty), cancellationToken: cancellationToken)).Manifest;
                var monitored = await MonitoredManifest.ReadAsync(modelStore, m, servable, deployments, cancellationToken);
                var report = monitored is null ? null
                    : (await modelStore.ListMonitoringReportsAsync(m.Metadata.Name, monitored.Version, newest: 1, cancellationToken)).Newest;
                results.Add(TriggerCheck.Check(m, servable, report, runs, now, monitored));
            }

            var format = parse.GetValue(output)!;
            if (format == OutputFormat.Table)
            {
                await console.WriteAsync(results.Count == 0 ? "" : string.Join("\n", results.Select(TriggerCheckReport.Render)));
                if (results.Count == 0)
                {
                    await error.WriteLineAsync($"No Models found in {namespaceName} namespace.");
                }
            }
            else
            {
                var document = new JsonObject { ["items"] = JsonSerializer.SerializeToNode(results, Json) };
                await console.WriteAsync(OutputFormat.Serialize(document, format));
            }

            return 0;
        }));
        return command;
    }

    private static List<T> Objects<T>(JsonObject snapshot, string plural, string ns) =>
        [.. (snapshot[plural]?.AsArray() ?? [])
            .OfType<JsonNode>()
            .Where(o => o["metadata"]?["namespace"]?.GetValue<string>() == ns)
            .Select(o => KubernetesJson.Deserialize<T>(o.ToJsonString()))];

    private static string Known(JsonObject snapshot, string ns)
    {
        var names = Objects<Model>(snapshot, Model.Plural, ns).Select(m => m.Metadata.Name).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? " (it has none)" : $" (it has {string.Join(", ", names)})";
    }
}
