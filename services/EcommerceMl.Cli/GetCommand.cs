using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceMl.Operator.Crds;
using EcommerceMl.Operator.Local;
using EcommerceMl.Trainer;
using k8s.Models;

namespace EcommerceMl.Cli;

/// <summary>
/// `ecml get`: what local mode runs, read from its state file, printed as `kubectl get` prints the
/// platform's resources — the columns are the CRDs' printer columns.
/// </summary>
internal static class GetCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var kinds = CustomResourceDefinitions.All();
        var kind = new Argument<string>("kind")
        {
            Description = "what to list: " + string.Join(" | ", kinds.SelectMany(Names)),
        };
        kind.AcceptOnlyFromAmong([.. kinds.SelectMany(Names)]);
        var name = new Argument<string?>("name") { Description = "only this one", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--output", "-o") { Description = "wide | yaml | json (default: a table)" };
        output.AcceptOnlyFromAmong("wide", "yaml", "json");
        var ns = new Option<string>("--namespace", "-n") { Description = "the namespace", DefaultValueFactory = _ => ResourceFiles.DefaultNamespace };
        var state = UpCommand.StateOption();
        var command = new Command("get", "Show the TrainingJobs, ModelDeployments and Models local mode (`ecml up`) runs, in kubectl's columns.")
        {
            kind, name, output, ns, state,
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
                return 1;
            }

            var crd = kinds.Single(c => Names(c).Contains(parse.GetValue(kind)!));
            var plural = crd.Spec.Names.Plural;
            var namespaceName = parse.GetValue(ns)!;
            var only = parse.GetValue(name);
            var objects = (snapshot[plural]?.AsArray() ?? [])
                .OfType<JsonNode>()
                .Where(o => o["metadata"]?["namespace"]?.GetValue<string>() == namespaceName)
                .Where(o => only is null || o["metadata"]?["name"]?.GetValue<string>() == only)
                .ToList();
            await WarnIfStoppedAsync(snapshot, error);
            if (only is not null && objects.Count == 0)
            {
                await error.WriteLineAsync($"Error from server (NotFound): {crd.Metadata.Name} \"{only}\" not found");
                return 1;
            }

            var format = parse.GetValue(output);
            if (format is "json" or "yaml")
            {
                JsonNode document = only is not null
                    ? objects[0].DeepClone()
                    : new JsonObject { ["apiVersion"] = "v1", ["items"] = new JsonArray([.. objects.Select(o => o.DeepClone())]), ["kind"] = "List" };
                await console.WriteAsync(format == "json" ? document.ToJsonString(Indented) + "\n" : OutputFormat.ToYaml(document));
                return 0;
            }

            if (objects.Count == 0)
            {
                await error.WriteLineAsync($"No resources found in {namespaceName} namespace.");
                return 0;
            }

            await console.WriteAsync(ResourceTable.Render(crd, objects, wide: format == "wide", DateTimeOffset.UtcNow));
            return 0;
        }));
        return command;
    }

    /// <summary>kubectl's names for a kind: plural, singular, short names.</summary>
    private static IEnumerable<string> Names(V1CustomResourceDefinition crd) =>
        [crd.Spec.Names.Plural, crd.Spec.Names.Singular, .. crd.Spec.Names.ShortNames ?? []];

    private static async Task WarnIfStoppedAsync(JsonObject snapshot, TextWriter error)
    {
        var running = snapshot["running"]?.GetValue<bool>() == true;
        var pid = snapshot["pid"]?.GetValue<int>();
        if (running && pid is { } id && IsAlive(id))
        {
            return;
        }

        await error.WriteLineAsync($"note: `ecml up` is not running; this is the state it saved at {snapshot["savedAt"]}.");
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
