using EcommerceMl.Artifacts.Tests.Support;

namespace EcommerceMl.Artifacts.Tests.Stores;

/// <summary>
/// Storage requests per poll at 500 versions (issue 14): the operator resolves every ModelDeployment's
/// latest every 60 s, the inference server every 30 s, and the operator finds a TrainingJob's version on
/// success. Counting requests, not timing them: the figures are exact and belong in the README.
/// </summary>
public sealed class StoreRequestsPerPollTests
{
    private const int Versions = 500;
    private const string Model = "shop-recs";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServableLatest_At500Versions_IsOneListAndOneGet_WhereTheFullListingWas501()
    {
        var store = await StoreWithVersionsAsync();
        store.ResetCounts();

        // Before: the operator listed every version to pick the servable latest.
        var listed = await store.ListVersionsAsync(Model, Ct);
        var before = (store.Lists, store.Gets);
        store.ResetCounts();
        var latest = await store.GetManifestAsync(Model, ModelVersions.Latest, Ct);
        var after = (store.Lists, store.Gets);

        Assert.Equal(ModelVersions.ServableLatest(listed)!.Version, latest!.Version);
        Assert.Equal((1, Versions), before);
        Assert.Equal((1, 1), after);
    }

    [Fact]
    public async Task FindNewest_ForTheNewestTrainingJob_IsOneListAndOneGet()
    {
        var store = await StoreWithVersionsAsync();
        store.ResetCounts();

        var found = await store.FindNewestAsync(Model, m => m.TrainingJob == $"ns/job-{Versions - 1}", Ct);

        Assert.NotNull(found);
        Assert.Equal((1, 1), (store.Lists, store.Gets));
    }

    [Fact]
    public async Task ServableLatest_PassingOverGateFailures_ReadsOneManifestPerVersionPassedOver()
    {
        var store = await StoreWithVersionsAsync(gateFailedNewest: 3);
        store.ResetCounts();

        var found = await store.FindServableAsync(Model, cancellationToken: Ct);

        Assert.Equal(3, found.Skipped.Count);
        Assert.Equal((1, 4), (store.Lists, store.Gets));
    }

    private static async Task<CountingModelStore> StoreWithVersionsAsync(int gateFailedNewest = 0)
    {
        var store = new CountingModelStore();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Versions; i++)
        {
            var at = start.AddHours(i);
            var manifest = TestManifests.Create(Model, ModelVersions.NewVersion(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(at)), at) with
            {
                TrainingJob = $"ns/job-{i}",
                Gate = i >= Versions - gateFailedNewest ? new GateResult("ndcg_at_10", GateResult.Minimum, 0.9, 0.1, Passed: false) : null,
            };
            await store.PublishAsync(manifest, TestManifests.Files(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Ct);
        }

        return store;
    }
}
