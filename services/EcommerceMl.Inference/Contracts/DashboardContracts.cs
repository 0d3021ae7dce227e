namespace EcommerceMl.Inference.Contracts;

/// <summary>What the dashboard page needs beyond the public API, in one request: models, ids to browse, the churn risk mix.</summary>
public sealed record DashboardSummary(
    IReadOnlyList<ModelInfo> Models,
    IReadOnlyList<DashboardRecommender> Recommenders,
    IReadOnlyList<DashboardForecaster> Forecasters,
    IReadOnlyList<DashboardChurn> Churn);

public sealed record DashboardRecommender(string Model, IReadOnlyList<string> Customers);

public sealed record DashboardForecaster(string Model, string Measure, IReadOnlyList<string> Scopes);

/// <summary>Risk categories (LOW/MEDIUM/HIGH) of the <see cref="Sampled"/> customers the model knows.</summary>
public sealed record DashboardChurn(string Model, int Sampled, IReadOnlyDictionary<string, int> RiskCounts);

public sealed record PurchasesResponse(string CustomerId, string Model, string Version, IReadOnlyList<PurchasedProduct> Products);

public sealed record PurchasedProduct(string ProductId, string? ProductName, string? Category);
