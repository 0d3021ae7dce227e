using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Local;

/// <summary>
/// A Model in local mode: the reconcilers as <see cref="LocalMode.RegisterReconcilers"/> wires them,
/// the Jobs run as processes. A shell stands in for <c>ecml</c>, so the test sees the process contract
/// of a monitoring Job: the subcommand (<c>monitor</c>) and the Job's environment.
/// </summary>
public sealed class LocalModelTests : IDisposable
{
    private const string Version = "20261110T120000Z-aaaaaa";
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-local-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AMonitoredModel_RunsItsMonitoringJobAsEcmlMonitor_WithTheJobsEnvironment()
    {
        var ct = TestContext.Current.CancellationToken;
        var seen = Path.Combine(_folder, "seen.txt");
        var settings = LocalMode.Settings(Path.Combine(_folder, "store"));
        var store = new LocalModelStore(settings.Store);
        // Published by hand (no namespace), so it counts as the default namespace the Model lives in.
        await store.PublishAsync(ModelFixtures.Manifest(Version) with { Namespace = null }, new Dictionary<string, byte[]> { ["model.bin"] = [1] }, ct);
        var cluster = new LocalCluster(TimeProvider.System);
        // $0 is the subcommand: `ecml monitor` records what it was given; `ecml train` would fail the test's expectations.
        var script = $"echo \"$0 $ECML_MODEL $ECML_MONITOR_VERSION $ECML_MONITOR_WINDOW_DAYS $ECML_STORE\" >> '{seen}'";
        await using var jobs = new LocalJobRunner(cluster, new LocalCommand("/bin/sh", ["-c", script]), LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var controllers = LocalMode.RegisterReconcilers(new LocalControllers(cluster, TimeProvider.System, NullLoggerFactory.Instance), cluster, _ => store, settings, TimeProvider.System, NullLoggerFactory.Instance);
        var running = controllers.RunAsync(stop.Token);
        var model = ModelFixtures.Model(s =>
        {
            s.Monitoring = new MonitoringSpec { Interval = "1h", Window = "3d" };
            s.Triggers!.Drift = new DriftTrigger();
        });
        model.Metadata = new V1ObjectMeta { Name = ModelFixtures.Name, NamespaceProperty = "default" };
        await cluster.CreateAsync(model, ct);

        Model? observed = null;
        for (var i = 0; i < 600 && observed?.Status?.Monitoring?.Phase != "Succeeded"; i++)
        {
            await Task.Delay(50, ct);
            observed = await cluster.GetAsync<Model>("default", ModelFixtures.Name, ct);
        }

        await stop.CancelAsync();
        await running;
        Assert.Equal("Succeeded", observed?.Status?.Monitoring?.Phase);
        Assert.Equal(Version, observed?.Status?.ServableVersion);
        Assert.Equal($"{MonitorArguments.Command} {ModelFixtures.Name} {Version} 3 {settings.Store}", Assert.Single(await File.ReadAllLinesAsync(seen, ct)));
        Assert.Empty(cluster.All<TrainingJob>());
    }
}
