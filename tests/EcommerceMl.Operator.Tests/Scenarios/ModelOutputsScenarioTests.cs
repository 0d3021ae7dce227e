using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Batch;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Scenarios;

/// <summary>
/// A Model's spec.outputs through the API test server with the real KubernetesClient and the running
/// operator: a servable version gets its Indexed Job (one Pod per shard, the trainer image's batch command);
/// the test plays the Job controller (shards complete one by one, then the Job) and the Model's
/// status.outputs follows with its Events; a newer servable version gets a Job of its own.
/// </summary>
public sealed class ModelOutputsScenarioTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private const string Name = "shop-recommendations";
    private const string V1 = "20261123T010000Z-aaaaaa";
    private const string V2 = "20261123T020000Z-bbbbbb";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-outputs-scenario-");
    private ApiTestServer _server = null!;
    private ClusterClient _cluster = null!;
    private LocalModelStore _store = null!;
    private RunningOperator? _operator;

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        _cluster = new ClusterClient(_server.Client(), Ns);
        _store = new LocalModelStore(_storeFolder.FullName);
    }

    public async ValueTask DisposeAsync()
    {
        if (_operator is not null)
        {
            await _operator.DisposeAsync();
        }

        _cluster.Client.Dispose();
        await _server.DisposeAsync();
        _storeFolder.Delete(recursive: true);
    }

    [Fact]
    public async Task ANewServableVersion_GetsAnIndexedJobOfItsShards_WhoseCompletionTheStatusTracks_AndTheNextVersionGetsItsOwn()
    {
        await ModelVersionsForTests.PublishAsync(_store, Name, V1, 0.3, cancellationToken: Ct);
        _operator = new RunningOperator(_server, Ns, _store);
        var model = ModelFixtures.Model(s => s.Outputs = new ModelOutputsSpec
        {
            Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "analytics-db" } },
            Top = 20,
            Shards = 4,
            Parallelism = 2,
        }, name: Name);
        model.Metadata = new V1ObjectMeta { Name = Name };
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(model, MlApi.Group, MlApi.Version, Ns, Model.Plural, cancellationToken: Ct);

        var jobName = BatchOutputJobBuilder.JobName(Name, V1);
        var job = await EventuallyAsync(() => JobAsync(jobName), j => j is not null);
        Assert.NotNull(job);
        Assert.Equal(("Indexed", 4, 2), (job.Spec.CompletionMode, job.Spec.Completions, job.Spec.Parallelism));
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.Equal([BatchArguments.Command], container.Args);
        var env = container.Env.ToDictionary(e => e.Name);
        Assert.Equal((V1, "4", "20"), (env[BatchArguments.Version.Variable].Value, env[BatchArguments.Shards.Variable].Value, env[BatchArguments.Top.Variable].Value));
        Assert.Equal(("analytics-db", "url"), (env[BatchArguments.Database.Variable].ValueFrom.SecretKeyRef.Name, env[BatchArguments.Database.Variable].ValueFrom.SecretKeyRef.Key));
        Assert.Null(env[BatchArguments.Database.Variable].Value);
        Assert.Equal(Model.KindName, Assert.Single(job.Metadata.OwnerReferences).Kind);
        var running = await ModelAsync(m => m.Status?.Outputs is { Phase: BatchOutputStatus.Running, Shards: 4 });
        Assert.Equal((V1, jobName), (running.Status!.Outputs!.Version, running.Status.Outputs.Job));

        await PatchJobStatusAsync(jobName, """{"status":{"active":2,"succeeded":2,"completedIndexes":"0,2"}}""");
        var half = await ModelAsync(m => m.Status?.Outputs?.CompletedShards == 2);
        Assert.Equal((BatchOutputStatus.Running, "0,2"), (half.Status!.Outputs!.Phase, half.Status.Outputs.CompletedIndexes));

        await PatchJobStatusAsync(jobName, """{"status":{"active":0,"succeeded":4,"completedIndexes":"0-3","conditions":[{"type":"Complete","status":"True","reason":"CompletionsReached"}]}}""");
        var done = await ModelAsync(m => m.Status?.Outputs?.Phase == BatchOutputStatus.Succeeded);
        Assert.Equal(4, done.Status!.Outputs!.CompletedShards);
        var reasons = (await _cluster.Client.CoreV1.ListNamespacedEventAsync(Ns, cancellationToken: Ct)).Items.Select(e => e.Reason).ToList();
        Assert.Single(reasons, r => r == ModelReasons.OutputsStarted);
        Assert.Single(reasons, r => r == ModelReasons.OutputsWritten);

        await ModelVersionsForTests.PublishAsync(_store, Name, V2, 0.31, cancellationToken: Ct);
        var next = await EventuallyAsync(() => JobAsync(BatchOutputJobBuilder.JobName(Name, V2)), j => j is not null);
        Assert.Equal(V2, next!.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == BatchArguments.Version.Variable).Value);
        await ModelAsync(m => m.Status?.Outputs is { Version: V2, Phase: BatchOutputStatus.Running });
        Assert.NotNull(await JobAsync(jobName));
    }

    [Fact]
    public async Task AFailedOutputsJob_IsReportedWithItsReason_AndNotStartedAgain()
    {
        await ModelVersionsForTests.PublishAsync(_store, Name, V1, 0.3, cancellationToken: Ct);
        _operator = new RunningOperator(_server, Ns, _store);
        var model = ModelFixtures.Model(s => s.Outputs = new ModelOutputsSpec { Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "analytics-db" } } }, name: Name);
        model.Metadata = new V1ObjectMeta { Name = Name };
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(model, MlApi.Group, MlApi.Version, Ns, Model.Plural, cancellationToken: Ct);
        var jobName = BatchOutputJobBuilder.JobName(Name, V1);
        await EventuallyAsync(() => JobAsync(jobName), j => j is not null);

        await PatchJobStatusAsync(jobName, """{"status":{"failed":1,"conditions":[{"type":"Failed","status":"True","reason":"PodFailurePolicy","message":"Container trainer for pod shop/x failed with exit code 2"}]}}""");
        var failed = await ModelAsync(m => m.Status?.Outputs?.Phase == BatchOutputStatus.Failed);

        Assert.Contains("PodFailurePolicy: Container trainer", failed.Status!.Outputs!.Message, StringComparison.Ordinal);
        var warning = Assert.Single((await _cluster.Client.CoreV1.ListNamespacedEventAsync(Ns, cancellationToken: Ct)).Items, e => e.Reason == ModelReasons.OutputsFailed);
        Assert.Equal("Warning", warning.Type);
        Assert.Single(await _cluster.JobsAsync(Ct), BatchOutputJobBuilder.IsOutputsJob);
    }

    [Fact]
    public async Task ACsvOutputsModel_GetsAnIndexedJobWritingUnderItsPrefix_WithTheStoresS3Credentials_AndItsCompletionIsTracked()
    {
        await ModelVersionsForTests.PublishAsync(_store, Name, V1, 0.3, cancellationToken: Ct);
        _operator = new RunningOperator(_server, Ns, _store);
        var model = ModelFixtures.Model(s => s.Outputs = new ModelOutputsSpec { S3 = new CsvOutputsTarget { Prefix = "s3://analytics/ecml/nightly" }, Shards = 3 }, name: Name);
        model.Metadata = new V1ObjectMeta { Name = Name };
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(model, MlApi.Group, MlApi.Version, Ns, Model.Plural, cancellationToken: Ct);

        var jobName = BatchOutputJobBuilder.JobName(Name, V1);
        var job = await EventuallyAsync(() => JobAsync(jobName), j => j is not null);
        Assert.NotNull(job);
        Assert.Equal(("Indexed", 3, 3), (job.Spec.CompletionMode, job.Spec.Completions, job.Spec.Parallelism));
        var env = Assert.Single(job.Spec.Template.Spec.Containers).Env.ToDictionary(e => e.Name);
        Assert.Equal(("s3://analytics/ecml/nightly", V1, "3"),
            (env[BatchArguments.CsvPrefix.Variable].Value, env[BatchArguments.Version.Variable].Value, env[BatchArguments.Shards.Variable].Value));
        Assert.DoesNotContain(BatchArguments.Database.Variable, env.Keys);
        Assert.Equal(TestResources.Settings.S3Endpoint, env[S3Settings.EndpointVariable].Value);
        foreach (var secretKey in new[] { S3Settings.AccessKeyVariable, S3Settings.SecretKeyVariable })
        {
            Assert.Equal((TestResources.Settings.CredentialsSecretName, secretKey), (env[secretKey].ValueFrom.SecretKeyRef.Name, env[secretKey].ValueFrom.SecretKeyRef.Key));
            Assert.Null(env[secretKey].Value);
        }

        await PatchJobStatusAsync(jobName, """{"status":{"active":0,"succeeded":3,"completedIndexes":"0-2","conditions":[{"type":"Complete","status":"True","reason":"CompletionsReached"}]}}""");
        var done = await ModelAsync(m => m.Status?.Outputs?.Phase == BatchOutputStatus.Succeeded);
        Assert.Equal((3, "0-2"), (done.Status!.Outputs!.CompletedShards, done.Status.Outputs.CompletedIndexes));
        Assert.Single((await _cluster.Client.CoreV1.ListNamespacedEventAsync(Ns, cancellationToken: Ct)).Items, e => e.Reason == ModelReasons.OutputsWritten);
    }

    private async Task<V1Job?> JobAsync(string name) => (await _cluster.JobsAsync(Ct)).FirstOrDefault(j => j.Metadata.Name == name);

    private Task PatchJobStatusAsync(string name, string patch) =>
        _cluster.Client.BatchV1.PatchNamespacedJobStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name, Ns, cancellationToken: Ct);

    private async Task<Model> ModelAsync(Func<Model, bool> done)
    {
        var model = await EventuallyAsync(() => _cluster.ModelAsync(Name, Ct), done);
        Assert.True(done(model), $"the Model never got there; its status: {KubernetesJson.Serialize(model.Status)}");
        return model;
    }

    private Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done) => ClusterClient.EventuallyAsync(read, done, Ct);
}
