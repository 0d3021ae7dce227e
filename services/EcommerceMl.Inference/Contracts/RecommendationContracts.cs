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
}

public sealed record RecommendedProduct(int Rank, string ProductId, string? ProductName, string? Category, double Score);

public sealed record SimilarProductsResponse(
    string ProductId,
    string? ProductName,
    string Model,
    string Version,
    IReadOnlyList<SimilarProductItem> Similar);

public sealed record SimilarProductItem(int Rank, string ProductId, string? ProductName, string? Category, double Score, int CoBuyers);
