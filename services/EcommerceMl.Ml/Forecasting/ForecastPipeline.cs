using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Forecasting.Calendar;
using EcommerceMl.Ml.Forecasting.Demand;
using EcommerceMl.Ml.Forecasting.Ets;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// The forecast task: daily revenue per scope (<see cref="DailySeriesBuilder"/>), evaluated on the
/// shop's last <see cref="TrainingRequest.HoldoutDays"/> days from a fit that never saw them, then
/// refit on everything so forecasts start the day after the data ends. Algorithms:
/// <c>seasonal-naive</c> (<see cref="SeasonalNaiveForecaster"/>) and <c>ets</c>
/// (<see cref="EtsForecaster"/>: AICc-selected exponential smoothing, conformal intervals for the
/// shop and categories unless <c>conformal</c> = 0; <c>calendar</c> a preset (none, default, uk, uk-closed, online-retail, nfl-peyton-manning), spec or spec file,
/// <c>transform</c> auto | none | log, <c>fit_horizon</c> 0 (maximum likelihood) or the days of the
/// multi-step fit (28), <c>yearly</c> 1 | 0).
/// </summary>
public sealed class ForecastPipeline : ITaskPipeline
{
    public const string SeasonKey = HyperparameterKeys.SeasonalNaive.Season;
    public const string IntervalWindowDaysKey = HyperparameterKeys.SeasonalNaive.IntervalWindowDays;
    public const string ConformalKey = HyperparameterKeys.Ets.Conformal;
    public const string CalendarKey = CalendarHyperparameter.Key;
    public const string TransformKey = HyperparameterKeys.Ets.Transform;
    public const string FitHorizonKey = HyperparameterKeys.Ets.FitHorizon;
    public const string YearlyKey = HyperparameterKeys.Ets.Yearly;

    /// <summary>MASE is scaled by the weekly seasonal-naive error whatever season is fitted, so scores compare across fits.</summary>
    public const int MaseScalePeriod = 7;

    private static readonly string[] Transforms = ["auto", "none", "log"];

    public string Task => ModelTask.Forecast;

    public IReadOnlyList<string> Algorithms { get; } = [SeasonalNaiveForecaster.AlgorithmName, EtsForecaster.AlgorithmName, LightGbmDemandForecaster.AlgorithmName];

    public TrainingOutcome Train(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Algorithms.Contains(request.Algorithm, StringComparer.Ordinal))
        {
            throw new InvalidTrainingRequestException(
                $"Unknown forecast algorithm '{request.Algorithm}'. Accepted: {string.Join(", ", Algorithms)}.");
        }

        if (request.Algorithm == LightGbmDemandForecaster.AlgorithmName)
        {
            return DemandPipeline.Train(request);
        }

        var ets = request.Algorithm == EtsForecaster.AlgorithmName;
        var hyperparameters = new Hyperparameters(request.Algorithm, request.Hyperparameters, AlgorithmCatalogue.Hyperparameters[request.Algorithm]);
        var season = hyperparameters.GetInt(SeasonKey, 7, 1, 366);
        Func<IReadOnlyList<DailySeries>, IForecaster> fit;
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ets)
        {
            var (calendar, calendarValue) = CalendarHyperparameter.Resolve(request, CalendarSpec.None);
            resolved[CalendarKey] = calendarValue;
            var seriesOptions = new EtsSeriesOptions(
                season,
                Yearly: hyperparameters.GetInt(YearlyKey, 1, 0, 1) == 1,
                Calendar: calendar,
                Transform: hyperparameters.GetChoice(TransformKey, "auto", Transforms) switch { "none" => EtsTransform.None, "log" => EtsTransform.Log, _ => EtsTransform.Auto },
                FitHorizon: hyperparameters.GetInt(FitHorizonKey, EtsSeriesOptions.DefaultFitHorizon, 0, 366));
            var options = new EtsForecasterOptions(season, hyperparameters.GetInt(ConformalKey, 1, 0, 1) == 1, seriesOptions);
            fit = series => EtsForecaster.Fit(series, options);
        }
        else
        {
            var options = new SeasonalNaiveOptions(season, hyperparameters.GetInt(IntervalWindowDaysKey, 365, 2 * season, 36_600));
            fit = series => SeasonalNaiveForecaster.Fit(series, options);
        }

        var holdout = request.HoldoutDays;
        if (holdout < 1)
        {
            throw new InvalidTrainingRequestException($"Holdout days must be at least 1; got {holdout}.");
        }

        request.Progress?.Report(new TrainingProgress("building daily series", 0));
        var series = BuildSeries(request);
        var shop = series[0];
        var needed = holdout + Math.Max(2 * season, MaseScalePeriod + 1);
        if (shop.Length < needed)
        {
            throw new InvalidTrainingRequestException(
                $"The shop '{request.Data.Name}' has {shop.Length} days of sales; a {holdout}-day holdout with season {season} needs at least {needed}.");
        }

        request.Progress?.Report(new TrainingProgress("evaluating on held-out days", 30));
        var train = shop.Head(shop.Length - holdout);
        var test = shop.Tail(holdout);
        var evaluated = fit([train]);
        var metrics = Evaluate(evaluated, train, test);

        request.Progress?.Report(new TrainingProgress("fitting all scopes on all data", 60));
        var model = fit(series);
        request.Progress?.Report(new TrainingProgress("done", 100));
        var reference = Reference(request.Data, train, evaluated, test.Length, DailyMeasure.Revenue);
        return new TrainingOutcome(
            model,
            metrics,
            new Dictionary<string, string>(hyperparameters.Resolved.Concat(resolved), StringComparer.Ordinal),
            reference.NumericInputs(),
            test.Start.ToDateTime(TimeOnly.MinValue)) { Reference = reference, EvaluatedModel = evaluated };
    }

    /// <summary>
    /// The held-out metrics of any forecaster on the request's last <see cref="TrainingRequest.HoldoutDays"/>
    /// days of its own measure (revenue, or units for <c>lightgbm-demand</c>), MASE scaled by the days
    /// before them. A forecaster whose data ended earlier forecasts further ahead, and only the held-out
    /// days are scored; one fit on a day of the scored window cannot be scored (a forecast starts the
    /// day after its data). <paramref name="from"/> scores only the days from then on.
    /// </summary>
    public IReadOnlyDictionary<string, double> Evaluate(ITrainedModel model, TrainingRequest request, DateTime? from = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        if (model is not IForecaster forecaster)
        {
            throw new ModelNotScorableException($"A {model.Task} model ({model.Algorithm}) cannot be scored as a forecaster.");
        }

        var holdout = request.HoldoutDays;
        var shop = forecaster.Measure == DailyMeasure.Units.Name() ? DemandPipeline.ShopUnits(request.Data) : BuildSeries(request)[0];
        if (holdout < 1 || shop.Length < holdout + MaseScalePeriod + 1)
        {
            throw new ModelNotScorableException(
                $"The shop '{request.Data.Name}' has {shop.Length} days of sales; a {holdout}-day holdout needs at least {holdout + MaseScalePeriod + 1}.");
        }

        var train = shop.Head(shop.Length - holdout);
        var test = shop.Tail(holdout);
        var first = from is { } start && DateOnly.FromDateTime(start) > test.Start ? DateOnly.FromDateTime(start) : test.Start;
        if (first > test.End)
        {
            throw new ModelNotScorableException($"No held-out days are left from {first:yyyy-MM-dd} on (the held-out days end {test.End:yyyy-MM-dd}).");
        }

        if (forecaster.LastObservedDate >= first)
        {
            throw new ModelNotScorableException(
                $"It was fit on sales through {forecaster.LastObservedDate:yyyy-MM-dd}, inside the scored days from {first:yyyy-MM-dd}; a forecast is scored only on days after its data.");
        }

        try
        {
            return Evaluate(forecaster, train, test, first);
        }
        catch (ArgumentException error)
        {
            // A horizon the model does not forecast (lightgbm-demand's max_horizon) and the like.
            throw new ModelNotScorableException(error.Message);
        }
    }

    public ITrainedModel Load(string algorithm, Stream stream)
    {
        if (!Algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown forecast algorithm '{algorithm}'. Accepted: {string.Join(", ", Algorithms)}.", nameof(algorithm));
        }

        ArgumentNullException.ThrowIfNull(stream);
        return algorithm switch
        {
            EtsForecaster.AlgorithmName => EtsModelFormat.Read(stream),
            LightGbmDemandForecaster.AlgorithmName => DemandModelFormat.Read(stream),
            _ => ForecastModelFormat.Read(stream),
        };
    }

    /// <summary>
    /// Held-out metrics of the shop scope (names as in the manifest) on the test days from <paramref name="first"/>
    /// (default: all of them), forecast from the day after the model's data; undefined ones are left out.
    /// </summary>
    internal static Dictionary<string, double> Evaluate(IForecaster model, DailySeries train, DailySeries test, DateOnly? first = null)
    {
        var from = first ?? test.Start;
        var horizon = test.End.DayNumber - model.LastObservedDate.DayNumber;
        IReadOnlyList<ForecastPoint> Scored(double level) =>
            [.. (model.Forecast(ForecastScope.Shop, horizon, level) ?? throw new ModelNotScorableException("It has no forecast for the shop."))
                .Where(p => p.Date >= from && p.Date <= test.End)];
        var f80 = Scored(0.80);
        var f95 = Scored(0.95);
        var actual = test.Values[(from.DayNumber - test.Start.DayNumber)..];
        var predicted = f80.Select(p => p.Predicted).ToArray();
        var lower80 = f80.Select(p => p.Lower).ToArray();
        var upper80 = f80.Select(p => p.Upper).ToArray();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["mase"] = ForecastMetrics.Mase(actual, predicted, train.Values, MaseScalePeriod),
            ["smape"] = ForecastMetrics.Smape(actual, predicted),
            ["mae"] = ForecastMetrics.Mae(actual, predicted),
            ["rmse"] = ForecastMetrics.Rmse(actual, predicted),
            ["coverage_80"] = ForecastMetrics.Coverage(actual, lower80, upper80),
            ["coverage_95"] = ForecastMetrics.Coverage(actual, [.. f95.Select(p => p.Lower)], [.. f95.Select(p => p.Upper)]),
            ["interval_width_80"] = ForecastMetrics.MeanIntervalWidth(lower80, upper80),
        };
        foreach (var undefined in metrics.Where(m => !double.IsFinite(m.Value)).Select(m => m.Key).ToList())
        {
            metrics.Remove(undefined);
        }

        return metrics;
    }

    /// <summary>
    /// The drift reference (<see cref="ForecastReferenceFeatures"/>): the training days' inputs, and as
    /// outputs the forecasts of the model fit on them over the held-out days.
    /// </summary>
    internal static Monitoring.MonitoredSample Reference(Data.ShopData data, DailySeries train, IForecaster evaluated, int heldOutDays, DailyMeasure measure)
    {
        var forecasts = evaluated.Forecast(ForecastScope.Shop, heldOutDays, 0.8)?.Select(p => p.Predicted).ToArray();
        return ForecastReferenceFeatures.Observe(data, train.Start, train.End, measure, forecasts);
    }

    private static IReadOnlyList<DailySeries> BuildSeries(TrainingRequest request)
    {
        try
        {
            return DailySeriesBuilder.Build(request.Data);
        }
        catch (ArgumentException error)
        {
            throw new InvalidTrainingRequestException(error.Message);
        }
    }
}
