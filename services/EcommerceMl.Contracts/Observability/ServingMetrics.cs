namespace EcommerceMl.Contracts.Observability;

/// <summary>
/// The Prometheus series an inference Pod exports that the operator's canary analysis reads (by scraping the Pods'
/// <c>/metrics</c> directly, or through PromQL) and the chart's Grafana dashboard charts. One contract, so the
/// server, the analysis and the dashboard cannot drift apart: the server creates its series with these names and
/// labels, the analysis selects by them.
/// </summary>
/// <remarks>
/// Every request series carries the serving model and <b>version</b>, so a canary Pod's requests are told from the
/// stable Pods' by label, not by which Pod was scraped. Conversion counters are counted on whichever Pod receives the
/// event (the Service spreads events over stable and canary alike) and labelled with the version the event's
/// <c>recommendationId</c> names (<see cref="Events.RecommendationIds"/>): the analysis sums them over every Pod of
/// the deployment, per version.
/// </remarks>
public static class ServingMetrics
{
    /// <summary>Requests answered, a counter (prometheus-net's <c>UseHttpMetrics</c> name, kept for dashboards).</summary>
    public const string RequestsTotal = "http_requests_received_total";

    /// <summary>Request duration, a histogram in seconds (<c>_bucket</c>, <c>_sum</c>, <c>_count</c> series).</summary>
    public const string RequestDurationSeconds = "http_request_duration_seconds";

    /// <summary>Recommendation answers given, a counter: the denominator of a version's conversion rate.</summary>
    public const string RecommendationsAnsweredTotal = "ecml_recommendations_answered_total";

    /// <summary>Shopper events attributed to a recommendation answer by its <c>recommendationId</c>, a counter labelled by <see cref="KindLabel"/>.</summary>
    public const string RecommendationConversionsTotal = "ecml_recommendation_conversions_total";

    /// <summary>HTTP status code of a request series ("200", "503").</summary>
    public const string CodeLabel = "code";

    /// <summary>The model that answered (a request series) or that the recommendation id names (a conversion).</summary>
    public const string ModelLabel = "model";

    /// <summary>The model version that answered, or that the recommendation id names; "" when no model answered.</summary>
    public const string VersionLabel = "version";

    /// <summary>The route pattern a request matched (<c>/v1/recommendations</c>); "" when none did.</summary>
    public const string EndpointLabel = "endpoint";

    /// <summary>What the shopper did after the recommendation: one of <see cref="ConversionKinds"/>.</summary>
    public const string KindLabel = "kind";

    /// <summary>The event types that count as a conversion of a recommendation, in funnel order.</summary>
    public static IReadOnlyList<string> ConversionKinds { get; } = [Events.EventSchema.ProductView, Events.EventSchema.AddToCart, Events.EventSchema.Purchase];
}
