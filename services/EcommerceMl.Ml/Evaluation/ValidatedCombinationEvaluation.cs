using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Forecasting.Demand;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// <c>validated-mean(…)</c> on the shop's daily units: the equal-weight mean of the subset of
/// candidate forecasts — the given series methods on the shop total (top-down) and the global
/// <c>lightgbm-demand</c> model's product sum (bottom-up) — that <see cref="CombinationChoice"/>
/// picks at <c>validationOrigins</c> rolling origins <c>holdoutDays</c> apart inside the training
/// window (each origin refits every candidate on the days before it), then refitted on the whole
/// training window and scored on the held-out days like the other rows. <see cref="HoldoutRows"/> adds
/// <c>inverse-mse-mean(…)</c>: every candidate, weighted by 1 / its mean squared error at the same
/// origins (<see cref="CombinationChoice.InverseMseWeights"/>), from the same fits.
/// </summary>
public static class ValidatedCombinationEvaluation
{
    public const int DefaultValidationOrigins = 4;

    public static AlgorithmScores Holdout(ShopData data, IReadOnlyList<ISeriesForecastMethod> seriesMethods, DemandOptions options, int holdoutDays = 28, int validationOrigins = DefaultValidationOrigins, int masePeriod = 7, IProgress<string>? progress = null) =>
        HoldoutRows(data, seriesMethods, options, holdoutDays, validationOrigins, masePeriod, progress)[0];

    /// <returns>The <c>validated-mean(…)</c> row, then the <c>inverse-mse-mean(…)</c> row.</returns>
    public static IReadOnlyList<AlgorithmScores> HoldoutRows(ShopData data, IReadOnlyList<ISeriesForecastMethod> seriesMethods, DemandOptions options, int holdoutDays = 28, int validationOrigins = DefaultValidationOrigins, int masePeriod = 7, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(seriesMethods);
        ArgumentNullException.ThrowIfNull(options);
        var full = DemandHistory.Build(data);
        var shop = full.ShopUnits.ToArray();
        var trainDays = full.Days - holdoutDays;
        if (trainDays - (validationOrigins * holdoutDays) < 8 * 7)
        {
            throw new ArgumentException($"The shop has {full.Days} days: too few for {validationOrigins} validation origins {holdoutDays} days apart before a {holdoutDays}-day holdout.", nameof(data));
        }

        string[] names = [.. seriesMethods.Select(m => m.Name), $"{LightGbmDemandForecaster.AlgorithmName}-sum"];
        List<SeriesForecast> Candidates(int days)
        {
            progress?.Report($"validated-mean: candidates on {days} days");
            var history = new DailySeries(ForecastScope.Shop, full.Start, shop[..days]);
            var forecasts = seriesMethods.Select(m => m.Forecast(history, holdoutDays)).ToList();
            var model = DemandFitter.Fit(DemandHistory.Build(data, full.Start.AddDays(days - 1)), options);
            forecasts.Add(DemandEvaluation.ShopForecast(model, holdoutDays));
            return forecasts;
        }

        var origins = Enumerable.Range(1, validationOrigins)
            .Select(k => trainDays - (k * holdoutDays))
            .Select(days => new CombinationChoice.Origin(
                [.. Candidates(days).Select(f => f.Point)],
                shop[days..(days + holdoutDays)],
                shop[..days]))
            .ToList();
        var (members, _) = CombinationChoice.Choose(names.Length, origins, masePeriod);
        var final = Candidates(trainDays);
        var combined = ForecastCombination.Mean([.. members.Select(i => final[i])]);
        var weights = CombinationChoice.InverseMseWeights(names.Length, origins);
        var weighted = ForecastCombination.Weighted(final, weights);
        return
        [
            DemandEvaluation.Score($"validated-mean({string.Join(',', members.Select(i => names[i]))})", combined, shop.AsSpan(trainDays), shop.AsSpan(0, trainDays), masePeriod),
            DemandEvaluation.Score($"inverse-mse-mean({string.Join(',', names)})", weighted, shop.AsSpan(trainDays), shop.AsSpan(0, trainDays), masePeriod),
        ];
    }
}
