using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Builders;

public sealed class TrainingJobBuilderTests
{
    private static Dictionary<string, V1EnvVar> EnvOf(V1Job job) => job.Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name);

    [Fact]
    public void Build_PassesTheSpecAsTheTrainersVariables()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec =>
        {
            spec.Hyperparameters = new Dictionary<string, string> { ["season"] = "7", ["churn_days"] = "90" };
            spec.Evaluation = new EvaluationSpec { HoldoutDays = 14, K = 20 };
        });

        var env = EnvOf(TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.Equal("recommendation", env["ECML_TASK"].Value);
        Assert.Equal("item-cosine", env["ECML_ALGORITHM"].Value);
        Assert.Equal("synthetic", env["ECML_DATA"].Value);
        Assert.Equal("s3://models/shop", env["ECML_STORE"].Value);
        Assert.Equal("shop-recs", env["ECML_MODEL"].Value);
        Assert.Equal("churn_days=90,season=7", env["ECML_HYPERPARAMETERS"].Value);
        Assert.Equal("14", env["ECML_HOLDOUT_DAYS"].Value);
        Assert.Equal("20", env["ECML_K"].Value);
        Assert.Equal("shop/shop-recs-1", env["ECML_TRAINING_JOB"].Value);
    }

    [Fact]
    public void Build_PassesTheGateToTheTrainer_AndNeverRetriesARunThatMissedIt()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec => spec.Evaluation = new EvaluationSpec { Gate = new GateSpec { Metric = "ndcg_at_10", Minimum = 0.25 } });

        var job = TrainingJobBuilder.Build(trainingJob, TestResources.Settings);
        var env = EnvOf(job);

        Assert.Equal(("ndcg_at_10", "0.25"), (env["ECML_GATE_METRIC"].Value, env["ECML_GATE_MINIMUM"].Value));
        Assert.DoesNotContain("ECML_GATE_MAXIMUM", env.Keys);
        Assert.Contains(TrainerExitCodes.GateNotMet, job.Spec.PodFailurePolicy.Rules.Single().OnExitCodes.Values);
    }

    [Fact]
    public void Build_LeavesOutWhatTheSpecLeavesOut_SoTheTrainersDefaultsApply()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec => spec.Algorithm = null);

        var env = EnvOf(TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.DoesNotContain("ECML_ALGORITHM", env.Keys);
        Assert.DoesNotContain("ECML_HYPERPARAMETERS", env.Keys);
        Assert.DoesNotContain("ECML_K", env.Keys);
    }

    [Fact]
    public void Build_ForAPostgresSource_PassesTheConnectionOnlyAsASecretReference()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec =>
            spec.DataSource = new DataSourceSpec { Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "shop-db", Key = "dsn" } } });

        var data = EnvOf(TrainingJobBuilder.Build(trainingJob, TestResources.Settings))["ECML_DATA"];

        Assert.Null(data.Value);
        Assert.Equal(("shop-db", "dsn"), (data.ValueFrom.SecretKeyRef.Name, data.ValueFrom.SecretKeyRef.Key));
        Assert.Null(data.ValueFrom.SecretKeyRef.Optional);
    }

    [Fact]
    public void Build_ForAPostgresSourceWithoutAKey_ReadsTheSecretsUrlKey()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec =>
            spec.DataSource = new DataSourceSpec { Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "shop-db" } } });

        var data = EnvOf(TrainingJobBuilder.Build(trainingJob, TestResources.Settings))["ECML_DATA"];

        Assert.Equal("url", data.ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public void Build_WithEvents_TellsTheTrainerToMergeTheSinkOfItsStore_OverTheWindow()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec =>
            spec.DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource(), Events = new EventsDataSource { Window = "30d" } });
        var byDefault = TestResources.TrainingJob(configure: spec =>
            spec.DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource(), Events = new EventsDataSource() });

        var env = EnvOf(TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.Equal(("synthetic", "store", "30"), (env["ECML_DATA"].Value, env["ECML_EVENTS"].Value, env["ECML_EVENTS_WINDOW_DAYS"].Value));
        Assert.Equal("90", EnvOf(TrainingJobBuilder.Build(byDefault, TestResources.Settings))["ECML_EVENTS_WINDOW_DAYS"].Value);
        Assert.DoesNotContain("ECML_EVENTS", EnvOf(TrainingJobBuilder.Build(TestResources.TrainingJob(), TestResources.Settings)).Keys);
    }

    [Fact]
    public void Build_FromAnS3Prefix_OverAWindow_TellsTheTrainerBoth()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec =>
            spec.DataSource = new DataSourceSpec { S3 = new S3DataSource { Prefix = "s3://shop-exports/2026-12-06" }, Window = "365d" });

        var env = EnvOf(TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.Equal(("s3://shop-exports/2026-12-06", "365"), (env["ECML_DATA"].Value, env["ECML_WINDOW_DAYS"].Value));
        Assert.DoesNotContain("ECML_WINDOW_DAYS", EnvOf(TrainingJobBuilder.Build(TestResources.TrainingJob(), TestResources.Settings)).Keys);
    }

    [Theory]
    [InlineData("https://shop-exports/x", "spec.dataSource.s3.prefix 'https://shop-exports/x' is not s3://bucket[/prefix]")]
    [InlineData(null, "spec.dataSource.window '7' is not a number of days")]
    public void Build_WithABadS3PrefixOrWindow_SaysWhichField(string? prefix, string expected)
    {
        var trainingJob = TestResources.TrainingJob(configure: spec => spec.DataSource = prefix is null
            ? new DataSourceSpec { Synthetic = new SyntheticDataSource(), Window = "7" }
            : new DataSourceSpec { S3 = new S3DataSource { Prefix = prefix } });

        var e = Assert.Throws<InvalidWorkloadException>(() => TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithEventsFromPostgres_GivesTheTrainerTheConnectionFromTheSecret()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec => spec.DataSource = new DataSourceSpec
        {
            Synthetic = new SyntheticDataSource(),
            Events = new EventsDataSource { Window = "7d", Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "shop-db", Key = "events" } } },
        });

        var env = EnvOf(TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.Null(env["ECML_EVENTS"].Value);
        Assert.Equal(("shop-db", "events"), (env["ECML_EVENTS"].ValueFrom.SecretKeyRef.Name, env["ECML_EVENTS"].ValueFrom.SecretKeyRef.Key));
        Assert.Equal("7", env["ECML_EVENTS_WINDOW_DAYS"].Value);
    }

    [Theory]
    [InlineData("0d")]
    [InlineData("90")]
    [InlineData("4000d")]
    public void Build_WithAnEventsWindowThatIsNotDays_SaysSo(string window)
    {
        var trainingJob = TestResources.TrainingJob(configure: spec =>
            spec.DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource(), Events = new EventsDataSource { Window = window } });

        var e = Assert.Throws<InvalidWorkloadException>(() => TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.Contains($"spec.dataSource.events.window '{window}' is not a number of days from 1d to 3650d", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WhenTheEventsAreTheOnlySource_SaysASourceIsMissing()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec => spec.DataSource = new DataSourceSpec { Events = new EventsDataSource() });

        var e = Assert.Throws<InvalidWorkloadException>(() => TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.Contains("names no source", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "names two sources")]
    [InlineData(false, "names no source")]
    public void Build_WhenTheDataSourceIsNotExactlyOne_SaysSo(bool both, string expected)
    {
        var trainingJob = TestResources.TrainingJob(configure: spec => spec.DataSource = both
            ? new DataSourceSpec { Synthetic = new SyntheticDataSource(), Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "shop-db" } } }
            : new DataSourceSpec());

        var e = Assert.Throws<InvalidWorkloadException>(() => TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("synthetic, postgres, s3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_SetsOnlyVariablesOfTheTrainerInvocation()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec =>
        {
            spec.Hyperparameters = new Dictionary<string, string> { ["l2"] = "0.1" };
            spec.Evaluation = new EvaluationSpec { HoldoutDays = 14, K = 20, Gate = new GateSpec { Metric = "ndcg_at_10", Minimum = 0.2 } };
        });
        var lowerIsBetter = TestResources.TrainingJob(configure: spec => spec.Evaluation = new EvaluationSpec { Gate = new GateSpec { Metric = "mase", Maximum = 1.5, Tolerance = 0.05 } });
        var fromPostgres = TestResources.TrainingJob(configure: spec =>
            spec.DataSource = new DataSourceSpec { Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "shop-db" } }, Events = new EventsDataSource() });

        var names = TrainingJobBuilder.Environment(trainingJob, TestResources.Settings)
            .Concat(TrainingJobBuilder.Environment(lowerIsBetter, TestResources.Settings))
            .Concat(TrainingJobBuilder.Environment(fromPostgres, TestResources.Settings))
            .Select(e => e.Name).Where(n => n.StartsWith("ECML_", StringComparison.Ordinal) && n != S3Settings.EndpointVariable).ToList();

        var trainerReads = TrainerArguments.All.Select(a => a.Variable).ToList();
        Assert.All(names, name => Assert.Contains(name, trainerReads));
        Assert.Contains(TrainerVariables.GateMaximum, names);
        Assert.Equal("0.05", TrainingJobBuilder.Environment(lowerIsBetter, TestResources.Settings).Single(e => e.Name == TrainerVariables.GateTolerance).Value);
        Assert.DoesNotContain(TrainingJobBuilder.Environment(trainingJob, TestResources.Settings), e => e.Name == TrainerVariables.GateTolerance);
        Assert.Contains(TrainerVariables.HoldoutDays, names);
        Assert.Contains(TrainingJobBuilder.Environment(fromPostgres, TestResources.Settings), e => e.Name == TrainerVariables.Data && e.ValueFrom?.SecretKeyRef is not null);
    }

    [Fact]
    public void Build_TakesCredentialsOnlyFromSecretReferences()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec => spec.Output = new OutputSpec { CredentialsSecretRef = new SecretReference { Name = "team-store" } });

        var env = EnvOf(TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.Equal("http://minio.ml.svc:9000", env["ECML_S3_ENDPOINT"].Value);
        foreach (var secretVariable in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION" })
        {
            Assert.Null(env[secretVariable].Value);
            Assert.Equal("team-store", env[secretVariable].ValueFrom.SecretKeyRef.Name);
            Assert.Equal(secretVariable, env[secretVariable].ValueFrom.SecretKeyRef.Key);
        }

        Assert.True(env["AWS_REGION"].ValueFrom.SecretKeyRef.Optional);
    }

    [Fact]
    public void Build_UsesTheTrainersOwnSecret_OverTheSharedOne_ButNotOverTheSpecs()
    {
        var settings = TestResources.Settings with { TrainerCredentialsSecretName = "store-trainer", InferenceCredentialsSecretName = "store-inference" };
        var ownSecret = TestResources.TrainingJob(configure: spec => spec.Output = new OutputSpec { CredentialsSecretRef = new SecretReference { Name = "team-store" } });

        var byRole = EnvOf(TrainingJobBuilder.Build(TestResources.TrainingJob(), settings));
        var bySpec = EnvOf(TrainingJobBuilder.Build(ownSecret, settings));

        Assert.Equal("store-trainer", byRole["AWS_SECRET_ACCESS_KEY"].ValueFrom.SecretKeyRef.Name);
        Assert.Equal("store-trainer", byRole["AWS_ACCESS_KEY_ID"].ValueFrom.SecretKeyRef.Name);
        Assert.Equal("team-store", bySpec["AWS_SECRET_ACCESS_KEY"].ValueFrom.SecretKeyRef.Name);
    }

    [Fact]
    public void Build_ForAFolderStore_SetsNoS3Variables()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec => spec.Output = new OutputSpec { Store = "/models" });

        var env = EnvOf(TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.Equal("/models", env["ECML_STORE"].Value);
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("AWS_", StringComparison.Ordinal) || k == "ECML_S3_ENDPOINT");
    }

    [Fact]
    public void Build_WhenAnS3StoreHasNoSecret_SaysSo()
    {
        var settings = TestResources.Settings with { CredentialsSecretName = null };

        var e = Assert.Throws<InvalidWorkloadException>(() => TrainingJobBuilder.Build(TestResources.TrainingJob(), settings));

        Assert.Contains("credentialsSecretRef", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RunsRestricted_NonRootReadOnlyNoCapabilitiesRuntimeDefaultSeccomp()
    {
        var pod = TrainingJobBuilder.Build(TestResources.TrainingJob(), TestResources.Settings).Spec.Template.Spec;
        var container = pod.Containers.Single();

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.True(container.SecurityContext.RunAsNonRoot);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Equal("RuntimeDefault", container.SecurityContext.SeccompProfile.Type);
        Assert.False(pod.AutomountServiceAccountToken);
        var tmp = Assert.Single(container.VolumeMounts);
        Assert.Equal("/tmp", tmp.MountPath);
        Assert.NotNull(pod.Volumes.Single(v => v.Name == tmp.Name).EmptyDir);
    }

    [Fact]
    public void Build_IsOwnedByTheTrainingJobAndLabelledAsTheTrainer()
    {
        var trainingJob = TestResources.TrainingJob();

        var job = TrainingJobBuilder.Build(trainingJob, TestResources.Settings);

        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal(("ml.ecommerce.dev/v1alpha1", "TrainingJob", "shop-recs-1", "uid-shop-recs-1", true, true),
            (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.Equal("shop", job.Metadata.NamespaceProperty);
        Assert.Equal("ecommerce-ml-trainer", job.Metadata.Labels["app.kubernetes.io/name"]);
        Assert.Equal("shop-recs-1", job.Metadata.Labels["app.kubernetes.io/instance"]);
        Assert.Equal("trainer", job.Metadata.Labels["app.kubernetes.io/component"]);
        Assert.Equal("ecommerce-ml", job.Metadata.Labels["app.kubernetes.io/part-of"]);
        Assert.Equal("ecommerce-ml-operator", job.Metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("shop-recs", job.Metadata.Labels["ml.ecommerce.dev/model"]);
        Assert.Equal(job.Metadata.Labels, job.Spec.Template.Metadata.Labels);
    }

    [Fact]
    public void Build_HonoursTheRunPolicyAndNeverRetriesAnInvalidSpec()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec => spec.RunPolicy = new RunPolicySpec
        {
            BackoffLimit = 4, ActiveDeadlineSeconds = 600, TtlSecondsAfterFinished = 3600, Suspend = true,
        });

        var job = TrainingJobBuilder.Build(trainingJob, TestResources.Settings);

        Assert.Equal((4, 600L, 3600, true), (job.Spec.BackoffLimit, job.Spec.ActiveDeadlineSeconds, job.Spec.TtlSecondsAfterFinished, job.Spec.Suspend));
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        var rule = Assert.Single(job.Spec.PodFailurePolicy.Rules);
        Assert.Equal(("FailJob", "In"), (rule.Action, rule.OnExitCodes.OperatorProperty));
        Assert.Equal([2, 3, 4], rule.OnExitCodes.Values);
        Assert.Equal("FallbackToLogsOnError", job.Spec.Template.Spec.Containers.Single().TerminationMessagePolicy);
    }

    [Fact]
    public void Build_UsesTheSpecsImageAndResources_ElseTheOperators()
    {
        var plain = TrainingJobBuilder.Build(TestResources.TrainingJob(), TestResources.Settings).Spec.Template.Spec.Containers.Single();
        var custom = TrainingJobBuilder.Build(TestResources.TrainingJob(configure: spec =>
        {
            spec.Image = "registry.local/trainer:dev";
            spec.Resources = new ResourcesSpec { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("2Gi") } };
        }), TestResources.Settings).Spec.Template.Spec.Containers.Single();

        Assert.Equal("ghcr.io/ecommerce-ml/trainer:1.0.0", plain.Image);
        Assert.Equal("registry.local/trainer:dev", custom.Image);
        Assert.Equal("2Gi", custom.Resources.Limits["memory"].ToString());
    }

    [Fact]
    public void JobName_IsDeterministic_Bounded_AndDiffersForARecreatedTrainingJob()
    {
        var first = TestResources.TrainingJob();
        var again = TestResources.TrainingJob();
        var recreated = TestResources.TrainingJob();
        recreated.Metadata.Uid = "another-uid";
        var longName = TestResources.TrainingJob(name: new string('a', 60) + "-xyz");

        Assert.Equal(TrainingJobBuilder.JobName(first), TrainingJobBuilder.JobName(again));
        Assert.Equal(TrainingJobBuilder.JobName(first), TrainingJobBuilder.Build(first, TestResources.Settings).Metadata.Name);
        Assert.NotEqual(TrainingJobBuilder.JobName(first), TrainingJobBuilder.JobName(recreated));
        Assert.StartsWith("shop-recs-1-", TrainingJobBuilder.JobName(first), StringComparison.Ordinal);
        Assert.True(TrainingJobBuilder.JobName(longName).Length <= 63);
        Assert.Matches(NamePatterns.Dns1123Label, TrainingJobBuilder.JobName(longName));
    }

    [Fact]
    public void Build_WhenTheTrainingJobIsNotStoredYet_Refuses()
    {
        var trainingJob = TestResources.TrainingJob();
        trainingJob.Metadata.Uid = null;

        var e = Assert.Throws<ArgumentException>(() => TrainingJobBuilder.Build(trainingJob, TestResources.Settings));

        Assert.Contains("no metadata.uid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OfAModelsRun_PassesItsTriggerLabelAsEcmlTrigger()
    {
        var trainingJob = TestResources.TrainingJob();
        trainingJob.Metadata.Labels = new Dictionary<string, string> { [StandardLabels.Trigger] = TrainingTriggers.DriftDetected };

        var env = TrainingJobBuilder.Environment(trainingJob, TestResources.Settings).ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal(TrainingTriggers.DriftDetected, env[TrainerVariables.Trigger]);
    }

    [Fact]
    public void Build_OfARunWithoutTrigger_LeavesEcmlTriggerToTheTrainersDefault() =>
        Assert.DoesNotContain(TrainingJobBuilder.Environment(TestResources.TrainingJob(), TestResources.Settings), e => e.Name == TrainerVariables.Trigger);
}
