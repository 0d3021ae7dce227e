using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Reconcilers;

/// <summary>Issue 15 item 3 for the Model: another namespace's TrainingJob cannot become a Model's servable version.</summary>
public sealed class ModelVersionScopeTests : IDisposable
{
    private const string V1 = "20261110T120000Z-aaaaaa";
    private const string V2 = "20261110T130000Z-bbbbbb";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly ModelWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Reconcile_PassesOverANewerVersionPublishedByAnotherNamespace()
    {
        await _world.ApplyAsync(ModelFixtures.Model());
        await _world.ReconcileAsync();
        await _world.FinishRunAsync("shop-recs-initial", V1);
        await _world.Store.PublishAsync(ModelFixtures.Manifest(V2) with { Namespace = "intruder" }, new Dictionary<string, byte[]> { ["model.bin"] = [1] }, Ct);

        var model = await _world.ReconcileAsync();

        Assert.Equal(V1, model.Status?.ServableVersion);
    }
}
