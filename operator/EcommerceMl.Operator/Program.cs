using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Hosting;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Traffic;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

OperatorOptions options;
KubernetesClientConfiguration connection;
try
{
    options = OperatorOptions.Load(new ConfigurationBuilder().AddEnvironmentVariables().Build());
    connection = ClusterConnection.Configuration();
}
catch (OperatorConfigurationException e)
{
    foreach (var problem in e.Message.Split(Environment.NewLine))
    {
        await Console.Error.WriteLineAsync($"error: {problem}");
    }

    return 2;
}

using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
using var stop = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var client = new Kubernetes(connection);
var time = TimeProvider.System;
var watchHealth = new WatchHealth(time, WatchHealth.DefaultBlindAfter);
// /metrics and the liveness endpoint /healthz (503 while a watch has been failing for 5 minutes).
await using var endpoints = await OperatorEndpoints.StartAsync(options.MetricsPort, watchHealth, stop.Token);
var cluster = new KubernetesCluster(client, time, loggers.CreateLogger<KubernetesCluster>());
var reconciler = new TrainingJobReconciler(cluster, location => ModelStores.Open(location), options.Workload, time, loggers.CreateLogger<TrainingJobReconciler>());
var models = new ModelReconciler(cluster, location => ModelStores.Open(location), options.Workload, time, loggers.CreateLogger<ModelReconciler>(), options.ModelTiming,
    // Retention lists the ModelDeployments that may use a version: everywhere, unless the operator may list in one namespace only.
    options.WatchNamespace ?? ICluster.AllNamespaces);
// The canary analysis reads its numbers from Prometheus when given one, else scrapes the inference Pods itself.
using var prometheusClient = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
ICanaryTrafficSource? traffic = options.Prometheus is { } prometheus ? new PrometheusTraffic(new PrometheusApi(prometheusClient, prometheus)) : null;
var modelDeployments = new ModelDeploymentReconciler(cluster, location => ModelStores.Open(location), options.Workload, time, loggers.CreateLogger<ModelDeploymentReconciler>(), options.Rollout, traffic);
using var queue = new WorkQueue(time, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
using var modelDeploymentQueue = new WorkQueue(time, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
using var modelQueue = new WorkQueue(time, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
var metrics = new PrometheusMetrics();
var controller = TrainingJobController.Create(client, options.WatchNamespace, reconciler, queue, options.Workers, metrics, time, loggers, watchHealth);
var modelDeploymentController = ModelDeploymentController.Create(client, options.WatchNamespace, modelDeployments, modelDeploymentQueue, options.Workers, metrics, time, loggers, watchHealth);
var modelController = ModelController.Create(client, options.WatchNamespace, models, modelQueue, options.Workers, metrics, time, loggers, watchHealth);
// The resources' status as gauges (drift, realized accuracy, training history, canary traffic) for the dashboard.
var statusMetrics = new ResourceStatusMetrics(cluster, options.WatchNamespace ?? ICluster.AllNamespaces, Prometheus.Metrics.DefaultFactory, time, loggers.CreateLogger<ResourceStatusMetrics>());
var leader = new LeaderGate(client, options.LeaseNamespace, options.Identity, loggers.CreateLogger<LeaderGate>());

// The controllers run only while this replica leads. Losing the Lease cancels the reconciles in flight
// and exits non-zero so the Pod restarts as a candidate; a requested stop exits 0 after all have drained.
// The leader also removes, every hour, what trainers killed mid-publish left in the store.
var storeGc = new StoreGarbagePass(() => ModelStores.Open(options.Workload.Store), time, loggers.CreateLogger<StoreGarbagePass>(), StoreGarbagePass.DefaultInterval, StoreGarbagePass.DefaultOlderThan);
return await leader.RunWhileLeadingAsync(l => Task.WhenAll(
    controller.RunAsync(l.Stopping, l.Lost), modelDeploymentController.RunAsync(l.Stopping, l.Lost), modelController.RunAsync(l.Stopping, l.Lost),
    statusMetrics.RunAsync(l.Stopping), storeGc.RunAsync(l.Stopping)), stop.Token) ? 1 : 0;
