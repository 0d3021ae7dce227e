using System.Net;
using EcommerceMl.Artifacts.Outputs;
using EcommerceMl.Artifacts.Tests.Support;
using Minio.Exceptions;

namespace EcommerceMl.Artifacts.Tests.Stores;

/// <summary>
/// The S3 store, output objects and event sink (one client) through a server that answers what a real S3 answers now
/// and then, 500 InternalError and 503 SlowDown: each request is sent again after a backoff, and the caller sees the
/// answer of the attempt that worked. s3rver behind, so every answer that is not an injected error is a real one.
/// </summary>
public sealed class S3TransientErrorsTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    // The policy's shape, not its seconds, is under test: short waits.
    private static readonly S3RetryPolicy Quick = new(5, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private S3ModelStore Store(MisbehavingS3 server, S3RetryPolicy? policy = null)
    {
        s3.RequireServer();
        return new S3ModelStore(S3Clients.Create(s3.Settings, server, policy ?? Quick, TimeProvider.System), new S3Location($"retry-{Guid.NewGuid():N}"[..30], "shop"));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "SlowDown")]
    public async Task EveryRequestFailingOnce_PublishListAndLoadAnswerAsOnAHealthyServer(HttpStatusCode status, string code)
    {
        var server = new MisbehavingS3(MisbehavingS3.FirstOfEach(), status, code);
        var store = Store(server);
        var version = ModelVersions.NewVersion(TimeProvider.System);

        await store.PublishAsync(TestManifests.Create("churn", version, DateTimeOffset.UnixEpoch), TestManifests.Files("c"), Ct);
        var listed = await store.ListVersionIdsAsync("churn", Ct);
        var loaded = await store.LoadAsync("churn", cancellationToken: Ct);

        Assert.Equal([version], listed);
        Assert.Equal(version, loaded.Manifest.Version);
        // Downloads hold the object alone: the error document of the failed attempt never reached the caller's buffer.
        Assert.Equal(TestManifests.Files("c")["model.bin"], loaded.Files["model.bin"]);
        Assert.True(server.Errors >= 5, $"only {server.Errors} errors answered: {string.Join(", ", server.Requests)}");
        Assert.Equal(server.Errors, server.Resent);
    }

    [Fact]
    public async Task AListingAnsweredInternalError_WhileShardsWrite_IsAskedAgain()
    {
        // The CSV batch's case (CsvShardedBatchTests on s3rver): a LIST of the output folder answered 500.
        var server = new MisbehavingS3(MisbehavingS3.FirstOfEach(r => r.Method == HttpMethod.Get && r.RequestUri!.Query.Contains("prefix=", StringComparison.Ordinal)),
            HttpStatusCode.InternalServerError, "InternalError");
        var objects = OutputObjectStores.Open("batch", Store(server));
        await objects.PutAsync("m/customer/v1/part-0.csv", "a\n"u8.ToArray(), Ct);
        await objects.PutAsync("m/customer/v1/part-1.csv", "b\n"u8.ToArray(), Ct);

        var listed = await objects.ListAsync("m/customer", Ct);

        Assert.Equal(["m/customer/v1/part-0.csv", "m/customer/v1/part-1.csv"], listed);
        Assert.Equal(1, server.Errors);
    }

    [Fact]
    public async Task ACreateOnlyPutTheServerAppliedButWhoseAnswerWasLost_IsStillThePublishers()
    {
        // The manifest's PUT reaches the server, which stores it, but the answer is a 500: the retry finds the key
        // (412), and the read-back shows it holds this publisher's bytes, so the publish stands.
        var server = new MisbehavingS3(MisbehavingS3.FirstOfEach(r => r.Method == HttpMethod.Put && r.RequestUri!.AbsolutePath.EndsWith("/manifest.json", StringComparison.Ordinal)),
            HttpStatusCode.InternalServerError, "InternalError", MisbehavingS3.Mode.LoseTheAnswer);
        var store = Store(server);
        var version = ModelVersions.NewVersion(TimeProvider.System);

        await store.PublishAsync(TestManifests.Create("churn", version, DateTimeOffset.UnixEpoch), TestManifests.Files("c"), Ct);

        Assert.Equal(1, server.Errors);
        Assert.Equal(version, (await store.LoadAsync("churn", version, Ct)).Manifest.Version);
    }

    [Fact]
    public async Task AConnectionRefusedOnce_IsTriedAgain()
    {
        var server = new MisbehavingS3(MisbehavingS3.FirstOfEach(), HttpStatusCode.ServiceUnavailable, "", MisbehavingS3.Mode.RefuseTheConnection);
        var store = Store(server);
        var version = ModelVersions.NewVersion(TimeProvider.System);

        await store.PublishAsync(TestManifests.Create("churn", version, DateTimeOffset.UnixEpoch), TestManifests.Files("c"), Ct);

        Assert.Equal(version, (await store.LoadAsync("churn", cancellationToken: Ct)).Manifest.Version);
        Assert.True(server.Errors >= 5, $"only {server.Errors} connections refused");
    }

    [Fact]
    public async Task AServerThatKeepsFailing_IsAskedMaxAttemptsTimes_ThenTheErrorIsTheCallers()
    {
        var server = new MisbehavingS3((request, _) => request.Method == HttpMethod.Get, HttpStatusCode.ServiceUnavailable, "SlowDown");
        var store = Store(server);

        var error = await Assert.ThrowsAnyAsync<MinioException>(() => store.ListVersionIdsAsync("churn", Ct));

        Assert.Equal(Quick.MaxAttempts, server.Requests.Count(r => r.StartsWith("GET ", StringComparison.Ordinal)));
        Assert.Contains("SlowDown", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnswerThatIsNotTransient_IsNotAskedAgain()
    {
        var server = new MisbehavingS3((_, _) => false, HttpStatusCode.OK, "");
        var store = Store(server);
        var version = ModelVersions.NewVersion(TimeProvider.System);
        await store.PublishAsync(TestManifests.Create("churn", version, DateTimeOffset.UnixEpoch), TestManifests.Files("c"), Ct);

        // 404 NoSuchKey: a version that does not exist.
        Assert.Null(await store.GetManifestAsync("churn", ModelVersions.NewVersion(TimeProvider.System), Ct));

        Assert.Contains(HttpStatusCode.NotFound, server.Statuses);
        Assert.Equal(0, server.Resent);
    }
}
