using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local.Gateway;
using EcommerceMl.Operator.Local.Runtimes;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Traffic;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Local;

/// <summary>What <c>ecml up</c> was asked for.</summary>
public sealed record LocalModeOptions
{
    /// <summary>A YAML file or a folder of them (<c>-f</c>).</summary>
    public required string ResourcePath { get; init; }

    /// <summary>The model store every trainer and inference server uses: a folder (made absolute), or <c>s3://bucket[/prefix]</c> on <c>ECML_S3_ENDPOINT</c>.</summary>
    public required string Store { get; init; }

    /// <summary>Where the state file, logs and the optional secrets file live.</summary>
    public required string StateFolder { get; init; }

    /// <summary>How to start <c>ecml train</c> and <c>ecml serve</c>.</summary>
    public required LocalCommand Command { get; init; }

    /// <summary>How often the files are read again even without a file-system notification.</summary>
    public TimeSpan Rescan { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the gateway in front of every ModelDeployment listens (<c>--listen</c>), e.g. <c>http://127.0.0.1:8080</c>; null: none.</summary>
    public string? Listen { get; init; }

    /// <summary>Where Pods run: processes of <see cref="Command"/> (default), or podman containers of their images.</summary>
    public LocalRuntime Runtime { get; init; } = LocalRuntime.Processes;

    /// <summary>The images containers run when a resource names none.</summary>
    public ContainerImages Images { get; init; } = ContainerImages.Default;

    /// <summary>Variables a <c>secretKeyRef</c> falls back to.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}

/// <summary>
/// Local mode: the operator's reconcilers against a <see cref="LocalCluster"/> fed from YAML files,
/// with Jobs run as trainer processes and Deployments as inference processes, and the state written
/// for <c>ecml get</c>. Everything started is stopped when <see cref="RunAsync"/> ends.
/// </summary>
public static class LocalMode
{
    public const string SecretsFileName = "secrets.yaml";
    public const string LogsFolderName = "logs";

    private static readonly HttpClient ScrapeClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// The one place reconcilers are wired into local mode: one <see cref="LocalControllers.Add{T}"/>
    /// per kind, built as the operator's executable builds them. With <paramref name="deployments"/>, the canary
    /// analysis scrapes its processes (there are no Pod IPs locally).
    /// </summary>
    public static LocalControllers RegisterReconcilers(
        LocalControllers controllers, LocalCluster cluster, Func<string, IModelStore> openStore, WorkloadSettings settings, TimeProvider time, ILoggerFactory loggers,
        LocalDeploymentRunner? deployments = null)
    {
        ArgumentNullException.ThrowIfNull(controllers);
        ArgumentNullException.ThrowIfNull(loggers);
        var traffic = deployments is null ? null : new ScrapedTraffic(LocalTrafficTargets.Of(deployments), ScrapeClient);
        controllers.Add<TrainingJob>(new TrainingJobReconciler(cluster, openStore, settings, time, loggers.CreateLogger<TrainingJobReconciler>()).ReconcileAsync);
        controllers.Add<ModelDeployment>(new ModelDeploymentReconciler(cluster, openStore, settings, time, loggers.CreateLogger<ModelDeploymentReconciler>(), traffic: traffic).ReconcileAsync);
        controllers.Add<Model>(new ModelReconciler(cluster, openStore, settings, time, loggers.CreateLogger<ModelReconciler>()).ReconcileAsync);
        return controllers;
    }

    /// <summary>The settings the builders fill defaults from: the local store, no images (processes run the current executable).</summary>
    public static WorkloadSettings Settings(string store) => new()
    {
        TrainerImage = "ecml (local process)",
        InferenceImage = "ecml (local process)",
        Store = Path.GetFullPath(store),
    };

    public static async Task RunAsync(LocalModeOptions options, TextWriter output, ILoggerFactory loggers, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(loggers);
        var time = TimeProvider.System;
        var state = Path.GetFullPath(options.StateFolder);
        var secrets = LocalSecrets.Load(Path.Combine(state, SecretsFileName), options.Environment);
        var logs = Path.Combine(state, LogsFolderName);
        var settings = LocalWorkloads.Settings(options.Store, options.Runtime, options.Images, options.Environment);
        var openStore = LocalWorkloads.StoreOpener(secrets, options.Environment);
        if (!LocalWorkloads.IsS3(settings.Store))
        {
            Directory.CreateDirectory(settings.Store);
        }

        Directory.CreateDirectory(logs);

        var cluster = new LocalCluster(time);
        LocalState.Restore(cluster, LocalState.Read(state));
        var report = new Action<string>(line =>
        {
            lock (output)
            {
                output.WriteLine(line);
            }
        });
        cluster.EventRecorded += e => report($"{e.Event.Type,-7} {e.Event.Reason,-20} {e.Kind.ToLowerInvariant()}/{e.Name}: {e.Event.Message}");

        var source = new ResourceFileSource(options.ResourcePath, cluster, report);
        await source.ScanAsync(stoppingToken).ConfigureAwait(false);
        PruneRestoredNotInFiles(cluster, source, report);

        var runtime = LocalWorkloads.Runtime(options.Runtime, options.Command, settings, state, report);
        await using var jobs = new LocalJobRunner(cluster, runtime, secrets, logs, time, loggers.CreateLogger<LocalJobRunner>());
        await using var indexedJobs = new LocalIndexedJobRunner(cluster, runtime, secrets, logs, time, loggers.CreateLogger<LocalIndexedJobRunner>());
        await using var deployments = new LocalDeploymentRunner(cluster, runtime, secrets, logs, time, loggers.CreateLogger<LocalDeploymentRunner>());
        var controllers = RegisterReconcilers(new LocalControllers(cluster, time, loggers), cluster, openStore, settings, time, loggers, deployments);
        using var changed = new SemaphoreSlim(0);
        cluster.Changed += _ => changed.Release();

        report($"Local mode: {string.Join(", ", controllers.Kinds)} from {options.ResourcePath}; store {settings.Store}; state and logs in {state}. Stop with Ctrl+C.");
        await using var gateway = options.Listen is null
            ? null
            : await LocalGateway.StartAsync(options.Listen, cluster, openStore(settings.Store), loggers, stoppingToken).ConfigureAwait(false);
        var watching = source.RunAsync(options.Rescan, stoppingToken);
        var reconciling = controllers.RunAsync(stoppingToken);
        var saving = SaveWhileRunningAsync(cluster, state, changed, stoppingToken);
        var announcing = gateway is null ? Task.CompletedTask : AnnounceWhenReadyAsync(gateway, report, time, stoppingToken);
        await Task.WhenAll(watching, reconciling, saving, announcing).ConfigureAwait(false);

        // The runners stop their processes as they are disposed; the last state says nothing runs.
        await deployments.DisposeAsync().ConfigureAwait(false);
        await jobs.DisposeAsync().ConfigureAwait(false);
        await indexedJobs.DisposeAsync().ConfigureAwait(false);
        LocalState.Write(state, LocalState.Snapshot(cluster, running: false, time.GetUtcNow()));
        report("Local mode stopped; every trainer and inference server it started has exited.");
    }

    /// <summary>Once every ModelDeployment answers, says where and prints requests to try, as <c>ecml serve</c> does.</summary>
    private static async Task AnnounceWhenReadyAsync(LocalGateway gateway, Action<string> report, TimeProvider time, CancellationToken stoppingToken)
    {
        report($"Gateway on {gateway.Url}: every ModelDeployment behind one address (by model name, ?model=, or the endpoint's task). Waiting for them to be ready …");
        try
        {
            while (!await gateway.AllReadyAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }

            var lines = await gateway.ExampleRequestsAsync(stoppingToken).ConfigureAwait(false);
            report($"Serving on {gateway.Url}. Try:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", lines)}{Environment.NewLine}"
                + $"Console: {gateway.Url}/   Status: ecml get models,mdep,tj   Stop with Ctrl+C.");
        }
        catch (OperationCanceledException)
        {
            // Stopped before anything was ready.
        }
    }

    private static async Task SaveWhileRunningAsync(LocalCluster cluster, string state, SemaphoreSlim changed, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            LocalState.Write(state, LocalState.Snapshot(cluster, running: true, TimeProvider.System.GetUtcNow()));
            try
            {
                await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                // Changes come in bursts (a reconcile writes a Job, a Pod, a status): write once per burst.
                await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken).ConfigureAwait(false);
                while (changed.CurrentCount > 0)
                {
                    await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A resource restored from the last run whose file is gone by now is deleted, as if its file had been removed while running.</summary>
    private static void PruneRestoredNotInFiles(LocalCluster cluster, ResourceFileSource source, Action<string> report)
    {
        // A Model's TrainingJobs are in no file: they go with their Model, not on their own.
        foreach (var trainingJob in cluster.All<TrainingJob>().Where(t => !source.Holds(TrainingJob.KindName, t.Metadata) && OwnerReferences.ControllerNameOf(t, Model.KindName) is null))
        {
            cluster.Delete<TrainingJob>(trainingJob.Metadata.NamespaceProperty, trainingJob.Metadata.Name);
            report($"trainingjob.{MlApi.Group}/{trainingJob.Metadata.Name} deleted (it is in no file any more)");
        }

        foreach (var deployment in cluster.All<ModelDeployment>().Where(d => !source.Holds(ModelDeployment.KindName, d.Metadata)))
        {
            cluster.Delete<ModelDeployment>(deployment.Metadata.NamespaceProperty, deployment.Metadata.Name);
            report($"modeldeployment.{MlApi.Group}/{deployment.Metadata.Name} deleted (it is in no file any more)");
        }

        foreach (var model in cluster.All<Model>().Where(m => !source.Holds(Model.KindName, m.Metadata)))
        {
            cluster.Delete<Model>(model.Metadata.NamespaceProperty, model.Metadata.Name);
            report($"model.{MlApi.Group}/{model.Metadata.Name} deleted (it is in no file any more)");
        }
    }
}
