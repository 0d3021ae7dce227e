using System.Net;
using EcommerceMl.Artifacts.Tests.Support;
using Minio.DataModel.Args;

namespace EcommerceMl.Artifacts.Tests.Stores;

/// <summary>
/// The store gc aborts unfinished multipart uploads. On moto, which lists and aborts them as S3 does (but dates every
/// upload 2010-11-10T20:48:33Z, so there every one is old), that they are found and aborted; behind a fake of the S3
/// calls (<see cref="IS3MultipartUploads"/>, objects on s3rver), which ones by their age; on s3rver, which implements
/// neither call (501 NotImplemented), that the gc goes on without them.
/// </summary>
public sealed class S3UnfinishedUploadsTests(MotoS3Fixture moto, S3rverFixture s3rver) : IClassFixture<MotoS3Fixture>, IClassFixture<S3rverFixture>
{
    private static readonly S3RetryPolicy Quick = new(5, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 20, 0, 0, TimeSpan.Zero);

    // Above the Minio client's 5 MiB part size, so it is sent as a multipart upload.
    private static readonly byte[] LargeFile = new byte[6 * 1024 * 1024];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUploadStartWhoseAnswerWasLost_LeavesAnOrphan_ThatGcAborts()
    {
        moto.RequireServer();
        var bucket = NewBucketName();
        var server = LosingTheFirstAnswerOf(IsUploadStart);
        var store = Store(moto.Settings, server, bucket, "shop");
        var version = await PublishLargeAsync(store);
        var file = $"shop/models/recs/versions/{version}/model.bin";
        var gc = (IStoreGarbageCollector)store;

        var orphans = await UploadsAsync(bucket);
        var listed = await gc.CollectGarbageAsync(DateTimeOffset.UtcNow, Grace, dryRun: true, Ct);
        var afterDryRun = await UploadsAsync(bucket);
        var removed = await gc.CollectGarbageAsync(DateTimeOffset.UtcNow, Grace, dryRun: false, Ct);

        // The retried start made a second upload, which completed; the first one's id never reached the client.
        Assert.Equal(1, server.Errors);
        Assert.Equal([file], orphans);
        var found = Assert.Single(listed);
        Assert.Equal(($"models/recs/versions/{version}/model.bin", 1, false), (found.Path, found.Objects, found.IsFolder));
        Assert.Equal([file], afterDryRun);
        Assert.Equal(listed, removed);
        Assert.Empty(await UploadsAsync(bucket));
        Assert.Equal(LargeFile, (await store.LoadAsync("recs", version, Ct)).Files["model.bin"]);
    }

    [Fact]
    public async Task Gc_AbortsOnlyTheUploadsUnderItsStoresPrefix()
    {
        moto.RequireServer();
        var bucket = NewBucketName();
        var mine = Store(moto.Settings, LosingTheFirstAnswerOf(IsUploadStart), bucket, "team-a");
        var theirs = Store(moto.Settings, LosingTheFirstAnswerOf(IsUploadStart), bucket, "team-ab");
        await PublishLargeAsync(mine);
        var theirVersion = await PublishLargeAsync(theirs);

        var removed = await ((IStoreGarbageCollector)mine).CollectGarbageAsync(DateTimeOffset.UtcNow, Grace, dryRun: false, Ct);

        Assert.Single(removed);
        Assert.Equal([$"team-ab/models/recs/versions/{theirVersion}/model.bin"], await UploadsAsync(bucket));
    }

    [Fact]
    public async Task AnAbortTheServerAppliedButWhoseAnswerWasLost_IsNoError()
    {
        moto.RequireServer();
        var bucket = NewBucketName();
        var server = LosingTheFirstAnswerOf(r => IsUploadStart(r) || (r.Method == HttpMethod.Delete && r.RequestUri!.Query.Contains("uploadId=", StringComparison.Ordinal)));
        var store = Store(moto.Settings, server, bucket, "shop");
        await PublishLargeAsync(store);

        var removed = await ((IStoreGarbageCollector)store).CollectGarbageAsync(DateTimeOffset.UtcNow, Grace, dryRun: false, Ct);

        // The retried abort was answered 404 NoSuchUpload: the upload is gone, which is what the gc wanted.
        Assert.Equal(2, server.Errors);
        Assert.Single(removed);
        Assert.Empty(await UploadsAsync(bucket));
    }

    [Fact]
    public async Task AnIdentityRefusedTheUploadListing_IsToldWhichPermission_AfterTheOtherLeftoversWereRemoved()
    {
        moto.RequireServer();
        var bucket = NewBucketName();
        var server = new MisbehavingS3((r, _) => r.Method == HttpMethod.Get && r.RequestUri!.Query.Contains("uploads=", StringComparison.Ordinal), HttpStatusCode.Forbidden, "AccessDenied");
        var store = Store(moto.Settings, server, bucket, "shop");
        await PublishLargeAsync(store);
        var cutShort = $"shop/models/recs/versions/{ModelVersions.NewVersion(TimeProvider.System)}/model.bin";
        using (var data = new MemoryStream([1]))
        {
            await moto.Client.PutObjectAsync(new PutObjectArgs().WithBucket(bucket).WithObject(cutShort).WithStreamData(data).WithObjectSize(1), Ct);
        }

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => ((IStoreGarbageCollector)store).CollectGarbageAsync(DateTimeOffset.UtcNow.AddDays(2), Grace, dryRun: false, Ct));

        Assert.Contains("s3:ListBucketMultipartUploads", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"bucket '{bucket}' under 'shop/'", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Minio.Exceptions.ObjectNotFoundException>(() => moto.Client.StatObjectAsync(new StatObjectArgs().WithBucket(bucket).WithObject(cutShort), Ct));
    }

    [Fact]
    public async Task Gc_AbortsAPathOnlyWhenEveryUploadOfItIsADayOld_AndNothingOnADryRun()
    {
        var uploads = new FakeMultipartUploads(
            ("shop/models/a/versions/v/model.bin", Now.AddHours(-30)),
            ("shop/models/a/versions/v/model.bin", Now.AddHours(-25)),
            ("shop/events/2026-12-05/10/w-1.json.gz", Now.AddHours(-40)),
            ("shop/events/2026-12-05/10/w-1.json.gz", Now.AddMinutes(-5)),
            ("shop/outputs/recs.csv", Now.AddHours(-3)),
            ("shop/outputs/old.csv", null),
            ("other/models/a/versions/v/model.bin", Now.AddDays(-9)));
        var gc = (IStoreGarbageCollector)FakedStore(uploads);

        var listed = await gc.CollectGarbageAsync(Now, Grace, dryRun: true, Ct);
        var abortedByDryRun = uploads.Aborted.ToList();
        var removed = await gc.CollectGarbageAsync(Now, Grace, dryRun: false, Ct);

        Assert.Equal(["models/a/versions/v/model.bin"], listed.Select(g => g.Path));
        Assert.Equal((2, Now.AddHours(-25)), (listed[0].Objects, listed[0].LastWritten));
        Assert.Empty(abortedByDryRun);
        Assert.Equal(listed, removed);
        Assert.Equal(["shop/models/a/versions/v/model.bin"], uploads.Aborted);
        Assert.All(uploads.Prefixes, p => Assert.StartsWith("shop/", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gc_AnUploadOfThePathStartedSinceTheListing_KeepsItFromBeingAborted()
    {
        var uploads = new FakeMultipartUploads(("shop/models/a/versions/v/model.bin", Now.AddDays(-2)));
        // The first listing sees only the orphan; by the look just before the abort, a writer has started the path again.
        uploads.AfterList = calls => { if (calls == 1) { uploads.Add("shop/models/a/versions/v/model.bin", Now.AddSeconds(-1)); } };

        var removed = await ((IStoreGarbageCollector)FakedStore(uploads)).CollectGarbageAsync(Now, Grace, dryRun: false, Ct);

        Assert.Empty(removed);
        Assert.Empty(uploads.Aborted);
    }

    [Fact]
    public async Task Gc_WithAGraceLongerThanADay_TakesOnlyUploadsThatOld()
    {
        var uploads = new FakeMultipartUploads(("shop/a.bin", Now.AddDays(-2)), ("shop/b.bin", Now.AddDays(-4)));

        var removed = await ((IStoreGarbageCollector)FakedStore(uploads)).CollectGarbageAsync(Now, TimeSpan.FromDays(3), dryRun: false, Ct);

        Assert.Equal(["b.bin"], removed.Select(g => g.Path));
        Assert.Equal(["shop/b.bin"], uploads.Aborted);
    }

    [Fact]
    public async Task OnAServerThatCannotListUploads_GcRemovesTheRestAndAbortsNothing()
    {
        s3rver.RequireServer();
        var bucket = NewBucketName();
        var server = LosingTheFirstAnswerOf(IsUploadStart);
        var store = Store(s3rver.Settings, server, bucket, "shop");
        await PublishLargeAsync(store);
        var cutShort = $"models/recs/versions/{ModelVersions.NewVersion(TimeProvider.System)}";
        await PutRawAsync(bucket, $"shop/{cutShort}/model.bin");

        var removed = await ((IStoreGarbageCollector)store).CollectGarbageAsync(DateTimeOffset.UtcNow.AddDays(2), Grace, dryRun: false, Ct);

        Assert.Equal([cutShort], removed.Select(g => g.Path));
        // The gc did ask: GET ?uploads, answered 501.
        Assert.Contains(server.Requests.Zip(server.Statuses), r => r.First.StartsWith("GET", StringComparison.Ordinal) && r.First.EndsWith("&uploads=", StringComparison.Ordinal) && r.Second == HttpStatusCode.NotImplemented);
    }

    /// <summary>A store whose objects are on s3rver (an empty bucket) and whose unfinished uploads are <paramref name="uploads"/>.</summary>
    private S3ModelStore FakedStore(FakeMultipartUploads uploads)
    {
        s3rver.RequireServer();
        return new S3ModelStore(S3Clients.Create(s3rver.Settings), new S3Location(NewBucketName(), "shop"), uploads);
    }

    private static bool IsUploadStart(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.RequestUri!.Query.Contains("uploads", StringComparison.Ordinal);

    private static MisbehavingS3 LosingTheFirstAnswerOf(Func<HttpRequestMessage, bool> which) =>
        new(MisbehavingS3.FirstOfEach(which), HttpStatusCode.InternalServerError, "InternalError", MisbehavingS3.Mode.LoseTheAnswer);

    private static S3ModelStore Store(S3Settings settings, MisbehavingS3 server, string bucket, string prefix) =>
        new(S3Clients.Create(settings, server, Quick, TimeProvider.System), new S3Location(bucket, prefix));

    private static async Task<string> PublishLargeAsync(S3ModelStore store)
    {
        var version = ModelVersions.NewVersion(TimeProvider.System);
        await store.PublishAsync(TestManifests.Create("recs", version, DateTimeOffset.UnixEpoch), new Dictionary<string, byte[]> { ["model.bin"] = LargeFile }, Ct);
        return version;
    }

    /// <summary>The keys of the bucket's unfinished uploads, as moto lists them to a client of its own.</summary>
    private async Task<List<string>> UploadsAsync(string bucket)
    {
        var keys = new List<string>();
        await foreach (var upload in moto.Client.ListIncompleteUploadsEnumAsync(new ListIncompleteUploadsArgs().WithBucket(bucket), Ct))
        {
            keys.Add(upload.Key);
        }

        return keys;
    }

    private async Task PutRawAsync(string bucket, string key)
    {
        using var data = new MemoryStream([1]);
        await s3rver.Client.PutObjectAsync(new PutObjectArgs().WithBucket(bucket).WithObject(key).WithStreamData(data).WithObjectSize(1), Ct);
    }

    private static string NewBucketName() => $"ecml-{Guid.NewGuid():N}"[..30];

    /// <summary>A server's unfinished uploads in memory: listed by key prefix (as S3 does), aborted a key at a time (as the Minio client does).</summary>
    private sealed class FakeMultipartUploads : IS3MultipartUploads
    {
        private readonly List<MultipartUpload> _uploads = [];
        private int _lists;

        public FakeMultipartUploads(params (string Key, DateTimeOffset? Initiated)[] uploads)
        {
            foreach (var (key, initiated) in uploads)
            {
                Add(key, initiated);
            }
        }

        /// <summary>Runs after each listing with how many listings there were.</summary>
        public Action<int>? AfterList { get; set; }

        public List<string> Aborted { get; } = [];

        public List<string> Prefixes { get; } = [];

        public void Add(string key, DateTimeOffset? initiated) => _uploads.Add(new MultipartUpload(key, initiated));

        public Task<IReadOnlyList<MultipartUpload>?> ListAsync(string bucket, string keyPrefix, CancellationToken cancellationToken)
        {
            Prefixes.Add(keyPrefix);
            IReadOnlyList<MultipartUpload> listed = _uploads.Where(u => u.Key.StartsWith(keyPrefix, StringComparison.Ordinal)).ToList();
            AfterList?.Invoke(++_lists);
            return Task.FromResult<IReadOnlyList<MultipartUpload>?>(listed);
        }

        public Task AbortAllAsync(string bucket, string key, CancellationToken cancellationToken)
        {
            Aborted.Add(key);
            _uploads.RemoveAll(u => u.Key == key);
            return Task.CompletedTask;
        }
    }
}
