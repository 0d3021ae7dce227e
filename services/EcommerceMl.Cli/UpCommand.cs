using System.CommandLine;
using System.Reflection;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Local.Runtimes;
using EcommerceMl.Trainer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace EcommerceMl.Cli;

/// <summary>
/// `ecml up`: local mode. The operator's reconcilers against the resources in YAML files, trainers
/// and inference servers as child processes of this one, status for `ecml get`; Ctrl+C stops it all.
/// </summary>
internal static class UpCommand
{
    public const string DefaultState = ".ecml";

    public static Command Create()
    {
        var files = new Option<string>("--filename", "-f") { Description = "a TrainingJob/ModelDeployment YAML file or a folder of them (re-read when they change)", Required = true };
        var store = new Option<string>("--store") { Description = "the model store: a folder (default {state}/store), or s3://bucket[/prefix] on the server ECML_S3_ENDPOINT names" };
        var runtime = new Option<string>("--runtime")
        {
            Description = "where Pods run: processes of this ecml (default), or containers of the trainer and inference images (podman with runc; build them with `make images`)",
            DefaultValueFactory = _ => "processes",
        };
        runtime.AcceptOnlyFromAmong("processes", "containers");
        var trainerImage = new Option<string>("--trainer-image") { Description = $"with --runtime containers: the image of TrainingJobs that name none (default {ContainerImages.Default.Trainer})" };
        var inferenceImage = new Option<string>("--inference-image") { Description = $"with --runtime containers: the image of ModelDeployments that name none (default {ContainerImages.Default.Inference})" };
        var state = StateOption();
        var listen = new Option<string>("--listen")
        {
            Description = "serve every ModelDeployment behind one address, as an Ingress would (e.g. http://127.0.0.1:8080): routed by model name, ?model= or the endpoint's task",
        };
        listen.Validators.Add(result =>
        {
            var value = result.GetValue(listen);
            if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == "http" && uri.AbsolutePath == "/"))
            {
                result.AddError($"--listen '{value}' is not an address to listen on: give http://HOST:PORT, e.g. http://127.0.0.1:8080.");
            }
        });
        var command = new Command("up", "Local mode: run the Models, TrainingJobs and ModelDeployments in YAML files on this machine, as the operator runs them on Kubernetes.")
        {
            files, store, state, listen, runtime, trainerImage, inferenceImage,
        };
        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            // System.CommandLine's Ctrl+C/SIGTERM handler waits for the action only once the action has handed back its
            // task; a signal before that ends the process at once (exit 130/143) with everything it started left running.
            // Local mode's start runs synchronously up to its first wait (podman calls included), so hand the task back first.
            await Task.Yield();
            var stateFolder = parse.GetValue(state)!;
            var options = new LocalModeOptions
            {
                ResourcePath = parse.GetValue(files)!,
                Store = parse.GetValue(store) ?? Path.Combine(stateFolder, "store"),
                StateFolder = stateFolder,
                Listen = parse.GetValue(listen),
                Runtime = parse.GetValue(runtime) == "containers" ? LocalRuntime.Containers : LocalRuntime.Processes,
                Images = new ContainerImages(
                    parse.GetValue(trainerImage) ?? ContainerImages.Default.Trainer,
                    parse.GetValue(inferenceImage) ?? ContainerImages.Default.Inference),
                Command = LocalCommand.Current(Assembly.GetEntryAssembly()?.Location ?? typeof(UpCommand).Assembly.Location),
            };
            _ = ResourceFiles.Find(options.ResourcePath);
            if (InterruptSignal.StopHint(Environment.ProcessId) is { } hint)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(hint);
            }

            using var loggers = CreateLoggers();
            await LocalMode.RunAsync(options, parse.InvocationConfiguration.Output, loggers, cancellationToken);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Local mode's console: the reconcilers' Events are printed as they are recorded, so their own Information lines
    /// would repeat them; and the gateway's forwarder would print two lines per proxied request (`ecml simulate` makes
    /// hundreds a second), burying the Events a newcomer watches for.
    /// </summary>
    internal static ILoggerFactory CreateLoggers() => LoggerFactory.Create(b => b
        .AddConsole(o => o.FormatterName = LocalConsoleFormatter.Name)
        .AddConsoleFormatter<LocalConsoleFormatter, ConsoleFormatterOptions>()
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddFilter("System", LogLevel.Warning)
        .AddFilter("Yarp", LogLevel.Warning)
        .AddFilter("EcommerceMl.Operator.Reconcilers", LogLevel.Warning));

    public static Option<string> StateOption() => new("--state")
    {
        Description = "local mode's state folder: status for `ecml get`, logs, secrets.yaml",
        DefaultValueFactory = _ => DefaultState,
    };
}
