namespace EcommerceMl.Ml.Forecasting;

/// <summary>A trained daily sales forecaster over one or more scopes (the shop, a category, a product).</summary>
public interface IForecaster : ITrainedModel
{
    /// <summary>Scopes it can forecast: <see cref="ForecastScope.Shop"/>, <c>category:{name}</c>, <c>product:{id}</c>.</summary>
    IReadOnlyList<string> Scopes { get; }

    /// <summary>The last day of observed sales; forecasts start the day after.</summary>
    DateOnly LastObservedDate { get; }

    /// <summary>What is forecast, e.g. "revenue" (sum of quantity × unit price per day).</summary>
    string Measure { get; }

    /// <summary>
    /// Daily forecasts for the next <paramref name="horizon"/> days with a prediction interval at
    /// <paramref name="level"/> (0 &lt; level &lt; 1). Null when the scope is unknown.
    /// </summary>
    IReadOnlyList<ForecastPoint>? Forecast(string scope, int horizon, double level);
}

public sealed record ForecastPoint(DateOnly Date, double Predicted, double Lower, double Upper);

public static class ForecastScope
{
    public const string Shop = "shop";

    public static string Category(string category) => "category:" + category;

    public static string Product(string productId) => "product:" + productId;
}
