namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// Exponential-smoothing daily forecasts for every scope (<see cref="EtsSeriesModel"/> each), with
/// intervals at any level: conformally calibrated for the shop and its categories, the model's own
/// for products (a refitting backtest per product would multiply training time by fourteen for
/// thousands of small series).
/// </summary>
public sealed class EtsForecaster : IForecaster
{
    public const string AlgorithmName = AlgorithmCatalogue.Ets;

    /// <summary>Longest horizon served.</summary>
    public const int MaxHorizon = 730;

    private readonly Dictionary<string, EtsSeriesModel> _scopes;

    internal EtsForecaster(DateOnly lastObservedDate, string measure, IReadOnlyList<(string Scope, EtsSeriesModel Model)> scopes)
    {
        LastObservedDate = lastObservedDate;
        Measure = measure;
        Scopes = [.. scopes.Select(s => s.Scope)];
        _scopes = scopes.ToDictionary(s => s.Scope, s => s.Model, StringComparer.Ordinal);
    }

    public string Task => ModelTask.Forecast;

    public string Algorithm => AlgorithmName;

    public IReadOnlyList<string> Scopes { get; }

    public DateOnly LastObservedDate { get; }

    public string Measure { get; }

    internal IEnumerable<(string Scope, EtsSeriesModel Model)> States => Scopes.Select(s => (s, _scopes[s]));

    /// <summary>
    /// Fits every series that supports a model (two weeks of observed days at least; shorter product
    /// series are left out, as seasonal naive leaves them). The first series, the shop, must fit.
    /// </summary>
    public static EtsForecaster Fit(IReadOnlyList<DailySeries> series, EtsForecasterOptions options, string measure = "revenue")
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        if (series.Count == 0)
        {
            throw new ArgumentException("There is no series to fit.", nameof(series));
        }

        var end = series[0].End;
        var mismatched = series.FirstOrDefault(s => s.End != end);
        if (mismatched is not null)
        {
            throw new ArgumentException($"All series must end on the same day: '{series[0].Scope}' ends {end:yyyy-MM-dd}, '{mismatched.Scope}' ends {mismatched.End:yyyy-MM-dd}.", nameof(series));
        }

        var fitted = new List<(string, EtsSeriesModel)>();
        foreach (var s in series)
        {
            var calibrate = options.Conformal && !s.Scope.StartsWith("product:", StringComparison.Ordinal);
            try
            {
                fitted.Add((s.Scope, EtsSeriesModel.Fit(s.Values, s.Start, options.SeriesOptions, calibrate)));
            }
            catch (ArgumentException) when (fitted.Count > 0)
            {
                // Too short or too sparse for any model: the scope is not served, like seasonal naive's short scopes.
            }
        }

        return new EtsForecaster(end, measure, fitted);
    }

    public IReadOnlyList<ForecastPoint>? Forecast(string scope, int horizon, double level)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (horizon < 1 || horizon > MaxHorizon)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"The horizon must be between 1 and {MaxHorizon} days.");
        }

        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The interval level must be strictly between 0 and 1, e.g. 0.8.");
        }

        if (!_scopes.TryGetValue(scope, out var model))
        {
            return null;
        }

        var forecast = model.Forecast(horizon);
        var (lower, upper) = forecast.Interval(level);
        return [.. Enumerable.Range(0, horizon).Select(i => new ForecastPoint(LastObservedDate.AddDays(i + 1), forecast.Point[i], lower[i], upper[i]))];
    }

    public void Save(Stream stream) => EtsModelFormat.Write(this, stream);
}

/// <param name="Season">Weekly season length in days.</param>
/// <param name="Conformal">Calibrate the shop's and categories' intervals on a refitting backtest.</param>
/// <param name="Series">Everything else about each series' model (calendar, transform, fit horizon); its period is <paramref name="Season"/>.</param>
public sealed record EtsForecasterOptions(int Season = 7, bool Conformal = true, EtsSeriesOptions? Series = null)
{
    public EtsSeriesOptions SeriesOptions => (Series ?? new EtsSeriesOptions()) with { Period = Season };
}
