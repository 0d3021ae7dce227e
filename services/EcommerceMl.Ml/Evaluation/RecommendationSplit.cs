namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// One train/test split of a recommendation protocol: the shop to fit on, and per evaluated
/// customer the distinct products held out for them. Every evaluated customer is known to the
/// training data and has at least one held-out product.
/// </summary>
/// <param name="Train">The shop a model is fit on (catalogue complete, order lines filtered).</param>
/// <param name="Test">Held-out products per customer id.</param>
public sealed record RecommendationSplit(Data.ShopData Train, IReadOnlyDictionary<string, IReadOnlySet<string>> Test);
