using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Hosting;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Runtime;
using k8s;
using Microsoft.Extensions.Logging;
using Prometheus;

OperatorOptions options;
KubernetesClientConfiguration connection;
try
{
    options = OperatorOptions.FromEnvironment(Environment.GetEnvironmentVariable);
    connection = ClusterConnection.Configuration();
}
catch (OperatorConfigurationException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}

using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
using var stop = new CancellationTokenSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var client = new Kubernetes(connection);
using var metricServer = new KestrelMetricServer(port: options.MetricsPort).Start();
var time = TimeProvider.System;
var cluster = new KubernetesCluster(client, time, loggers.CreateLogger<KubernetesCluster>());
var reconciler = new TrainingJobReconciler(cluster, location => ModelStores.Open(location), options.Workload, time, loggers.CreateLogger<TrainingJobReconciler>());
using var queue = new WorkQueue(time, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
var controller = TrainingJobController.Create(client, options.WatchNamespace, reconciler, queue, options.Workers, new PrometheusMetrics(), time, loggers);
var leader = new LeaderGate(client, options.LeaseNamespace, options.Identity, loggers.CreateLogger<LeaderGate>());

// Losing the Lease exits non-zero so the Pod restarts as a candidate; a requested stop exits 0 after draining.
return await leader.RunWhileLeadingAsync(controller.RunAsync, stop.Token) ? 1 : 0;
