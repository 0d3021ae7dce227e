using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.ApiServer;

/// <summary>Watch streams of the API test server as KubernetesClient's watch reader sees them.</summary>
public sealed class WatchTests : IAsyncLifetime
{
    private const string G = MlApi.Group;
    private const string V = MlApi.Version;
    private const string Ns = "shop";
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

    private async Task<TrainingJob> CreateAsync(string name, Dictionary<string, string>? labels = null)
    {
        var trainingJob = TestResources.TrainingJob(name);
        trainingJob.Metadata.Uid = null;
        trainingJob.Metadata.Labels = labels;
        return await _client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingJob>(trainingJob, G, V, Ns, TrainingJob.Plural, cancellationToken: Ct);
    }

    private IAsyncEnumerator<(WatchEventType Type, TrainingJob Object)> Watch(string? resourceVersion, string? labelSelector = null, Action<Exception>? onError = null) =>
        Typed(_client.CustomObjects.WatchListNamespacedCustomObjectAsync(
            G, V, Ns, TrainingJob.Plural, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, onError: onError, cancellationToken: Ct)).GetAsyncEnumerator(Ct);

    private static async IAsyncEnumerable<(WatchEventType, TrainingJob)> Typed(IAsyncEnumerable<(WatchEventType, object)> events)
    {
        await foreach (var (type, obj) in events)
        {
            yield return (type, KubernetesJson.Deserialize<TrainingJob>(((System.Text.Json.JsonElement)obj).GetRawText()));
        }
    }

    private static async Task<List<(WatchEventType Type, TrainingJob Object)>> TakeAsync(IAsyncEnumerator<(WatchEventType, TrainingJob)> events, int count)
    {
        var taken = new List<(WatchEventType, TrainingJob)>();
        while (taken.Count < count && await events.MoveNextAsync())
        {
            taken.Add(events.Current);
        }

        return taken;
    }

    [Fact]
    public async Task Watch_WithoutVersion_StartsWithAddedForEveryObject()
    {
        await CreateAsync("b");
        await CreateAsync("a");

        await using var watch = Watch(null);
        var events = await TakeAsync(watch, 2);

        Assert.All(events, e => Assert.Equal(WatchEventType.Added, e.Type));
        Assert.Equal(["a", "b"], events.Select(e => e.Object.Metadata.Name));
    }

    [Fact]
    public async Task Watch_FromAListVersion_SendsOnlyLaterChangesInOrder_ThenABookmark()
    {
        await CreateAsync("before");
        var listed = await _client.CustomObjects.ListNamespacedCustomObjectAsync<System.Text.Json.JsonElement>(G, V, Ns, TrainingJob.Plural, cancellationToken: Ct);
        var from = listed.GetProperty("metadata").GetProperty("resourceVersion").GetString();

        var created = await CreateAsync("after");
        created.Spec.RunPolicy = new RunPolicySpec { Suspend = true };
        var replaced = await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync<TrainingJob>(created, G, V, Ns, TrainingJob.Plural, "after", cancellationToken: Ct);
        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(G, V, Ns, TrainingJob.Plural, "after", cancellationToken: Ct);
        await using var stream = Watch(from);
        var changes = await TakeAsync(stream, 3);
        _server.SendBookmarks();
        var bookmark = Assert.Single(await TakeAsync(stream, 1));

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], changes.Select(e => e.Type));
        Assert.All(changes, e => Assert.Equal("after", e.Object.Metadata.Name));
        Assert.Equal(replaced.Metadata.ResourceVersion, changes[1].Object.Metadata.ResourceVersion);
        Assert.True(long.Parse(changes[2].Object.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(replaced.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.Equal(_server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), bookmark.Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Watch_FromACompactedVersion_ReportsExpiredThroughOnError_AndEnds()
    {
        var old = await CreateAsync("a");
        await CreateAsync("b");
        _server.Compact();
        var errors = new List<Exception>();

        await using var watch = Watch(old.Metadata.ResourceVersion, onError: errors.Add);
        var events = await TakeAsync(watch, 1);

        Assert.Empty(events);
        var expired = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);
    }

    [Fact]
    public async Task Watch_WithALabelSelector_SendsDeletedWhenAnObjectStopsMatching()
    {
        var from = (await CreateAsync("a", new Dictionary<string, string> { ["team"] = "recs" })).Metadata.ResourceVersion;
        await CreateAsync("b", new Dictionary<string, string> { ["team"] = "recs" });
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync<TrainingJob>(new V1Patch("""{"metadata":{"labels":{"team":"churn"}}}""", V1Patch.PatchType.MergePatch), G, V, Ns, TrainingJob.Plural, "a", cancellationToken: Ct);

        await using var watch = Watch(from, "team=recs");
        var events = await TakeAsync(watch, 2);

        Assert.Equal([(WatchEventType.Added, "b"), (WatchEventType.Deleted, "a")], events.Select(e => (e.Type, e.Object.Metadata.Name)));
        Assert.Equal("recs", events[1].Object.Metadata.Labels["team"]);
        Assert.Equal(_server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), events[1].Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Watch_ClosedBeforeAnyLine_SurfacesAsAnEndOfStreamError()
    {
        await using var watch = Watch(_server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var first = watch.MoveNextAsync().AsTask();
        await _server.WaitForOpenWatchesAsync(1, Ct);
        _server.CloseWatches();

        await Assert.ThrowsAsync<HttpRequestException>(() => first);
    }
}
