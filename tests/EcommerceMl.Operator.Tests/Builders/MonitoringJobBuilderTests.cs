using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Builders;

public sealed class MonitoringJobBuilderTests
{
    private const string Version = "20261101T000000Z-aaaaaa";

    private static Dictionary<string, V1EnvVar> EnvOf(Model model)
    {
        var policy = ModelPolicy.From(model.Spec).Policy!;
        return MonitoringJobBuilder.Build(model, "shop-recs-monitor-1", Version, policy, TestResources.Settings)
            .Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name);
    }

    [Fact]
    public void Build_WhenTrainingReadsEventsFromPostgres_GivesTheMonitorTheSameSecret()
    {
        var model = Monitored(new DataSourceSpec
        {
            Synthetic = new SyntheticDataSource(),
            Events = new EventsDataSource { Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "shop-db", Key = "events" } } },
        });

        var env = EnvOf(model);

        var events = env[MonitorArguments.Events.Variable];
        Assert.Null(events.Value);
        Assert.Equal(("shop-db", "events"), (events.ValueFrom.SecretKeyRef.Name, events.ValueFrom.SecretKeyRef.Key));
    }

    [Fact]
    public void Build_WhenEventsAreTheStoresPartitions_LeavesTheMonitorsDefault()
    {
        var model = Monitored(new DataSourceSpec { Synthetic = new SyntheticDataSource(), Events = new EventsDataSource() });

        var env = EnvOf(model);

        Assert.False(env.ContainsKey(MonitorArguments.Events.Variable)); // the monitor reads the store's sink by default
        Assert.Equal(Version, env[MonitorArguments.Version.Variable].Value);
    }

    private static Model Monitored(DataSourceSpec dataSource) => ModelFixtures.Model(spec =>
    {
        spec.Monitoring = new MonitoringSpec { Interval = "1h", Window = "7d" };
        spec.Training.DataSource = dataSource;
    });
}
