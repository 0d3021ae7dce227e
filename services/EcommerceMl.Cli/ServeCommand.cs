using System.CommandLine;
using EcommerceMl.Artifacts;
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
        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var console = parse.InvocationConfiguration.Output;
            await using var server = await LocalServer.StartAsync(
                ModelStores.Open(parse.GetValue(store)!), parse.GetValue(models) ?? [], parse.GetValue(urls)!, cancellationToken);
            ExitWithParent.StopGracefullyWith(() => server.App.StopAsync());
            // Ctrl+C before the models are loaded (an empty store, say) must still stop the server.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, server.App.Lifetime.ApplicationStopping);
            if (await server.TryWaitUntilReadyAsync(stopping.Token))
            {
                console.WriteLine();
                console.WriteLine($"EcommerceMl is serving {server.ModelCount} model(s) on {server.BaseUrl}. Try:");
                foreach (var line in server.ExampleRequests())
                {
                    console.WriteLine("  " + line);
                }

                console.WriteLine($"API page: {server.BaseUrl}/docs   OpenAPI document: {server.BaseUrl}/openapi/v1.json   Stop with Ctrl+C.");
                if (server.App.Services.GetRequiredService<Inference.Events.EventSink>().Location is { } events)
                {
                    console.WriteLine($"Shop events (POST /v1/events) are written to {events}/{Contracts.Events.EventSinkLayout.Root}/.");
                }
            }

            await server.App.WaitForShutdownAsync(cancellationToken);
            return 0;
        }));
        return command;
    }
}
