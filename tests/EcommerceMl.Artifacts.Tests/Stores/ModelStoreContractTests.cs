using System.Security.Cryptography;
using System.Text;
using EcommerceMl.Artifacts.Tests.Support;
using EcommerceMl.Contracts.Monitoring;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Artifacts.Tests.Stores;

/// <summary>
/// What every <see cref="IModelStore"/> promises, run against each implementation by a subclass.
/// Raw writes go behind the store's back to simulate crashes and corruption.
/// </summary>
public abstract class ModelStoreContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 42, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);

    /// <summary>A fresh, empty store for one test.</summary>
    protected abstract Task<IModelStore> CreateStoreAsync();

    /// <summary>Writes bytes at a path relative to the store root, bypassing the store.</summary>
    protected abstract Task WriteRawAsync(IModelStore store, string relativePath, byte[] bytes);

    /// <summary>Deletes the object at a path relative to the store root, bypassing the store.</summary>
    protected abstract Task DeleteRawAsync(IModelStore store, string relativePath);

    /// <summary>Whether an object exists at a path relative to the store root, bypassing the store.</summary>
    protected abstract Task<bool> ExistsRawAsync(IModelStore store, string relativePath);

    [Fact]
    public async Task Publish_ThenLoad_RoundTripsBytesAndManifest()
    {
        var store = await CreateStoreAsync();
        var files = TestManifests.Files("v1");

        var published = await PublishAsync(store, "shop-recs", files);
        var loaded = await store.LoadAsync("shop-recs", published.Version, cancellationToken: Ct);

        Assert.Equal(ManifestJson.Serialize(published), ManifestJson.Serialize(loaded.Manifest));
        Assert.Equal(files.Keys.Order(), loaded.Files.Keys.Order());
        foreach (var (name, bytes) in files)
        {
            Assert.Equal(bytes, loaded.Files[name]);
        }
    }

    [Fact]
    public async Task Publish_ThenLoad_RoundTripsEmptyAndMultiPartSizedFiles()
    {
        var store = await CreateStoreAsync();
        // 12 MiB is above the SDK's 5 MiB multipart threshold, so S3 uploads it in parts.
        var large = new byte[12 * 1024 * 1024];
        new Random(42).NextBytes(large);
        var files = new Dictionary<string, byte[]> { ["factors.bin"] = large, ["empty.txt"] = [] };

        var published = await PublishAsync(store, "shop-recs", files);
        var loaded = await store.LoadAsync("shop-recs", published.Version, cancellationToken: Ct);

        Assert.Equal(large, loaded.Files["factors.bin"]);
        Assert.Empty(loaded.Files["empty.txt"]);
        Assert.Equal(ModelIntegrity.Sha256Hex(large), loaded.Manifest.Files["factors.bin"]);
    }

    [Fact]
    public async Task ModelsWhoseNamesSharePrefixes_AreKeptApart()
    {
        var store = await CreateStoreAsync();
        var shop = await PublishAsync(store, "shop", TestManifests.Files("shop"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await PublishAsync(store, "shop-recs", TestManifests.Files("recs"));

        var versions = await store.ListVersionsAsync("shop", cancellationToken: Ct);

        Assert.Equal([shop.Version], versions.Select(m => m.Version));
        Assert.Equal(shop.Version, (await store.LoadAsync("shop", cancellationToken: Ct)).Manifest.Version);
    }

    [Fact]
    public async Task Publish_RecordsSha256OfEveryFile()
    {
        var store = await CreateStoreAsync();
        var files = TestManifests.Files("hashes");

        var published = await PublishAsync(store, "shop-recs", files);
        var stored = await store.GetManifestAsync("shop-recs", published.Version, cancellationToken: Ct);

        Assert.NotNull(stored);
        Assert.Equal(files.Count, stored.Files.Count);
        foreach (var (name, bytes) in files)
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Files[name]);
        }
    }

    [Fact]
    public async Task ListVersions_IsOldestFirst_AndLatestResolvesToNewest()
    {
        var store = await CreateStoreAsync();
        var versions = new[] { ModelVersions.NewVersion(_clock), Later(TimeSpan.FromHours(1)), Later(TimeSpan.FromDays(3)) };

        // Published out of time order: listing must sort, not echo insertion order.
        foreach (var version in new[] { versions[1], versions[2], versions[0] })
        {
            await store.PublishAsync(TestManifests.Create("shop-recs", version, Start), TestManifests.Files(version), cancellationToken: Ct);
        }

        var listed = await store.ListVersionsAsync("shop-recs", cancellationToken: Ct);
        var latest = await store.GetManifestAsync("shop-recs", ModelVersions.Latest, cancellationToken: Ct);
        var loadedLatest = await store.LoadAsync("shop-recs", cancellationToken: Ct);

        Assert.Equal(versions, listed.Select(m => m.Version));
        Assert.Equal(versions[2], latest?.Version);
        Assert.Equal(versions[2], loadedLatest.Manifest.Version);
        Assert.Equal(TestManifests.Files(versions[2])["model.bin"], loadedLatest.Files["model.bin"]);
    }

    [Fact]
    public async Task Latest_PassesOverANewerVersionWhoseGateFailed()
    {
        var store = await CreateStoreAsync();
        var (passed, failed) = (ModelVersions.NewVersion(_clock), Later(TimeSpan.FromHours(1)));
        await store.PublishAsync(TestManifests.Create("churn", passed, Start), TestManifests.Files("a"), cancellationToken: Ct);
        await store.PublishAsync(
            TestManifests.Create("churn", failed, Start) with { Gate = new GateResult("auc", GateResult.Minimum, 0.99, 0.8, Passed: false) },
            TestManifests.Files("b"), cancellationToken: Ct);

        Assert.Equal(passed, (await store.GetManifestAsync("churn", ModelVersions.Latest, cancellationToken: Ct))?.Version);
        Assert.Equal(passed, (await store.LoadAsync("churn", cancellationToken: Ct)).Manifest.Version);
        Assert.Equal(failed, (await store.LoadAsync("churn", failed, cancellationToken: Ct)).Manifest.Version);
        Assert.Equal([passed, failed], (await store.ListVersionsAsync("churn", cancellationToken: Ct)).Select(m => m.Version));
    }

    [Fact]
    public async Task ListModels_ReturnsModelsWithACompleteVersion_Sorted()
    {
        var store = await CreateStoreAsync();
        await PublishAsync(store, "sales-forecast", TestManifests.Files("f"));
        await PublishAsync(store, "churn", TestManifests.Files("c"));
        await PublishAsync(store, "shop-recs", TestManifests.Files("r"));

        Assert.Equal(["churn", "sales-forecast", "shop-recs"], await store.ListModelsAsync(Ct));
    }

    [Fact]
    public async Task ListModels_WhenStoreIsEmpty_ReturnsNothing()
    {
        var store = await CreateStoreAsync();

        Assert.Empty(await store.ListModelsAsync(Ct));
        Assert.Empty(await store.ListVersionsAsync("shop-recs", cancellationToken: Ct));
    }

    [Fact]
    public async Task CrashedPublish_WithFilesButNoManifest_IsInvisible()
    {
        var store = await CreateStoreAsync();
        var complete = await PublishAsync(store, "shop-recs", TestManifests.Files("ok"));
        var crashed = Later(TimeSpan.FromMinutes(5));
        await WriteRawAsync(store, $"models/shop-recs/versions/{crashed}/model.bin", Encoding.UTF8.GetBytes("half a model"));
        await WriteRawAsync(store, $"models/half-model/versions/{crashed}/model.bin", Encoding.UTF8.GetBytes("half a model"));

        var listed = await store.ListVersionsAsync("shop-recs", cancellationToken: Ct);
        var latest = await store.LoadAsync("shop-recs", ModelVersions.Latest, cancellationToken: Ct);

        Assert.Equal([complete.Version], listed.Select(m => m.Version));
        Assert.Equal(complete.Version, latest.Manifest.Version);
        Assert.Null(await store.GetManifestAsync("shop-recs", crashed, cancellationToken: Ct));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => store.LoadAsync("shop-recs", crashed, cancellationToken: Ct));
        Assert.Equal(["shop-recs"], await store.ListModelsAsync(Ct));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => store.LoadAsync("half-model", cancellationToken: Ct));
    }

    [Fact]
    public async Task Load_WhenFileBytesChangedAfterPublish_RefusesNamingTheFile()
    {
        var store = await CreateStoreAsync();
        var published = await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));
        await WriteRawAsync(store, $"models/shop-recs/versions/{published.Version}/model.bin", Encoding.UTF8.GetBytes("tampered weights"));

        var error = await Assert.ThrowsAsync<ModelIntegrityException>(() => store.LoadAsync("shop-recs", published.Version, cancellationToken: Ct));

        Assert.Contains("'model.bin'", error.Message, StringComparison.Ordinal);
        Assert.Contains(published.Files["model.bin"], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_WhenFileIsMissing_RefusesNamingTheFile()
    {
        var store = await CreateStoreAsync();
        var published = await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));
        await DeleteRawAsync(store, $"models/shop-recs/versions/{published.Version}/items.json");

        var error = await Assert.ThrowsAsync<ModelIntegrityException>(() => store.LoadAsync("shop-recs", cancellationToken: Ct));

        Assert.Contains("'items.json'", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_WhenManifestIsMalformed_NamesModelAndVersion()
    {
        var store = await CreateStoreAsync();
        var version = ModelVersions.NewVersion(_clock);
        await WriteRawAsync(store, $"models/shop-recs/versions/{version}/manifest.json", Encoding.UTF8.GetBytes("{ \"model\": \"shop-recs\", "));

        var error = await Assert.ThrowsAsync<ModelIntegrityException>(() => store.LoadAsync("shop-recs", version, cancellationToken: Ct));

        Assert.Contains("'shop-recs'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{version}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListVersions_WithAMalformedManifest_ListsTheRestAndReportsIt()
    {
        var store = await CreateStoreAsync();
        var good = await PublishAsync(store, "shop-recs", TestManifests.Files("a"));
        var bad = Later(TimeSpan.FromHours(1));
        await WriteRawAsync(store, $"models/shop-recs/versions/{bad}/manifest.json", Encoding.UTF8.GetBytes("{ \"model\": \"shop-recs\", "));

        var listed = await store.ListVersionsAsync("shop-recs", cancellationToken: Ct);

        Assert.Equal([good.Version], listed.Select(m => m.Version));
        var unreadable = Assert.Single(listed.Unreadable);
        Assert.Equal(bad, unreadable.Version);
        Assert.Contains("malformed", unreadable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_PassesOverAMalformedNewerManifest_AndSaysWhy()
    {
        var store = await CreateStoreAsync();
        var good = await PublishAsync(store, "shop-recs", TestManifests.Files("a"));
        var bad = Later(TimeSpan.FromHours(1));
        await WriteRawAsync(store, $"models/shop-recs/versions/{bad}/manifest.json", Encoding.UTF8.GetBytes("not json"));

        var found = await store.FindServableAsync("shop-recs", cancellationToken: Ct);

        Assert.Equal(good.Version, found.Manifest?.Version);
        Assert.Equal(bad, Assert.Single(found.Skipped).Version);
        Assert.Equal(good.Version, (await store.LoadAsync("shop-recs", cancellationToken: Ct)).Manifest.Version);
    }

    [Fact]
    public async Task Load_WhenManifestNamesAFileOutsideItsFolder_Refuses()
    {
        var store = await CreateStoreAsync();
        var version = ModelVersions.NewVersion(_clock);
        var evil = TestManifests.Create("shop-recs", version, Start) with
        {
            Files = new Dictionary<string, string> { ["../../../secrets"] = ModelIntegrity.Sha256Hex("x"u8) },
        };
        await WriteRawAsync(store, $"models/shop-recs/versions/{version}/manifest.json", ManifestJson.Serialize(evil));

        var error = await Assert.ThrowsAsync<ModelIntegrityException>(() => store.LoadAsync("shop-recs", version, cancellationToken: Ct));

        Assert.Contains("../../../secrets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_WhenModelIsMissing_ThrowsModelNotFound()
    {
        var store = await CreateStoreAsync();
        await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.LoadAsync("no-such-model", cancellationToken: Ct));
        var pinned = await Assert.ThrowsAsync<ModelNotFoundException>(() => store.LoadAsync("shop-recs", Later(TimeSpan.FromDays(1)), cancellationToken: Ct));

        Assert.Contains("'no-such-model'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'shop-recs'", pinned.Message, StringComparison.Ordinal);
        Assert.Null(await store.GetManifestAsync("no-such-model", cancellationToken: Ct));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("shop/recs")]
    [InlineData("Shop-Recs")]
    [InlineData("-recs")]
    [InlineData("recs-")]
    [InlineData("")]
    [InlineData("a_b")]
    public async Task BadModelName_IsRefusedEverywhere(string model)
    {
        var store = await CreateStoreAsync();
        var version = ModelVersions.NewVersion(_clock);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PublishAsync(TestManifests.Create(model, version, Start), TestManifests.Files("x"), cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync(model, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetManifestAsync(model, version, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListVersionsAsync(model, cancellationToken: Ct));
        Assert.Empty(await store.ListModelsAsync(Ct));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("../../models/shop-recs/versions/20261123T014200Z-1a2b3c")]
    [InlineData("20261123T014200Z-1A2B3C")]
    [InlineData("20261123T014200Z")]
    [InlineData("20261323T014200Z-1a2b3c")]
    [InlineData("v1")]
    public async Task BadVersion_IsRefusedEverywhere(string version)
    {
        var store = await CreateStoreAsync();

        var publish = await Assert.ThrowsAsync<ArgumentException>(() => store.PublishAsync(TestManifests.Create("shop-recs", version, Start), TestManifests.Files("x"), cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync("shop-recs", version, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetManifestAsync("shop-recs", version, cancellationToken: Ct));

        Assert.Contains(version, publish.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListModelsAsync(Ct));
    }

    [Theory]
    [InlineData("../escape.bin")]
    [InlineData("sub/model.bin")]
    [InlineData("manifest.json")]
    [InlineData(".hidden")]
    public async Task Publish_WithBadFileName_IsRefusedBeforeWritingAnything(string fileName)
    {
        var store = await CreateStoreAsync();
        var files = new Dictionary<string, byte[]> { ["model.bin"] = [1, 2, 3], [fileName] = [4] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => PublishAsync(store, "shop-recs", files));

        Assert.Contains(fileName, error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListModelsAsync(Ct));
    }

    [Fact]
    public async Task TwoPublishesInTheSameSecond_GetDistinctSortableVersions()
    {
        var store = await CreateStoreAsync();

        var first = await PublishAsync(store, "shop-recs", TestManifests.Files("a"));
        var second = await PublishAsync(store, "shop-recs", TestManifests.Files("b"));
        var listed = (await store.ListVersionsAsync("shop-recs", cancellationToken: Ct)).Select(m => m.Version).ToList();

        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal(first.Version[..16], second.Version[..16]);
        Assert.Equal(new[] { first.Version, second.Version }.Order(StringComparer.Ordinal), listed);
        Assert.Equal(listed[^1], (await store.GetManifestAsync("shop-recs", cancellationToken: Ct))?.Version);
    }

    [Fact]
    public async Task Publish_OfAnExistingVersion_IsRefused()
    {
        var store = await CreateStoreAsync();
        var published = await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));

        var error = await Assert.ThrowsAsync<ModelVersionExistsException>(
            () => store.PublishAsync(TestManifests.Create("shop-recs", published.Version, Start), TestManifests.Files("v2"), cancellationToken: Ct));
        var loaded = await store.LoadAsync("shop-recs", published.Version, cancellationToken: Ct);

        Assert.Contains(published.Version, error.Message, StringComparison.Ordinal);
        Assert.Equal(TestManifests.Files("v1")["model.bin"], loaded.Files["model.bin"]);
    }

    [Fact]
    public async Task DeleteVersion_RemovesThatVersionOnly_AndLatestFallsBackToTheOlderOne()
    {
        var store = await CreateStoreAsync();
        var older = await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await PublishAsync(store, "shop-recs", TestManifests.Files("v2"));

        var deleted = await store.DeleteVersionAsync("shop-recs", newer.Version, Ct);

        Assert.True(deleted);
        Assert.False(await ExistsRawAsync(store, $"models/shop-recs/versions/{newer.Version}/model.bin"));
        Assert.True(await ExistsRawAsync(store, $"models/shop-recs/versions/{older.Version}/model.bin"));
        Assert.Equal([older.Version], (await store.ListVersionsAsync("shop-recs", cancellationToken: Ct)).Select(m => m.Version));
        Assert.Equal(older.Version, (await store.LoadAsync("shop-recs", cancellationToken: Ct)).Manifest.Version);
        Assert.Null(await store.GetManifestAsync("shop-recs", newer.Version, cancellationToken: Ct));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => store.LoadAsync("shop-recs", newer.Version, cancellationToken: Ct));
    }

    [Fact]
    public async Task DeleteVersion_OfTheOnlyVersion_LeavesNoModel_AndTheVersionCanBePublishedAfresh()
    {
        var store = await CreateStoreAsync();
        var published = await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));

        await store.DeleteVersionAsync("shop-recs", published.Version, Ct);
        // Nothing of the old version is left behind to block or mix into a new one of the same id.
        await store.PublishAsync(TestManifests.Create("shop-recs", published.Version, Start), new Dictionary<string, byte[]> { ["other.bin"] = [7] }, cancellationToken: Ct);
        var republished = await store.LoadAsync("shop-recs", published.Version, cancellationToken: Ct);

        Assert.Equal(["other.bin"], republished.Files.Keys);
        Assert.True(await store.DeleteVersionAsync("shop-recs", published.Version, Ct));
        Assert.Empty(await store.ListModelsAsync(Ct));
    }

    [Fact]
    public async Task DeleteVersion_IsSafeToRepeat_AndFinishesADeleteCutShortAfterTheManifest()
    {
        var store = await CreateStoreAsync();
        var published = await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));
        // A delete that crashed after the manifest: the version is already invisible, its files remain.
        await DeleteRawAsync(store, $"models/shop-recs/versions/{published.Version}/{ModelManifest.FileName}");

        var finished = await store.DeleteVersionAsync("shop-recs", published.Version, Ct);
        var again = await store.DeleteVersionAsync("shop-recs", published.Version, Ct);
        var never = await store.DeleteVersionAsync("churn", published.Version, Ct);

        Assert.False(finished);
        Assert.False(again);
        Assert.False(never);
        Assert.Empty(await store.ListModelsAsync(Ct));
        foreach (var file in TestManifests.Files("v1").Keys)
        {
            Assert.False(await ExistsRawAsync(store, $"models/shop-recs/versions/{published.Version}/{file}"), $"{file} was left behind");
        }
    }

    [Theory]
    [InlineData("../x", "20261123T014200Z-1a2b3c")]
    [InlineData("shop-recs", "../../models/other/versions/20261123T014200Z-1a2b3c")]
    [InlineData("shop-recs", "v1")]
    public async Task DeleteVersion_WithABadModelOrVersion_IsRefused(string model, string version)
    {
        var store = await CreateStoreAsync();
        var published = await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));

        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteVersionAsync(model, version, Ct));

        Assert.NotNull(await store.GetManifestAsync("shop-recs", published.Version, cancellationToken: Ct));
    }

    [Fact]
    public async Task MonitoringReports_AreListedOldestFirst_AndSkipWhatCannotBeRead()
    {
        var store = await CreateStoreAsync();
        var published = await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));
        foreach (var minutes in new[] { 30, 10, 20 })
        {
            await store.PublishMonitoringReportAsync(Report(published, Start.AddMinutes(minutes)), Ct);
        }

        await WriteRawAsync(store, $"models/shop-recs/versions/{published.Version}/monitoring/20261123T020000Z.json", Encoding.UTF8.GetBytes("{not json"));

        var all = await store.ListMonitoringReportsAsync("shop-recs", published.Version, cancellationToken: Ct);
        var newest = await store.ListMonitoringReportsAsync("shop-recs", published.Version, newest: 2, cancellationToken: Ct);

        Assert.Equal([10, 20, 30], all.Reports.Select(r => (int)(r.CheckedAt - Start).TotalMinutes));
        Assert.Contains("malformed", Assert.Single(all.Unreadable).Reason, StringComparison.Ordinal);
        Assert.Equal([20, 30], newest.Reports.Select(r => (int)(r.CheckedAt - Start).TotalMinutes));
        Assert.Equal(31, newest.Newest!.NewData.Orders);
    }

    [Fact]
    public async Task MonitoringReport_ForAVersionThatDoesNotExist_IsRefused_AndDeletedWithItsVersion()
    {
        var store = await CreateStoreAsync();
        var published = await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));
        var missing = Later(TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<ModelNotFoundException>(() => store.PublishMonitoringReportAsync(Report(published, Start) with { Version = missing }, Ct));
        await store.PublishMonitoringReportAsync(Report(published, Start), Ct);
        await store.DeleteVersionAsync("shop-recs", published.Version, Ct);

        Assert.Empty((await store.ListMonitoringReportsAsync("shop-recs", published.Version, cancellationToken: Ct)).Reports);
    }

    private static MonitoringReport Report(ModelManifest version, DateTimeOffset at) => new()
    {
        Model = version.Model,
        Version = version.Version,
        Task = version.Task,
        CheckedAt = at,
        Window = new MonitoringWindow(at.AddDays(-7), at, ["synthetic"]),
        NewData = new NewDataCount(null, (long)(at - Start).TotalMinutes + 1, 0),
    };

    [Fact]
    public async Task Publish_ManyPublishersOfOneVersionAtOnce_ExactlyOneWins_AndTheVersionLoadsWithItsOwnFiles()
    {
        var store = await CreateStoreAsync();
        var version = ModelVersions.NewVersion(_clock);
        // Files large enough that writing them takes a while, different per publisher: a loser that wrote into the
        // winner's folder (the old check-then-write) would leave files that fail the winner's sha256s.
        var attempts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var random = new Random(i);
            var files = Enumerable.Range(0, 3).ToDictionary(f => $"part-{f}.bin", _ =>
            {
                var bytes = new byte[256 * 1024];
                random.NextBytes(bytes);
                return bytes;
            });
            try
            {
                return await store.PublishAsync(TestManifests.Create("shop-recs", version, Start), files, Ct);
            }
            catch (ModelVersionExistsException)
            {
                return null;
            }
        }, Ct)).ToList();

        var published = (await Task.WhenAll(attempts)).OfType<ModelManifest>().ToList();

        var winner = Assert.Single(published);
        var loaded = await store.LoadAsync("shop-recs", version, Ct);
        Assert.Equal(winner.Files, loaded.Manifest.Files);
    }

    [Fact]
    public async Task Publish_OfAVersionAnotherPublisherHasClaimed_IsRefused_AndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var version = ModelVersions.NewVersion(_clock);
        var folder = ModelStoreLayout.VersionPath("shop-recs", version);
        await WriteRawAsync(store, $"{folder}/.publishing", Encoding.UTF8.GetBytes("someone-else\n"));

        var refused = await Assert.ThrowsAsync<ModelVersionExistsException>(() =>
            store.PublishAsync(TestManifests.Create("shop-recs", version, Start), TestManifests.Files("v1"), Ct));

        Assert.Contains("is being published", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ecml store gc", refused.Message, StringComparison.Ordinal);
        Assert.False(await ExistsRawAsync(store, $"{folder}/model.bin"));
    }

    [Fact]
    public async Task Publish_LeavesNoClaimBehind()
    {
        var store = await CreateStoreAsync();

        var published = await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));

        Assert.False(await ExistsRawAsync(store, $"{ModelStoreLayout.VersionPath("shop-recs", published.Version)}/.publishing"));
    }

    [Fact]
    public async Task Gc_RemovesWhatAPublishCutShortLeft_OnceOlderThanTheGracePeriod_AndNeverAVersion()
    {
        var store = await CreateStoreAsync();
        var complete = await PublishAsync(store, "shop-recs", TestManifests.Files("v1"));
        var cutShort = Later(TimeSpan.FromMinutes(5));
        var cutShortFolder = ModelStoreLayout.VersionPath("shop-recs", cutShort);
        await WriteRawAsync(store, $"{cutShortFolder}/.publishing", Encoding.UTF8.GetBytes("dead-trainer\n"));
        await WriteRawAsync(store, $"{cutShortFolder}/model.bin", [1, 2, 3]);
        var strayTemp = $"{ModelStoreLayout.VersionPath("shop-recs", complete.Version)}/manifest.json.0123456789abcdef.tmp";
        await WriteRawAsync(store, strayTemp, [1]);
        var collector = Assert.IsAssignableFrom<IStoreGarbageCollector>(store);

        var young = await collector.CollectGarbageAsync(DateTimeOffset.UtcNow, TimeSpan.FromHours(1), dryRun: false, Ct);
        var listed = await collector.CollectGarbageAsync(DateTimeOffset.UtcNow.AddHours(2), TimeSpan.FromHours(1), dryRun: true, Ct);
        var stillThere = await ExistsRawAsync(store, $"{cutShortFolder}/model.bin");
        var removed = await collector.CollectGarbageAsync(DateTimeOffset.UtcNow.AddHours(2), TimeSpan.FromHours(1), dryRun: false, Ct);

        Assert.Empty(young);
        Assert.Equal(new[] { cutShortFolder, strayTemp }.Order(StringComparer.Ordinal), listed.Select(g => g.Path).Order(StringComparer.Ordinal));
        Assert.True(stillThere, "a dry run removes nothing");
        Assert.Equal(listed.Select(g => g.Path).Order(StringComparer.Ordinal), removed.Select(g => g.Path).Order(StringComparer.Ordinal));
        Assert.False(await ExistsRawAsync(store, $"{cutShortFolder}/model.bin"));
        Assert.False(await ExistsRawAsync(store, $"{cutShortFolder}/.publishing"));
        Assert.False(await ExistsRawAsync(store, strayTemp));
        Assert.Equal([complete.Version], await store.ListVersionIdsAsync("shop-recs", Ct));
        await store.LoadAsync("shop-recs", complete.Version, Ct);
    }

    private Task<ModelManifest> PublishAsync(IModelStore store, string model, IReadOnlyDictionary<string, byte[]> files) =>
        store.PublishAsync(TestManifests.Create(model, ModelVersions.NewVersion(_clock), _clock.GetUtcNow()), files, cancellationToken: Ct);

    private string Later(TimeSpan delta)
    {
        var at = new FakeTimeProvider(Start + delta);
        return ModelVersions.NewVersion(at);
    }
}
