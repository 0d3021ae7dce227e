using System.Net;
using System.Text.Json;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.ApiServer;

/// <summary>The API test server keeps the API server's rules the operator can observe, checked through the real KubernetesClient.</summary>
public sealed class ApiTestServerTests : IAsyncLifetime
{
    private const string G = MlApi.Group;
    private const string V = MlApi.Version;
    private const string Ns = "shop";
    private const string Plural = TrainingJob.Plural;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiTestServer _server = null!;
    private Kubernetes _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        _client = _server.Client();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private Task<TrainingJob> CreateAsync(string name = "tj1") =>
        _client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingJob>(Fresh(name), G, V, Ns, Plural, cancellationToken: Ct);

    private static TrainingJob Fresh(string name)
    {
        var trainingJob = TestResources.TrainingJob(name);
        trainingJob.Metadata.Uid = null;
        trainingJob.Metadata.Generation = null;
        trainingJob.Status = new TrainingJobStatus { Phase = TrainingJobPhases.Succeeded };
        return trainingJob;
    }

    private static async Task<V1Status> FailsWithAsync(HttpStatusCode code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(code, e.Response.StatusCode);
        return KubernetesJson.Deserialize<V1Status>(e.Response.Content);
    }

    [Fact]
    public async Task Create_FillsUidTimestampGenerationAndVersion_DropsStatus_AndRefusesATakenName()
    {
        var created = await CreateAsync();

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(_server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), created.Metadata.ResourceVersion);
        Assert.Null(created.Status);
        var status = await FailsWithAsync(HttpStatusCode.Conflict, () => CreateAsync());
        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal(Plural, status.Details.Kind);
    }

    [Fact]
    public async Task Get_DistinguishesAMissingObjectFromAnUnknownResource()
    {
        var missing = await FailsWithAsync(HttpStatusCode.NotFound, () => _client.CustomObjects.GetNamespacedCustomObjectAsync(G, V, Ns, Plural, "nope", Ct));
        var unknown = await FailsWithAsync(HttpStatusCode.NotFound, () => _client.CustomObjects.GetNamespacedCustomObjectAsync(G, V, Ns, "widgets", "nope", Ct));

        Assert.Equal("nope", missing.Details.Name);
        Assert.Null(unknown.Details.Name);
    }

    [Fact]
    public async Task Replace_WithAStaleVersion_Conflicts_AndWithoutOne_IsInvalidForACustomResource()
    {
        var created = await CreateAsync();
        created.Spec.RunPolicy = new RunPolicySpec { Suspend = true };
        var updated = await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync<TrainingJob>(created, G, V, Ns, Plural, "tj1", cancellationToken: Ct);

        var conflict = await FailsWithAsync(HttpStatusCode.Conflict, () => _client.CustomObjects.ReplaceNamespacedCustomObjectAsync<TrainingJob>(created, G, V, Ns, Plural, "tj1", cancellationToken: Ct));
        created.Metadata.ResourceVersion = null;
        var invalid = await FailsWithAsync(HttpStatusCode.UnprocessableEntity, () => _client.CustomObjects.ReplaceNamespacedCustomObjectAsync<TrainingJob>(created, G, V, Ns, Plural, "tj1", cancellationToken: Ct));

        Assert.Equal(2, updated.Metadata.Generation);
        Assert.Equal("Conflict", conflict.Reason);
        Assert.Contains("the object has been modified", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("must be specified for an update", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusSubresource_WritesOnlyStatus_MainResourceNeverStatus_AndGenerationMovesOnSpecOnly()
    {
        var created = await CreateAsync();
        created.Status = new TrainingJobStatus { Phase = TrainingJobPhases.Running };
        created.Spec.Model = "changed-through-status";
        var afterStatus = await _client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<TrainingJob>(created, G, V, Ns, Plural, "tj1", cancellationToken: Ct);
        var (phaseAfterStatus, modelAfterStatus, generationAfterStatus) = (afterStatus.Status!.Phase, afterStatus.Spec.Model, afterStatus.Metadata.Generation);
        afterStatus.Status.Phase = TrainingJobPhases.Failed;
        afterStatus.Metadata.Labels = new Dictionary<string, string> { ["team"] = "recs" };
        var afterMain = await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync<TrainingJob>(afterStatus, G, V, Ns, Plural, "tj1", cancellationToken: Ct);
        var noOp = await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync<TrainingJob>(afterMain, G, V, Ns, Plural, "tj1", cancellationToken: Ct);

        Assert.Equal(TrainingJobPhases.Running, phaseAfterStatus);
        Assert.Equal("shop-recs", modelAfterStatus);
        Assert.Equal(1, generationAfterStatus);
        Assert.Equal(TrainingJobPhases.Running, afterMain.Status!.Phase);
        Assert.Equal("recs", afterMain.Metadata.Labels["team"]);
        Assert.Equal(1, afterMain.Metadata.Generation);
        Assert.Equal(afterMain.Metadata.ResourceVersion, noOp.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task MergePatch_ReplacesArraysWhole_DeletesNullKeys_AndHonoursAVersionPrecondition()
    {
        var created = await CreateAsync();
        var labelled = await _client.CustomObjects.PatchNamespacedCustomObjectAsync<TrainingJob>(
            new V1Patch("""{"metadata":{"labels":{"a":"1","b":"2"},"finalizers":["x","y"]}}""", V1Patch.PatchType.MergePatch), G, V, Ns, Plural, "tj1", cancellationToken: Ct);
        var patched = await _client.CustomObjects.PatchNamespacedCustomObjectAsync<TrainingJob>(
            new V1Patch("""{"metadata":{"labels":{"a":null},"finalizers":["z"]}}""", V1Patch.PatchType.MergePatch), G, V, Ns, Plural, "tj1", cancellationToken: Ct);
        var stale = "{\"metadata\":{\"resourceVersion\":\"" + created.Metadata.ResourceVersion + "\",\"labels\":{\"c\":\"3\"}}}";

        var conflict = await FailsWithAsync(HttpStatusCode.Conflict, () => _client.CustomObjects.PatchNamespacedCustomObjectAsync<TrainingJob>(new V1Patch(stale, V1Patch.PatchType.MergePatch), G, V, Ns, Plural, "tj1", cancellationToken: Ct));
        var strategic = await FailsWithAsync(HttpStatusCode.UnsupportedMediaType, () => _client.CustomObjects.PatchNamespacedCustomObjectAsync<TrainingJob>(new V1Patch("{}", V1Patch.PatchType.StrategicMergePatch), G, V, Ns, Plural, "tj1", cancellationToken: Ct));

        Assert.Equal(["x", "y"], labelled.Metadata.Finalizers);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, patched.Metadata.Labels);
        Assert.Equal(["z"], patched.Metadata.Finalizers);
        Assert.Equal("Conflict", conflict.Reason);
        Assert.Equal(415, strategic.Code);
    }

    [Fact]
    public async Task Delete_WithFinalizers_MarksTheObject_AndRemovingTheLastOneDeletesItAndItsDependents()
    {
        var owner = await CreateAsync();
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync<TrainingJob>(new V1Patch("""{"metadata":{"finalizers":["ml.ecommerce.dev/cleanup"]}}""", V1Patch.PatchType.MergePatch), G, V, Ns, Plural, "tj1", cancellationToken: Ct);
        await _client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "tj1-job", OwnerReferences = [new V1OwnerReference { ApiVersion = MlApi.GroupVersion, Kind = TrainingJob.KindName, Name = "tj1", Uid = owner.Metadata.Uid, Controller = true }] },
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec() },
        }, Ns, cancellationToken: Ct);

        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(G, V, Ns, Plural, "tj1", cancellationToken: Ct);
        var marked = await _client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingJob>(G, V, Ns, Plural, "tj1", Ct);
        var addFinalizer = await FailsWithAsync(HttpStatusCode.UnprocessableEntity, () => _client.CustomObjects.PatchNamespacedCustomObjectAsync<TrainingJob>(new V1Patch("""{"metadata":{"finalizers":["ml.ecommerce.dev/cleanup","other"]}}""", V1Patch.PatchType.MergePatch), G, V, Ns, Plural, "tj1", cancellationToken: Ct));
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync<TrainingJob>(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), G, V, Ns, Plural, "tj1", cancellationToken: Ct);

        Assert.NotNull(marked.Metadata.DeletionTimestamp);
        Assert.Equal(2, marked.Metadata.Generation);
        Assert.Contains("no new finalizers", addFinalizer.Message, StringComparison.Ordinal);
        await FailsWithAsync(HttpStatusCode.NotFound, () => _client.CustomObjects.GetNamespacedCustomObjectAsync(G, V, Ns, Plural, "tj1", Ct));
        Assert.Empty((await _client.BatchV1.ListNamespacedJobAsync(Ns, cancellationToken: Ct)).Items);
    }

    [Fact]
    public async Task List_FiltersByLabelAndFieldSelectors_SortedByName_WithTheSnapshotVersion()
    {
        foreach (var (name, team) in new[] { ("c", "recs"), ("a", "recs"), ("b", "churn") })
        {
            var trainingJob = Fresh(name);
            trainingJob.Metadata.Labels = new Dictionary<string, string> { ["team"] = team };
            await _client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingJob>(trainingJob, G, V, Ns, Plural, cancellationToken: Ct);
        }

        var recs = await _client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(G, V, Ns, Plural, labelSelector: "team in (recs)", cancellationToken: Ct);
        var notA = await _client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(G, V, Ns, Plural, fieldSelector: "metadata.name!=a", labelSelector: "team!=churn", cancellationToken: Ct);
        var bad = await FailsWithAsync(HttpStatusCode.BadRequest, () => _client.CustomObjects.ListNamespacedCustomObjectAsync(G, V, Ns, Plural, fieldSelector: "spec.model=x", cancellationToken: Ct));

        Assert.Equal(["a", "c"], recs.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
        Assert.Equal(_server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), recs.GetProperty("metadata").GetProperty("resourceVersion").GetString());
        Assert.Equal("TrainingJobList", recs.GetProperty("kind").GetString());
        Assert.Equal(["c"], notA.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
        Assert.Contains("field label not supported", bad.Message, StringComparison.Ordinal);
    }
}
