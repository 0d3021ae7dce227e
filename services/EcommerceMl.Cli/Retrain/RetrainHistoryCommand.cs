using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceMl.Artifacts;
using EcommerceMl.Trainer;

namespace EcommerceMl.Cli.Retrain;

/// <summary>
/// `ecml retrain history [MODEL]`: every version in the store, newest first, with the trigger that started
/// its run, the gate metric, the gate and champion outcomes and whether <c>latest</c> may serve it. Reads
/// only the store's manifests: no cluster, no local mode needed.
/// </summary>
internal static class RetrainHistoryCommand
{
    private static readonly JsonSerializerOptions Json = new(ManifestJson.Options) { WriteIndented = false };

    public static Command Create()
    {
        var model = new Argument<string?>("model") { Description = "only this model (default: every model in the store)", Arity = ArgumentArity.ZeroOrOne };
        var store = RetrainCommand.StoreOption();
        var output = OutputFormat.Option();
        var command = new Command("history", "The training runs behind each version, newest first: trigger, gate metric, gate and champion outcome, servable or why not.")
        {
            model, store, output,
        };
        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var console = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var modelStore = StoreLookup.Open(parse.GetValue(store)!);
            var names = await StoreLookup.ModelsAsync(modelStore, parse.GetValue(model), cancellationToken);
            var manifests = new List<ModelManifest>();
            foreach (var name in names)
            {
                var versions = await modelStore.ListVersionsAsync(name, cancellationToken);
                manifests.AddRange(versions);
                foreach (var unreadable in versions.Unreadable)
                {
                    await error.WriteLineAsync($"warning: model '{name}' version {unreadable.Version} skipped: {unreadable.Reason}");
                }
            }

            var entries = TrainingHistory.From(manifests);
            var format = parse.GetValue(output)!;
            if (format == OutputFormat.Table)
            {
                await console.WriteAsync(entries.Count == 0 ? $"No versions in {modelStore.Location}.\n" : TextTable.Render(TrainingHistory.Table(entries)));
            }
            else
            {
                var document = new JsonObject { ["items"] = JsonSerializer.SerializeToNode(entries, Json) };
                await console.WriteAsync(OutputFormat.Serialize(document, format));
            }

            return 0;
        }));
        return command;
    }
}
