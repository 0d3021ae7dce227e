using System.Text.Json.Serialization;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>A forecaster with a known answer: a flat level per scope and an interval of ±level × spread.</summary>
internal sealed class FakeForecaster : IForecaster
{
    public string Algorithm { get; init; } = "seasonal-naive";

    public required IReadOnlyDictionary<string, double> LevelByScope { get; init; }

    public required DateOnly LastObservedDate { get; init; }

    public double Spread { get; init; } = 10;

    [JsonIgnore]
    public string Task => ModelTask.Forecast;

    [JsonIgnore]
    public string Measure => "revenue";

    [JsonIgnore]
    public IReadOnlyList<string> Scopes => [.. LevelByScope.Keys.Order(StringComparer.Ordinal)];

    public IReadOnlyList<ForecastPoint>? Forecast(string scope, int horizon, double level) =>
        LevelByScope.TryGetValue(scope, out var value)
            ? [.. Enumerable.Range(1, horizon).Select(d => new ForecastPoint(LastObservedDate.AddDays(d), value, value - level * Spread, value + level * Spread))]
            : null;

    public void Save(Stream stream) => FakeJson.Save(stream, this);
}
