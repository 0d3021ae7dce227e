using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Tests.Forecasting;

namespace EcommerceMl.Ml.Tests.Evaluation;

public class ForecastEvaluatorTests
{
    [Fact]
    public void Holdout_OnAPureWeeklyPattern_SeasonalNaiveIsExactAndEveryMethodIsReported()
    {
        var series = ForecastTestData.Weekly(140);

        var report = ForecastEvaluator.Holdout("weekly", "units", series, ForecastMethods.All(), holdoutDays: 28);

        Assert.Equal(["naive", "seasonal-naive", "ets", "ets-conformal", "ets-combination", "mean(ets,seasonal-naive)", "theta"], report.Results.Select(r => r.Algorithm));
        var seasonal = report.Results[1].Metrics.ToDictionary();
        Assert.Equal(["mase", "smape", "mae", "rmse", "coverage_80", "coverage_95", "interval_width_80"], report.Results[1].Metrics.Select(m => m.Key));
        Assert.Equal(0, seasonal["mae"], 9);
        Assert.Equal(1, seasonal["coverage_80"]);
        Assert.Contains("last 28 days", report.Protocol, StringComparison.Ordinal);
    }

    [Fact]
    public void RollingOrigin_ReportsTheFirstWindowForEveryMethod()
    {
        var series = ForecastTestData.Weekly(400, noise: 5);

        var report = ForecastEvaluator.RollingOrigin("weekly", series, [new NaiveMethod(), new SeasonalNaiveMethod()], new ForecastEvaluator.RollingOriginProtocol(200, 30, 60));

        Assert.Equal(2, report.Results.Count);
        var seasonal = report.Results[1].Metrics.ToDictionary();
        var naive = report.Results[0].Metrics.ToDictionary();
        Assert.True(seasonal["mape"] < naive["mape"], "a weekly series is forecast better by its last week than by its last day");
        Assert.Equal(6, (int)seasonal["horizon_days"]);
        Assert.Contains("cutoffs", report.Protocol, StringComparison.Ordinal);
    }
}
