using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Status;

public sealed class StatusSamplesTests
{
    private static readonly DateTime Trained = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static Dictionary<string, double> Values(IEnumerable<StatusSample> samples) =>
        samples.ToDictionary(s => $"{s.Name}{{{string.Join(',', s.Labels)}}}", s => s.Value, StringComparer.Ordinal);

    [Fact]
    public void AModel_GivesItsDriftRealizedAccuracyAndTrainingHistory()
    {
        var model = ModelFixtures.Model(name: "recs");
        model.Status = new ModelResourceStatus
        {
            LastTrainedTime = Trained,
            Drift = new DriftStatus
            {
                Detected = true,
                Features =
                [
                    new FeatureDriftStatus { Name = "price", Score = 0.4, Threshold = 0.1, Sufficient = true, Drifted = true },
                    new FeatureDriftStatus { Name = "recency", Score = 9, Threshold = 0.1, Sufficient = false }, // too few events to judge
                ],
                Prediction = new FeatureDriftStatus { Name = "prediction", Score = 0.02, Threshold = 0.1, Sufficient = true },
            },
            Performance = new PerformanceStatus { Metric = "ndcg_at_10", Value = 0.21, AtTraining = 0.3, Count = 800, Degraded = true },
            History =
            [
                new TrainingRecord { Job = "recs-1", Phase = TrainingJobPhases.Succeeded },
                new TrainingRecord { Job = "recs-2", Phase = TrainingJobPhases.Failed },
                new TrainingRecord { Job = "recs-3", Phase = TrainingJobPhases.Succeeded },
            ],
        };

        var values = Values(StatusSamples.Of(model));

        Assert.Equal(new Dictionary<string, double>
        {
            ["ecml_model_drift_detected{shop,recs}"] = 1,
            ["ecml_model_drift_score{shop,recs,price}"] = 0.4,
            ["ecml_model_drift_threshold{shop,recs,price}"] = 0.1,
            ["ecml_model_drift_score{shop,recs,prediction}"] = 0.02,
            ["ecml_model_drift_threshold{shop,recs,prediction}"] = 0.1,
            ["ecml_model_realized_metric{shop,recs,ndcg_at_10}"] = 0.21,
            ["ecml_model_realized_metric_count{shop,recs,ndcg_at_10}"] = 800,
            ["ecml_model_performance_degraded{shop,recs}"] = 1,
            ["ecml_model_realized_metric_at_training{shop,recs,ndcg_at_10}"] = 0.3,
            ["ecml_model_last_trained_timestamp_seconds{shop,recs}"] = new DateTimeOffset(Trained).ToUnixTimeSeconds(),
            ["ecml_model_training_runs{shop,recs,Failed}"] = 1,
            ["ecml_model_training_runs{shop,recs,Succeeded}"] = 2,
        }, values);
    }

    [Fact]
    public void AModelWithoutStatus_GivesNothing() => Assert.Empty(StatusSamples.Of(ModelFixtures.Model()));

    [Fact]
    public void AModelDeploymentDuringACanary_GivesEachVersionsShare()
    {
        var deployment = TestResources.ModelDeployment("recs");
        deployment.Status = new ModelDeploymentStatus
        {
            ReadyReplicas = 4,
            Traffic = [new TrafficTarget { Version = "v1", Percent = 75 }, new TrafficTarget { Version = "v2", Percent = 25, Tag = "canary" }],
        };

        var values = Values(StatusSamples.Of(deployment));

        Assert.Equal(new Dictionary<string, double>
        {
            ["ecml_modeldeployment_traffic_percent{shop,recs,v1,}"] = 75,
            ["ecml_modeldeployment_traffic_percent{shop,recs,v2,canary}"] = 25,
            ["ecml_modeldeployment_ready_replicas{shop,recs}"] = 4,
        }, values);
    }

    [Fact]
    public void AFinishedTrainingJob_GivesItsPhaseAndHowLongItRan()
    {
        var job = TestResources.TrainingJob("recs-1");
        job.Status = new TrainingJobStatus { Phase = TrainingJobPhases.Succeeded, StartTime = Trained, CompletionTime = Trained.AddMinutes(3) };

        var values = Values(StatusSamples.Of(job));

        Assert.Equal(1, values["ecml_trainingjob_status_phase{shop,recs-1,Succeeded}"]);
        Assert.Equal(180, values["ecml_trainingjob_duration_seconds{shop,recs-1,Succeeded}"]);
        Assert.Equal(new DateTimeOffset(Trained.AddMinutes(3)).ToUnixTimeSeconds(), values["ecml_trainingjob_completion_timestamp_seconds{shop,recs-1,Succeeded}"]);
    }

    [Fact]
    public void ARunningTrainingJob_GivesOnlyItsPhase()
    {
        var job = TestResources.TrainingJob("recs-1");
        job.Status = new TrainingJobStatus { Phase = TrainingJobPhases.Running, StartTime = Trained };

        Assert.Equal(["ecml_trainingjob_status_phase{shop,recs-1,Running}"], Values(StatusSamples.Of(job)).Keys);
    }

    [Fact]
    public void EveryGauge_IsNamedLikeTheOperatorsOtherSeries_AndLabelledByTheResourcesNamespace() =>
        Assert.All(StatusSamples.Gauges, g =>
        {
            Assert.Matches("^ecml_(model|modeldeployment|trainingjob)_[a-z_]+$", g.Name);
            Assert.Equal(StatusSamples.ResourceNamespace, g.Labels[0]);
        });
}
