using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Forecasting.Demand;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// Holdout scores of the global <c>lightgbm-demand</c> model (pure apart from the fit): fit on the
/// shop's days before the last <c>holdoutDays</c>, then
/// <list type="bullet">
/// <item><c>lightgbm-demand-sum</c>: the shop's daily units as the sum of every product's forecast,
/// scored like the series methods (MASE scaled by the training days' seasonal-naive MAE, period 7);</item>
/// <item><c>top{N}-products:seasonal-naive</c> and <c>top{N}-products:lightgbm-demand</c>: the mean
/// per-product MASE and sMAPE over the N best-selling products of the training days, and the pooled
/// coverage of each method's 80% interval.</item>
/// <item><c>mean(&lt;method&gt;,lightgbm-demand-sum)</c>, when <c>combineWith</c> is given: the equal-weight
/// mean of that series method on the shop's training days (top-down) and the product sum (bottom-up),
/// scored like the sum.</item>
/// </list>
/// </summary>
public static class DemandEvaluation
{
    public static IReadOnlyList<AlgorithmScores> Holdout(ShopData data, DemandOptions options, int holdoutDays = 28, int topProducts = 100, int masePeriod = 7, IProgress<string>? progress = null, ISeriesForecastMethod? combineWith = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var full = DemandHistory.Build(data);
        var cutoff = full.End.AddDays(-holdoutDays);
        var model = DemandFitter.Fit(DemandHistory.Build(data, cutoff), options, progress);
        var trainDays = full.Days - holdoutDays;
        var shopTrain = full.Shop.AsSpan(0, trainDays);
        var shopTest = full.Shop.AsSpan(trainDays);
        var sumName = $"{LightGbmDemandForecaster.AlgorithmName}-sum";
        var results = new List<AlgorithmScores> { Score(sumName, model.Forecast(ForecastScope.Shop, holdoutDays, 0.80)!, model.Forecast(ForecastScope.Shop, holdoutDays, 0.95)!, shopTest, shopTrain, masePeriod) };
        if (combineWith is not null)
        {
            var topDown = combineWith.Forecast(new DailySeries(ForecastScope.Shop, full.Start, shopTrain.ToArray()), holdoutDays);
            var combined = ForecastCombination.Mean([topDown, ShopForecast(model, holdoutDays)]);
            results.Add(Score($"mean({combineWith.Name},{sumName})", combined, shopTest, shopTrain, masePeriod));
        }

        var top = full.Products
            .OrderByDescending(p => p.Units.AsSpan(0, trainDays).ToArray().Sum())
            .ThenBy(p => p.ProductId, StringComparer.Ordinal)
            .Take(topProducts)
            .ToList();
        var naive = new SeasonalNaiveMethod(masePeriod);
        var perMethod = new[] { AlgorithmCatalogue.SeasonalNaive, LightGbmDemandForecaster.AlgorithmName }.ToDictionary(m => m, _ => new List<(double Mase, double Smape, int Covered, int Days)>(), StringComparer.Ordinal);
        foreach (var product in top)
        {
            var train = product.Units.AsSpan(product.FirstSale, trainDays - product.FirstSale);
            var test = product.Units.AsSpan(trainDays);
            var sn = naive.Forecast(train, holdoutDays);
            var (snLower, snUpper) = sn.Interval(0.80);
            perMethod[AlgorithmCatalogue.SeasonalNaive].Add(ProductScore(test, sn.Point, snLower, snUpper, train, masePeriod));
            var points = model.Forecast(ForecastScope.Product(product.ProductId), holdoutDays, 0.80)!;
            perMethod[LightGbmDemandForecaster.AlgorithmName].Add(ProductScore(
                test, [.. points.Select(p => p.Predicted)], [.. points.Select(p => p.Lower)], [.. points.Select(p => p.Upper)], train, masePeriod));
        }

        foreach (var (method, scores) in perMethod)
        {
            var finite = scores.Where(s => double.IsFinite(s.Mase)).ToList();
            results.Add(new AlgorithmScores($"top{top.Count}-products:{method}",
            [
                KeyValuePair.Create("mase", finite.Count == 0 ? double.NaN : finite.Average(s => s.Mase)),
                KeyValuePair.Create("smape", scores.Average(s => s.Smape)),
                KeyValuePair.Create("coverage_80", (double)scores.Sum(s => s.Covered) / scores.Sum(s => s.Days)),
            ]));
        }

        return results;
    }

    /// <summary>The global model's shop total as a series forecast, its bounds at any level the model's own.</summary>
    internal static SeriesForecast ShopForecast(LightGbmDemandForecaster model, int horizon)
    {
        var point = model.Forecast(ForecastScope.Shop, horizon, 0.5)!;
        var byLevel = new Dictionary<double, IReadOnlyList<ForecastPoint>>();
        (double, double) Offsets(int step, double level)
        {
            if (!byLevel.TryGetValue(level, out var bounds))
            {
                bounds = byLevel[level] = model.Forecast(ForecastScope.Shop, horizon, level)!;
            }

            var p = bounds[step - 1];
            return (p.Lower - p.Predicted, p.Upper - p.Predicted);
        }

        return new SeriesForecast([.. point.Select(p => p.Predicted)], Offsets, nonNegative: true);
    }

    internal static AlgorithmScores Score(string name, SeriesForecast forecast, ReadOnlySpan<double> test, ReadOnlySpan<double> train, int masePeriod)
    {
        var (lower80, upper80) = forecast.Interval(0.80);
        var (lower95, upper95) = forecast.Interval(0.95);
        return new AlgorithmScores(name,
        [
            KeyValuePair.Create("mase", ForecastMetrics.Mase(test, forecast.Point, train, masePeriod)),
            KeyValuePair.Create("smape", ForecastMetrics.Smape(test, forecast.Point)),
            KeyValuePair.Create("mae", ForecastMetrics.Mae(test, forecast.Point)),
            KeyValuePair.Create("rmse", ForecastMetrics.Rmse(test, forecast.Point)),
            KeyValuePair.Create("coverage_80", ForecastMetrics.Coverage(test, lower80, upper80)),
            KeyValuePair.Create("coverage_95", ForecastMetrics.Coverage(test, lower95, upper95)),
            KeyValuePair.Create("interval_width_80", ForecastMetrics.MeanIntervalWidth(lower80, upper80)),
        ]);
    }

    private static AlgorithmScores Score(string name, IReadOnlyList<ForecastPoint> f80, IReadOnlyList<ForecastPoint> f95, ReadOnlySpan<double> test, ReadOnlySpan<double> train, int masePeriod)
    {
        double[] predicted = [.. f80.Select(p => p.Predicted)];
        double[] lower80 = [.. f80.Select(p => p.Lower)];
        double[] upper80 = [.. f80.Select(p => p.Upper)];
        return new AlgorithmScores(name,
        [
            KeyValuePair.Create("mase", ForecastMetrics.Mase(test, predicted, train, masePeriod)),
            KeyValuePair.Create("smape", ForecastMetrics.Smape(test, predicted)),
            KeyValuePair.Create("mae", ForecastMetrics.Mae(test, predicted)),
            KeyValuePair.Create("rmse", ForecastMetrics.Rmse(test, predicted)),
            KeyValuePair.Create("coverage_80", ForecastMetrics.Coverage(test, lower80, upper80)),
            KeyValuePair.Create("coverage_95", ForecastMetrics.Coverage(test, [.. f95.Select(p => p.Lower)], [.. f95.Select(p => p.Upper)])),
            KeyValuePair.Create("interval_width_80", ForecastMetrics.MeanIntervalWidth(lower80, upper80)),
        ]);
    }

    private static (double Mase, double Smape, int Covered, int Days) ProductScore(
        ReadOnlySpan<double> test, double[] predicted, double[] lower, double[] upper, ReadOnlySpan<double> train, int masePeriod)
    {
        var covered = 0;
        for (var i = 0; i < test.Length; i++)
        {
            covered += test[i] >= lower[i] && test[i] <= upper[i] ? 1 : 0;
        }

        return (ForecastMetrics.Mase(test, predicted, train, masePeriod), ForecastMetrics.Smape(test, predicted), covered, test.Length);
    }
}
