using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Forecasting.Calendar;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// The forecast task's <c>lightgbm-demand</c> algorithm (<see cref="ForecastPipeline"/> hands it the
/// request): daily units per product, evaluated on the shop's last <see cref="TrainingRequest.HoldoutDays"/>
/// days as the sum of the product forecasts of a model fitted only on the days before (the same
/// metrics as the other forecast algorithms, on units), then fitted on all days for serving.
/// Hyperparameters: <c>calendar</c> (a preset, <see cref="CalendarSpec"/> or spec file, default <c>default</c>), <c>max_horizon</c>,
/// <c>trees</c>, <c>leaves</c>, <c>learning_rate</c>, <c>min_rows_per_leaf</c>, <c>origin_stride</c>,
/// <c>horizon_sample</c>, <c>calibration_days</c>, <c>refit</c> (0/1), <c>trend_threshold</c>.
/// </summary>
internal static class DemandPipeline
{
    public const string CalendarKey = CalendarHyperparameter.Key;

    private static IReadOnlyList<string> Keys => HyperparameterKeys.LightGbmDemand.All;

    public static TrainingOutcome Train(TrainingRequest request)
    {
        var (options, resolved) = Options(request);
        var holdout = request.HoldoutDays;
        if (holdout < 1)
        {
            throw new InvalidTrainingRequestException($"Holdout days must be at least 1; got {holdout}.");
        }

        request.Progress?.Report(new TrainingProgress("building daily units per product", 0));
        DemandHistory full;
        try
        {
            full = DemandHistory.Build(request.Data);
        }
        catch (ArgumentException error)
        {
            throw new InvalidTrainingRequestException(error.Message);
        }

        var needed = holdout + DemandFeatures.Window + options.CalibrationDays + (2 * options.MaxHorizon);
        if (full.Days < needed)
        {
            throw new InvalidTrainingRequestException(
                $"The shop '{request.Data.Name}' has {full.Days} days of sales; lightgbm-demand with a {holdout}-day holdout, max_horizon {options.MaxHorizon} and calibration_days {options.CalibrationDays} needs at least {needed}.");
        }

        request.Progress?.Report(new TrainingProgress("evaluating on held-out days", 10));
        var evaluated = DemandFitter.Fit(DemandHistory.Build(request.Data, full.End.AddDays(-holdout)), options);
        var shop = ShopUnits(full);
        var train = shop.Head(shop.Length - holdout);
        var metrics = ForecastPipeline.Evaluate(evaluated, train, shop.Tail(holdout));

        request.Progress?.Report(new TrainingProgress("fitting on all days", 55));
        var model = DemandFitter.Fit(full, options);
        request.Progress?.Report(new TrainingProgress("done", 100));
        var reference = ForecastPipeline.Reference(request.Data, train, evaluated, holdout, DailyMeasure.Units);
        return new TrainingOutcome(model, metrics, resolved, reference.NumericInputs(), train.End.AddDays(1).ToDateTime(TimeOnly.MinValue)) { Reference = reference, EvaluatedModel = evaluated };
    }

    /// <summary>The shop's daily units, the series lightgbm-demand is evaluated on.</summary>
    public static DailySeries ShopUnits(ShopData data)
    {
        try
        {
            return ShopUnits(DemandHistory.Build(data));
        }
        catch (ArgumentException error)
        {
            throw new InvalidTrainingRequestException(error.Message);
        }
    }

    private static DailySeries ShopUnits(DemandHistory history) => new(ForecastScope.Shop, history.Start, history.ShopUnits.ToArray());

    private static (DemandOptions Options, Dictionary<string, string> Resolved) Options(TrainingRequest request)
    {
        var hyperparameters = new Hyperparameters(request.Algorithm, request.Hyperparameters, Keys);
        var (calendar, spec) = CalendarHyperparameter.Resolve(request, CalendarSpec.Default);
        var options = new DemandOptions(
            calendar,
            MaxHorizon: hyperparameters.GetInt(HyperparameterKeys.LightGbmDemand.MaxHorizon, 30, 7, 120),
            Trees: hyperparameters.GetInt(HyperparameterKeys.LightGbmDemand.Trees, 150, 10, 5_000),
            Leaves: hyperparameters.GetInt(HyperparameterKeys.LightGbmDemand.Leaves, 63, 2, 1_024),
            LearningRate: hyperparameters.GetDouble(HyperparameterKeys.LightGbmDemand.LearningRate, 0.05, 0.001, 1),
            MinRowsPerLeaf: hyperparameters.GetInt(HyperparameterKeys.LightGbmDemand.MinRowsPerLeaf, 100, 1, 100_000),
            OriginStride: hyperparameters.GetInt(HyperparameterKeys.LightGbmDemand.OriginStride, 7, 1, 60),
            HorizonSample: hyperparameters.GetInt(HyperparameterKeys.LightGbmDemand.HorizonSample, 7, 1, 60),
            CalibrationDays: hyperparameters.GetInt(HyperparameterKeys.LightGbmDemand.CalibrationDays, 56, 14, 365),
            Refit: hyperparameters.GetInt(HyperparameterKeys.LightGbmDemand.Refit, 1, 0, 1) == 1,
            TrendThreshold: hyperparameters.GetDouble(HyperparameterKeys.LightGbmDemand.TrendThreshold, 0.1, 0, 0.99),
            Seed: request.Seed);
        var resolved = new Dictionary<string, string>(hyperparameters.Resolved, StringComparer.Ordinal) { [CalendarKey] = spec };
        return (options, resolved);
    }
}
