using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Models;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Inference.Tests.Models;

public sealed class ModelRegistryTests
{
    [Fact]
    public void Select_AfterAVersionIsReplaced_ServesTheNewOne()
    {
        var registry = new ModelRegistry();
        registry.Expect([ModelEntry.Pending("recs", null)]);
        registry.Update(Loaded("recs", TestModels.V1, TestModels.Recommender()));
        var before = registry.Select<IRecommender>(ModelTask.Recommendation, null);

        registry.Update(Loaded("recs", TestModels.V2, TestModels.Recommender("popularity")));
        var after = registry.Select<IRecommender>(ModelTask.Recommendation, null);

        Assert.Equal(TestModels.V1, before.Entry!.Version);
        Assert.Equal(TestModels.V2, after.Entry!.Version);
        Assert.Equal("popularity", after.Model!.Algorithm);
    }

    [Fact]
    public void IsReady_OnlyWhenEveryExpectedModelIsLoaded()
    {
        var registry = new ModelRegistry();
        registry.Expect([ModelEntry.Pending("recs", null), ModelEntry.Pending("recs-2", null)]);

        registry.Update(Loaded("recs", TestModels.V1, TestModels.Recommender()));
        var afterOne = registry.IsReady;
        registry.Update(Loaded("recs-2", TestModels.V1, TestModels.Recommender()));

        Assert.False(afterOne);
        Assert.True(registry.IsReady);
        Assert.True(registry.WaitUntilReadyAsync(TestContext.Current.CancellationToken).IsCompleted);
    }

    [Fact]
    public void Select_ANamedModelStillLoading_Is503WithItsError()
    {
        var registry = new ModelRegistry();
        registry.Expect([ModelEntry.Pending("recs", null) with { Error = "store unavailable: refused" }]);

        var selection = registry.Select<IRecommender>(ModelTask.Recommendation, "recs");

        Assert.Equal(503, selection.Failure!.StatusCode);
        Assert.Contains("store unavailable: refused", selection.Failure.Detail, StringComparison.Ordinal);
    }

    private static ModelEntry Loaded(string name, string version, ITrainedModel model) => new(
        name,
        null,
        ModelStatus.Loaded,
        new ModelManifest
        {
            Model = name,
            Version = version,
            Task = model.Task,
            Algorithm = model.Algorithm,
            CreatedAt = TestServerHost.Now,
            Data = new DataFingerprint("synthetic", "abc", new Dictionary<string, long>(), null, null),
            Files = new Dictionary<string, string>(),
        },
        model,
        TestServerHost.Now,
        null,
        1);
}
