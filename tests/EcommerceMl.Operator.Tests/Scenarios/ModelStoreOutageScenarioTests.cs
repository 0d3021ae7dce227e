using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Scenarios;

/// <summary>
/// A Model whose store is down, through the API test server with the real KubernetesClient and the running operator
/// (its work queue retrying every 200 ms here): the status written through <c>/status</c> carries
/// <c>StoreAvailable=False</c> and <c>Ready=False</c> with the reason, one Warning Event however many retries, no
/// TrainingJob; once the store answers, the first run starts, the condition goes and one Normal Event says so.
/// </summary>
public sealed class ModelStoreOutageScenarioTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private const string Name = "shop-recommendations";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-outage-scenario-");
    private ApiTestServer _server = null!;
    private ClusterClient _cluster = null!;
    private SwitchableModelStore _store = null!;
    private RunningOperator? _operator;

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        _cluster = new ClusterClient(_server.Client(), Ns);
        _store = new SwitchableModelStore(new LocalModelStore(_storeFolder.FullName));
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
    public async Task AModelCreatedWhileTheStoreIsDown_SaysSoOnceThroughTheApi_StartsNothing_AndStartsItsFirstRunOnceTheStoreAnswers()
    {
        _store.Down = true;
        _operator = new RunningOperator(_server, Ns, _store);
        var model = ModelFixtures.Model(name: Name);
        model.Metadata = new V1ObjectMeta { Name = Name };
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(model, MlApi.Group, MlApi.Version, Ns, Model.Plural, cancellationToken: Ct);

        var held = await ModelAsync(m => Conditions.Find(m.Status?.Conditions, StoreConditions.StoreAvailable) is not null);
        var store = Conditions.Find(held.Status!.Conditions, StoreConditions.StoreAvailable)!;
        Assert.Equal((ConditionStatus.False, StoreConditions.StoreUnavailable), (store.Status, store.Reason));
        Assert.Contains("Connection refused", store.Message, StringComparison.Ordinal);
        Assert.Equal((ConditionStatus.False, StoreConditions.StoreUnavailable), (Conditions.Find(held.Status.Conditions, ModelConditions.Ready)!.Status, Conditions.Find(held.Status.Conditions, ModelConditions.Ready)!.Reason));
        // Several retries (every 200 ms) while the store stays down: still one Warning, still no run.
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        Assert.Single(await EventsAsync(StoreConditions.StoreUnavailable));
        Assert.Empty(await RunsAsync());

        _store.Down = false;
        var answered = await ModelAsync(m => Conditions.Find(m.Status?.Conditions, StoreConditions.StoreAvailable) is null && m.Status?.ActiveJob is not null);

        Assert.Equal(Name + "-initial", answered.Status!.ActiveJob);
        Assert.Equal(Name + "-initial", Assert.Single(await RunsAsync()).Metadata.Name);
        Assert.Equal("Normal", Assert.Single(await EventsAsync(StoreConditions.StoreAvailable)).Type);
    }

    private async Task<IReadOnlyList<Corev1Event>> EventsAsync(string reason) =>
        [.. (await _cluster.Client.CoreV1.ListNamespacedEventAsync(Ns, cancellationToken: Ct)).Items.Where(e => e.Reason == reason)];

    private async Task<IList<TrainingJob>> RunsAsync() =>
        (await _cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync<EcommerceMl.Operator.Runtime.ObjectList<TrainingJob>>(
            MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, cancellationToken: Ct)).Items;

    private async Task<Model> ModelAsync(Func<Model, bool> done)
    {
        var model = await ClusterClient.EventuallyAsync(() => _cluster.ModelAsync(Name, Ct), done, Ct);
        Assert.True(done(model), $"the Model never got there; its status: {KubernetesJson.Serialize(model.Status)}");
        return model;
    }
}
