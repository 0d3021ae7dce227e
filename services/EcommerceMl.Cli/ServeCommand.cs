using System.CommandLine;
using EcommerceMl.Artifacts;
using EcommerceMl.Inference;
using EcommerceMl.Inference.Models;
using EcommerceMl.Ml.Training;
using EcommerceMl.Trainer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcommerceMl.Cli;

/// <summary>`ecml serve`: the inference server on this machine, with curl examples once its models are loaded.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "model store: a folder or s3://bucket/prefix", Required = true };
        var models = new Option<string[]>("--model") { Description = "a model to serve, NAME or NAME@VERSION; repeatable (default: every model, latest version)" };
        var urls = new Option<string>("--urls") { Description = "where to listen", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var command = new Command("serve", "Serve models from a store over REST: recommendations, similar products, forecasts, churn.") { store, models, urls };
        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(Console.Error, async () =>
        {
            var address = parse.GetValue(urls)!;
            var settings = new List<string> { $"--urls={address}" };
            var names = parse.GetValue(models) ?? [];
            for (var i = 0; i < names.Length; i++)
            {
                settings.Add($"--Ecml:Inference:Models:{i}={names[i]}");
            }

            var app = InferenceApp.Build([.. settings], ModelStores.Open(parse.GetValue(store)!), TaskPipelines.All);
            await app.StartAsync(cancellationToken);
            await PrintExamplesWhenReadyAsync(app.Services.GetRequiredService<ModelRegistry>(), address, cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        }));
        return command;
    }

    private static async Task PrintExamplesWhenReadyAsync(ModelRegistry registry, string address, CancellationToken cancellationToken)
    {
        await registry.WaitUntilReadyAsync(cancellationToken);
        var baseUrl = address.Split(';')[0];
        Console.WriteLine();
        Console.WriteLine($"EcommerceMl is serving {registry.Models.Count} model(s) on {baseUrl}. Try:");
        foreach (var line in ExampleRequests.Build(registry, baseUrl))
        {
            Console.WriteLine("  " + line);
        }

        Console.WriteLine($"OpenAPI document: {baseUrl}/openapi/v1.json   Stop with Ctrl+C.");
    }
}
