using System.Text.Json.Serialization;

namespace EcommerceMl.Inference.Contracts;

public sealed record RecommendationsResponse(
    string CustomerId,
    string Model,
    string Version,
    string Algorithm,
    string? Fallback,
    IReadOnlyList<RecommendedProduct> Recommendations)
{
    /// <summary>The <see cref="Fallback"/> value when the customer is unknown to the model.</summary>
    public const string PopularityFallback = "popularity";

    /// <summary>
    /// The answer's id (<see cref="EcommerceMl.Contracts.Events.RecommendationIds"/>): the storefront sends it back as
    /// <c>recommendationId</c> on the events that follow from this answer, which attributes them to this version.
    /// </summary>
    public string? RecommendationId { get; init; }
}

/// <summary>One recommended product; <see cref="Price"/> only when the request asked for <c>includeMetadata</c>.</summary>
public sealed record RecommendedProduct(
    int Rank,
    string ProductId,
    string? ProductName,
    string? Category,
    double Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Price = null);

/// <summary><c>POST /v1/recommendations:batch</c>: top-k for each customer, with the same options as the single request.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RecommendationsBatchRequest(
    IReadOnlyList<string?>? CustomerIds,
    int? K = null,
    string? Model = null,
    bool? IncludeMetadata = null,
    double? MinScore = null);

/// <summary>One answer per customer, in request order; an item that could not be answered carries <see cref="RecommendationsBatchItem.Error"/>.</summary>
public sealed record RecommendationsBatchResponse(
    string Model,
    string Version,
    string Algorithm,
    int Succeeded,
    int Failed,
    IReadOnlyList<RecommendationsBatchItem> Results);

public sealed record RecommendationsBatchItem(
    int Index,
    string? CustomerId,
    string? Fallback,
    IReadOnlyList<RecommendedProduct>? Recommendations,
    string? Error);

public sealed record SimilarProductsResponse(
    string ProductId,
    string? ProductName,
    string Model,
    string Version,
    IReadOnlyList<SimilarProductItem> Similar);

public sealed record SimilarProductItem(int Rank, string ProductId, string? ProductName, string? Category, double Score, int CoBuyers);
