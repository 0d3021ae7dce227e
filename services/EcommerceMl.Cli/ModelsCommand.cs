using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EcommerceMl.Artifacts;
using EcommerceMl.Trainer;

namespace EcommerceMl.Cli;

/// <summary>`ecml models`: the models in a store, their versions and held-out metrics.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "model store: a folder or s3://bucket/prefix", Required = true };
        var model = new Option<string?>("--model") { Description = "only this model" };
        var format = new Option<string>("--format") { Description = "table | json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("models", "List the models in a store, their versions and held-out metrics.") { store, model, format };
        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var console = parse.InvocationConfiguration.Output;
            var modelStore = ModelStores.Open(parse.GetValue(store)!);
            var only = parse.GetValue(model);
            var names = only is null ? await modelStore.ListModelsAsync(cancellationToken) : [only];
            var manifests = new List<ModelManifest>();
            foreach (var name in names)
            {
                manifests.AddRange(await modelStore.ListVersionsAsync(name, cancellationToken));
            }

            if (only is not null && manifests.Count == 0)
            {
                throw new ModelNotFoundException($"no model '{only}' in {modelStore.Location}");
            }

            if (parse.GetValue(format) == "json")
            {
                await console.WriteLineAsync(JsonSerializer.Serialize(manifests, ManifestJson.Options));
            }
            else
            {
                WriteTable(console, manifests);
            }

            return 0;
        }));
        return command;
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<ModelManifest> manifests)
    {
        if (manifests.Count == 0)
        {
            output.WriteLine("no models");
            return;
        }

        output.WriteLine($"{"MODEL",-24} {"VERSION",-24} {"TASK",-15} {"ALGORITHM",-15} METRICS");
        foreach (var m in manifests)
        {
            var metrics = string.Join("  ", m.Metrics.OrderBy(x => x.Key, StringComparer.Ordinal)
                .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Key}={x.Value:0.####}")));
            output.WriteLine($"{m.Model,-24} {m.Version,-24} {m.Task,-15} {m.Algorithm,-15} {metrics}");
        }
    }
}
