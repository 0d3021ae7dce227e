using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceMl.Artifacts;
using EcommerceMl.Trainer;

namespace EcommerceMl.Cli;

/// <summary>
/// `ecml models`: the models in a store, their versions and held-out metrics, which version <c>latest</c> serves
/// and which missed their gate. A version whose manifest cannot be read is skipped with a warning on stderr.
/// </summary>
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
            var unreadable = new List<string>();
            foreach (var name in names)
            {
                var versions = await modelStore.ListVersionsAsync(name, cancellationToken);
                manifests.AddRange(versions);
                unreadable.AddRange(versions.Unreadable.Select(v => $"warning: model '{name}' version {v.Version} skipped: {v.Reason}"));
            }

            // One bad version is reported, never the end of the listing (and not an error: the rest is fine).
            foreach (var warning in unreadable)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(warning);
            }

            if (only is not null && manifests.Count == 0 && unreadable.Count == 0)
            {
                throw new ModelNotFoundException($"no model '{only}' in {modelStore.Location}");
            }

            if (parse.GetValue(format) == "json")
            {
                await console.WriteLineAsync(AsJson(manifests));
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

        var latest = ServableLatestVersions(manifests);
        output.WriteLine($"{"MODEL",-24} {"VERSION",-24} {"TASK",-15} {"ALGORITHM",-15} {"STATUS",-12} METRICS");
        foreach (var m in manifests)
        {
            var metrics = string.Join("  ", m.Metrics.OrderBy(x => x.Key, StringComparer.Ordinal)
                .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Key}={x.Value:0.####}")));
            output.WriteLine($"{m.Model,-24} {m.Version,-24} {m.Task,-15} {m.Algorithm,-15} {Status(m, latest),-12} {metrics}");
        }
    }

    /// <summary>The manifests, each with <c>servableLatest</c>: true for the version <c>latest</c> resolves to.</summary>
    private static string AsJson(IReadOnlyList<ModelManifest> manifests)
    {
        var latest = ServableLatestVersions(manifests);
        var array = new JsonArray();
        foreach (var manifest in manifests)
        {
            var node = JsonSerializer.SerializeToNode(manifest, ManifestJson.Options)!.AsObject();
            node["servableLatest"] = latest.Contains($"{manifest.Model}/{manifest.Version}");
            array.Add(node);
        }

        return array.ToJsonString(ManifestJson.Options);
    }

    /// <summary>
    /// "latest" for the version <c>latest</c> serves; for one that never will be, why (<see cref="ModelVersions.WhyNotServable"/>):
    /// "gate failed" or "lost" (to the champion); else blank.
    /// </summary>
    private static string Status(ModelManifest manifest, IReadOnlySet<string> latest) =>
        latest.Contains($"{manifest.Model}/{manifest.Version}") ? ModelVersions.Latest
        : ModelVersions.IsServable(manifest) ? ""
        : manifest.Gate?.Passed == false ? "gate failed"
        : "lost";

    /// <summary>The servable latest of each model, as <c>model/version</c>.</summary>
    private static HashSet<string> ServableLatestVersions(IEnumerable<ModelManifest> manifests) =>
        manifests.GroupBy(m => m.Model, StringComparer.Ordinal)
            .Select(g => ModelVersions.ServableLatest(g))
            .OfType<ModelManifest>()
            .Select(m => $"{m.Model}/{m.Version}")
            .ToHashSet(StringComparer.Ordinal);
}
