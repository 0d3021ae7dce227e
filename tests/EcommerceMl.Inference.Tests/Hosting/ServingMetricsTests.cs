using EcommerceMl.Contracts.Events;
using EcommerceMl.Contracts.Observability;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using Microsoft.Extensions.Hosting;

namespace EcommerceMl.Inference.Tests.Hosting;

/// <summary>
/// The series of <see cref="ServingMetrics"/> that the canary analysis and the dashboard read: requests by the version
/// that answered, recommendation answers per version, and the conversions events attribute to a version by their
/// recommendationId.
/// </summary>
public sealed class ServingMetricsTests
{
    private const string Recommendations = "/v1/recommendations/{customerId}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequestSeries_CarryTheVersionThatAnswered_AcrossAHotSwap()
    {
        var store = await TestModels.StoreWithAllAsync();
        await using var host = await TestServerHost.StartReadyAsync(store);
        await host.Client.GetAsync("/v1/recommendations/c1", Ct);
        await TestModels.PublishAsync(store, TestModels.Recs, TestModels.V2, TestModels.Recommender("popularity"));
        Assert.Equal(1, await host.App.Services.GetServices<IHostedService>().OfType<ModelRefresher>().Single().RefreshOnceAsync(Ct));
        await host.Client.GetAsync("/v1/recommendations/c1", Ct);
        await host.Client.GetAsync("/v1/recommendations/c2", Ct);

        var text = await host.Client.GetStringAsync("/metrics", Ct);

        Assert.Equal(1, Value(text, $"{ServingMetrics.RequestsTotal}{{{RequestLabels(TestModels.V1)}}}"));
        Assert.Equal(2, Value(text, $"{ServingMetrics.RequestsTotal}{{{RequestLabels(TestModels.V2)}}}"));
        Assert.Equal(2, Value(text, $"{ServingMetrics.RequestDurationSeconds}_count{{{RequestLabels(TestModels.V2)}}}"));
    }

    [Fact]
    public async Task RecommendationAnswers_AreCountedPerVersion_CachedAnswersAndFallbacksIncluded()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var first = await host.Client.GetStringAsync("/v1/recommendations/c1", Ct);
        var cached = await host.Client.GetStringAsync("/v1/recommendations/c1", Ct);
        await host.Client.GetStringAsync("/v1/recommendations/stranger", Ct); // popularity fallback, still an answer with an id
        await host.Client.GetStringAsync("/v1/recommendations/c1?k=3", Ct);
        await host.Client.GetStringAsync("/v1/products/p1/similar", Ct); // no recommendationId: not an answer to convert on
        Assert.Equal(first, cached);

        var text = await host.Client.GetStringAsync("/metrics", Ct);

        Assert.Equal(4, Value(text, $"{ServingMetrics.RecommendationsAnsweredTotal}{{model=\"recs\",version=\"{TestModels.V1}\"}}"));
    }

    [Fact]
    public async Task Conversions_AreAttributedToTheVersionTheRecommendationIdNames_OnAnyPodServingTheModel()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var served = RecommendationIds.For(TestModels.Recs, TestModels.V1, "c1");
        // A version this Pod does not serve (the canary's, seen on a stable Pod) is attributed all the same.
        var canary = RecommendationIds.For(TestModels.Recs, TestModels.V2, "c1");

        var response = await PostEventsAsync(host,
            Event("e1", "product_view", served),
            Event("e2", "add_to_cart", served),
            Event("e3", "add_to_cart", canary),
            Purchase("e4", canary),
            Event("e5", "product_view", null),
            Page("e6", served), // a page view is no conversion, whatever id it carries
            Event("e7", "add_to_cart", "my-own-id"),
            Event("e8", "add_to_cart", RecommendationIds.For("someone-elses-model", TestModels.V1, "c1")),
            Event("e9", "add_to_cart", "recs.not-a-version.0123456789ab"));
        Assert.Equal(9, response.GetProperty("accepted").GetInt32());

        var text = await host.Client.GetStringAsync("/metrics", Ct);

        Assert.Equal(1, Value(text, Conversion(TestModels.V1, "product_view")));
        Assert.Equal(1, Value(text, Conversion(TestModels.V1, "add_to_cart")));
        Assert.Equal(1, Value(text, Conversion(TestModels.V2, "add_to_cart")));
        Assert.Equal(1, Value(text, Conversion(TestModels.V2, "purchase")));
        Assert.DoesNotContain("page_view", text.Split('\n').Where(l => l.StartsWith(ServingMetrics.RecommendationConversionsTotal, StringComparison.Ordinal)).Aggregate("", string.Concat), StringComparison.Ordinal);
        Assert.Equal(2, Value(text, "ecml_recommendation_conversions_unattributed_total{reason=\"not_a_recommendation_id\"}"));
        Assert.Equal(1, Value(text, "ecml_recommendation_conversions_unattributed_total{reason=\"unknown_model\"}"));
        Assert.DoesNotContain("someone-elses-model", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnattributedConversions_AreExportedAtZero_BeforeTheFirstOne()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var text = await host.Client.GetStringAsync("/metrics", Ct);

        Assert.Equal(0, Value(text, "ecml_recommendation_conversions_unattributed_total{reason=\"not_a_recommendation_id\"}"));
        Assert.Equal(0, Value(text, "ecml_recommendation_conversions_unattributed_total{reason=\"unknown_model\"}"));
    }

    [Fact]
    public async Task Conversions_OfMoreVersionsThanTheBound_DropTheLeastRecentlyConvertedVersionsSeries()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var versions = Enumerable.Range(0, ConversionAttributionBound + 1).Select(i => $"202611{10 + i:00}T000000Z-aaaaaa").ToList();

        await PostEventsAsync(host, [.. versions.Select((v, i) => Event($"e{i}", "add_to_cart", RecommendationIds.For(TestModels.Recs, v, "c1")))]);

        var text = await host.Client.GetStringAsync("/metrics", Ct);
        var series = text.Split('\n').Where(l => l.StartsWith(ServingMetrics.RecommendationConversionsTotal + "{", StringComparison.Ordinal)).ToList();
        Assert.Equal(ConversionAttributionBound, series.Count);
        Assert.DoesNotContain(series, l => l.Contains(versions[0], StringComparison.Ordinal));
        Assert.Contains(series, l => l.Contains(versions[^1], StringComparison.Ordinal));
    }

    private const int ConversionAttributionBound = ConversionAttribution.DefaultMaxVersionsPerModel;

    private static string RequestLabels(string version) =>
        $"code=\"200\",method=\"GET\",controller=\"\",action=\"\",model=\"recs\",version=\"{version}\",endpoint=\"{Recommendations}\"";

    private static string Conversion(string version, string kind) =>
        $"{ServingMetrics.RecommendationConversionsTotal}{{model=\"recs\",version=\"{version}\",kind=\"{kind}\"}}";

    private static object Event(string id, string type, string? recommendationId) => new
    {
        id, type, occurredAt = "2026-11-23T02:00:00Z", sessionId = "s1", customerId = "c1", productId = "p1", recommendationId,
    };

    private static object Page(string id, string recommendationId) => new
    {
        id, type = "page_view", occurredAt = "2026-11-23T02:00:00Z", sessionId = "s1", customerId = "c1", recommendationId,
        source = new { page = "/home", position = 0 },
    };

    private static object Purchase(string id, string recommendationId) => new
    {
        id, type = "purchase", occurredAt = "2026-11-23T02:00:00Z", sessionId = "s1", customerId = "c1", orderId = "o-" + id, recommendationId,
        lines = new[] { new { productId = "p1", quantity = 1, unitPrice = 2.5 } },
    };

    private static async Task<JsonElement> PostEventsAsync(TestServerHost host, params object[] events)
    {
        var response = await host.Client.PostAsJsonAsync("/v1/events", new { schemaVersion = 2, events }, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToString());
        Assert.True(body.GetProperty("refused").GetArrayLength() == 0, body.ToString());
        return body;
    }

    /// <summary>The value of the one sample named so (name and exact labels), failing with what was looked for.</summary>
    private static double Value(string text, string series)
    {
        var lines = text.Split('\n').Where(l => l.StartsWith(series + " ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1, $"expected one sample {series}, found {lines.Count}");
        return double.Parse(lines[0][(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
