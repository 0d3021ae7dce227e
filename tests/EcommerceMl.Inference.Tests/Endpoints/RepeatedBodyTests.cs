using System.Buffers;
using System.Text;
using EcommerceMl.Inference.Endpoints;
using EcommerceMl.Inference.Models;

namespace EcommerceMl.Inference.Tests.Endpoints;

/// <summary>
/// The lookup of a V2 recommender body among the kept answers: every V2 request to a recommender pays for it, and most
/// bodies are never kept (an <c>id</c>, several customers, unknown customers), so a miss must cost no allocation.
/// </summary>
public sealed class RepeatedBodyTests
{
    private const string InferPath = "/v2/models/" + TestModels.Recs + "/infer";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Body(string customer) =>
        $$"""{"inputs":[{"name":"customer_id","shape":[1],"datatype":"BYTES","data":["{{customer}}"]}]}""";

    private static ReadOnlySequence<byte> Bytes(string body) => new(Encoding.UTF8.GetBytes(body));

    private static async Task PostAsync(TestServerHost host, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await host.Client.PostAsync(InferPath, content, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Bytes this thread allocated over <paramref name="calls"/> lookups, after a few to warm up (first calls may load types).</summary>
    private static long AllocatedPerLookups(Func<RepeatedBody.Lookup> find, int calls)
    {
        for (var i = 0; i < 10; i++)
        {
            find();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            find();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public async Task Find_AllocatesNothing_WhetherTheBodyIsKeptOrNot()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var answers = host.App.Services.GetRequiredService<AnswerCache>();
        var kept = Body("c1");
        await PostAsync(host, kept); // built, and kept under its bytes
        var hit = Bytes(kept);
        var miss = Bytes(Body("c2")); // a known customer whose body was never asked: looked up, not found
        var withId = Bytes("""{"id":"r-7",""" + Body("c1")[1..]); // never kept: answers echo the id

        Assert.NotNull(RepeatedBody.Find(answers, host.Registry, TestModels.Recs, null, hit).Answer);
        Assert.Null(RepeatedBody.Find(answers, host.Registry, TestModels.Recs, null, miss).Answer);
        Assert.NotNull(RepeatedBody.Find(answers, host.Registry, TestModels.Recs, null, miss).Entry);
        Assert.Equal(0, AllocatedPerLookups(() => RepeatedBody.Find(answers, host.Registry, TestModels.Recs, null, miss), 1_000));
        Assert.Equal(0, AllocatedPerLookups(() => RepeatedBody.Find(answers, host.Registry, TestModels.Recs, null, withId), 1_000));
        Assert.Equal(0, AllocatedPerLookups(() => RepeatedBody.Find(answers, host.Registry, TestModels.Recs, null, hit), 1_000));
        Assert.Equal(0, AllocatedPerLookups(() => RepeatedBody.Find(answers, host.Registry, "nope", null, miss), 1_000));
    }

    [Fact]
    public async Task Find_LooksUpOnlyAWholeValidUtf8BodyOfAtMost512Bytes_ForALoadedRecommenderTheRouteNames()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var answers = host.App.Services.GetRequiredService<AnswerCache>();
        var body = Body("c1");
        var entry = host.Registry.Find(TestModels.Recs)!;
        RepeatedBody.Lookup Find(string name, string? version, ReadOnlySequence<byte> bytes) => RepeatedBody.Find(answers, host.Registry, name, version, bytes);

        Assert.Same(entry, Find(TestModels.Recs, entry.Version, Bytes(body)).Entry);
        Assert.Null(Find(TestModels.Recs, "20990101T000000Z-000000", Bytes(body)).Entry);
        Assert.Null(Find(TestModels.Churn, null, Bytes(body)).Entry); // not a recommender
        Assert.Null(Find(TestModels.Recs, null, Bytes(body + new string(' ', RepeatedBody.MaxBytes - body.Length + 1))).Entry);
        Assert.NotNull(Find(TestModels.Recs, null, Bytes(body + new string(' ', RepeatedBody.MaxBytes - body.Length))).Entry);
        Assert.Null(Find(TestModels.Recs, null, ReadOnlySequence<byte>.Empty).Entry);
        // Lossy decoding would map both to one key ("c\uFFFD"): invalid UTF-8 is never a key.
        byte[] invalid = [.. Encoding.UTF8.GetBytes(body[..^6]), 0xFF, .. Encoding.UTF8.GetBytes(body[^6..])];
        Assert.Null(Find(TestModels.Recs, null, new ReadOnlySequence<byte>(invalid)).Entry);
    }

    [Fact]
    public async Task Keep_CopiesTheBodyAsItsKey_OnlyForTheEntryItWasLookedUpFor()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var answers = host.App.Services.GetRequiredService<AnswerCache>();
        var body = Body("c2");
        var buffer = Encoding.UTF8.GetBytes(body);
        var recs = host.Registry.Find(TestModels.Recs)!;
        var lookup = RepeatedBody.Find(answers, host.Registry, TestModels.Recs, null, new ReadOnlySequence<byte>(buffer));
        var answer = new CachedAnswer([1, 2, 3], 1, null);

        RepeatedBody.Keep(answers, host.Registry.Find(TestModels.Churn)!, lookup, answer); // another entry: nothing
        Assert.Equal(0, answers.BytesOf(host.Registry.Find(TestModels.Churn)!));
        RepeatedBody.Keep(answers, recs, lookup, answer);
        buffer.AsSpan().Clear(); // the server reuses its buffers once the request is read: the key is a copy

        Assert.Same(answer, answers.Find(recs, AnswerKind.InferBody, body));
    }
}
