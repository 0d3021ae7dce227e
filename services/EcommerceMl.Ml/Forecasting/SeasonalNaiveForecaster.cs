namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Seasonal-naive daily forecasts for every scope, with empirical prediction intervals at any level.
/// Keeps per scope only the last season of values and its <see cref="ResidualBuckets"/>.
/// </summary>
public sealed class SeasonalNaiveForecaster : IForecaster
{
    public const string AlgorithmName = AlgorithmCatalogue.SeasonalNaive;

    public const string RevenueMeasure = "revenue";

    /// <summary>The longest horizon served: two years, far past where seasonal naive means anything.</summary>
    public const int MaxHorizon = 730;

    private readonly Dictionary<string, ScopeState> _scopes;

    internal SeasonalNaiveForecaster(int season, DateOnly lastObservedDate, string measure, IReadOnlyList<ScopeState> scopes)
    {
        Season = season;
        LastObservedDate = lastObservedDate;
        Measure = measure;
        Scopes = [.. scopes.Select(s => s.Scope)];
        _scopes = scopes.ToDictionary(s => s.Scope, StringComparer.Ordinal);
    }

    public string Task => ModelTask.Forecast;

    public string Algorithm => AlgorithmName;

    public int Season { get; }

    public IReadOnlyList<string> Scopes { get; }

    public DateOnly LastObservedDate { get; }

    public string Measure { get; }

    internal IEnumerable<ScopeState> States => Scopes.Select(s => _scopes[s]);

    /// <summary>
    /// Fits every series that has at least two seasons of history (shorter ones are left out:
    /// they give no honest interval). All series must end on the same day.
    /// </summary>
    public static SeasonalNaiveForecaster Fit(IReadOnlyList<DailySeries> series, SeasonalNaiveOptions options)
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

        var states = series
            .Where(s => s.Length >= 2 * options.Season)
            .Select(s => new ScopeState(
                s.Scope,
                s.Values[^options.Season..].ToArray(),
                ResidualBuckets.FromHistory(s.Values, options.Season, options.IntervalWindowDays)))
            .ToList();
        if (states.Count == 0)
        {
            throw new ArgumentException($"No series has two seasons ({2 * options.Season} days) of history to fit seasonal naive.", nameof(series));
        }

        return new SeasonalNaiveForecaster(options.Season, end, RevenueMeasure, states);
    }

    /// <summary>
    /// Point forecast plus the empirical interval at <paramref name="level"/>. All three are clipped
    /// at 0: a shop's revenue for a day is not negative, so interval mass below zero is an artefact
    /// of symmetric error tails around small values (and a negative point can only come from a day
    /// where returns outweighed sales, which is not something to plan for).
    /// </summary>
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

        if (!_scopes.TryGetValue(scope, out var state))
        {
            return null;
        }

        var predicted = SeasonalNaive.Forecast(state.LastSeason, Season, horizon);
        var points = new ForecastPoint[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            var (lower, upper) = state.Residuals.Offsets(h, Season, level);
            var point = predicted[h - 1];
            points[h - 1] = new ForecastPoint(LastObservedDate.AddDays(h), Math.Max(0, point), Math.Max(0, point + lower), Math.Max(0, point + upper));
        }

        return points;
    }

    public void Save(Stream stream) => ForecastModelFormat.Write(this, stream);

    internal sealed record ScopeState(string Scope, double[] LastSeason, ResidualBuckets Residuals);
}

/// <param name="Season">Season length in days (7: weekly).</param>
/// <param name="IntervalWindowDays">Errors for the intervals come from targets in the last this-many days, so the interval follows recent volatility.</param>
public sealed record SeasonalNaiveOptions(int Season = 7, int IntervalWindowDays = 365);
