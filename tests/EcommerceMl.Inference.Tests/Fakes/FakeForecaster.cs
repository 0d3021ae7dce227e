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

    /// <summary>A weekly swing around the level, as a share of it (0: flat), so a drawn forecast has a shape.</summary>
    public double WeeklySwing { get; init; }

    [JsonIgnore]
    public string Task => ModelTask.Forecast;

    [JsonIgnore]
    public string Measure => "revenue";

    [JsonIgnore]
    public IReadOnlyList<string> Scopes => [.. LevelByScope.Keys.Order(StringComparer.Ordinal)];

    public IReadOnlyList<ForecastPoint>? Forecast(string scope, int horizon, double level) =>
        LevelByScope.TryGetValue(scope, out var value)
            ? [.. Enumerable.Range(1, horizon).Select(d => Point(LastObservedDate.AddDays(d), value, level))]
            : null;

    /// <summary>The level on <paramref name="date"/> (with the weekly swing) and its interval.</summary>
    public ForecastPoint Point(DateOnly date, double value, double level)
    {
        var predicted = value * (1 + (WeeklySwing * Math.Sin(2 * Math.PI * (int)date.DayOfWeek / 7)));
        return new ForecastPoint(date, predicted, predicted - (level * Spread), predicted + (level * Spread));
    }

    public void Save(Stream stream) => FakeJson.Save(stream, this);
}
