using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Forecasting.Calendar;
using EcommerceMl.Ml.Forecasting.Demand;

namespace EcommerceMl.Ml.Tests.Forecasting.Demand;

public sealed class LightGbmDemandForecasterTests
{
    private const int Holdout = 28;

    private static readonly Lazy<(DemandHistory Full, LightGbmDemandForecaster Model)> Fitted = new(() =>
    {
        var shop = DemandTestShop.Create();
        var full = DemandHistory.Build(shop);
        var model = DemandFitter.Fit(DemandHistory.Build(shop, full.End.AddDays(-Holdout)), TestOptions());
        return (full, model);
    });

    internal static DemandOptions TestOptions(HolidayCalendar? calendar = null) =>
        new(calendar ?? HolidayCalendar.None, Trees: 150, Leaves: 7, MinRowsPerLeaf: 200, LearningRate: 0.03, OriginStride: 3, HorizonSample: 3, CalibrationDays: 56, CalibrationStride: 1);

    [Fact]
    public void ShopForecast_OnAStrongWeeklyPattern_BeatsSeasonalNaive()
    {
        var (full, model) = Fitted.Value;
        var train = full.ShopUnits[..^Holdout];
        var test = full.ShopUnits[^Holdout..];

        double[] predicted = [.. model.Forecast(ForecastScope.Shop, Holdout, 0.8)!.Select(p => p.Predicted)];
        var naive = SeasonalNaive.Forecast(train, 7, Holdout);

        var mase = ForecastMetrics.Mase(test, predicted, train, 7);
        var naiveMase = ForecastMetrics.Mase(test, naive, train, 7);
        Assert.True(mase < 0.8 * naiveMase, $"lightgbm-demand MASE {mase:0.000} should be well under seasonal naive's {naiveMase:0.000}");
    }

    [Fact]
    public void ProductIntervals_OnHeldOutDays_CoverCloseToTheirLevel()
    {
        var (full, model) = Fitted.Value;
        int covered80 = 0, covered95 = 0, days = 0;
        foreach (var product in full.Products)
        {
            var actual = product.Units[^Holdout..];
            var f80 = model.Forecast(ForecastScope.Product(product.ProductId), Holdout, 0.8)!;
            var f95 = model.Forecast(ForecastScope.Product(product.ProductId), Holdout, 0.95)!;
            for (var i = 0; i < Holdout; i++)
            {
                covered80 += actual[i] >= f80[i].Lower && actual[i] <= f80[i].Upper ? 1 : 0;
                covered95 += actual[i] >= f95[i].Lower && actual[i] <= f95[i].Upper ? 1 : 0;
                days++;
            }
        }

        Assert.InRange((double)covered80 / days, 0.72, 0.90);
        Assert.InRange((double)covered95 / days, 0.89, 0.99);
    }

    [Fact]
    public void Demand_TotalsSumTheDailyForecastAndNestTheirIntervals()
    {
        var (_, model) = Fitted.Value;

        var demand = model.Demand("p000", [7, 30], 0.8)!;
        var wide = model.Demand("p000", [7, 30], 0.95)!;

        var daily = model.Forecast(ForecastScope.Product("p000"), 30, 0.8)!;
        Assert.Equal(daily.Take(7).Sum(p => p.Predicted), demand.Totals[0].Predicted, 6);
        Assert.Equal(daily.Sum(p => p.Predicted), demand.Totals[1].Predicted, 6);
        Assert.All(demand.Totals, t => Assert.True(t.Lower <= t.Predicted && t.Predicted <= t.Upper));
        Assert.True(wide.Totals[1].Upper > demand.Totals[1].Upper && wide.Totals[1].Lower < demand.Totals[1].Lower);
        Assert.Equal(DemandTrend.Flat, demand.Trend); // a stationary product
        Assert.Null(model.Demand("nope", [7], 0.8));
    }

    [Fact]
    public void Forecast_OnClosedDays_IsZeroWithAZeroWidthInterval()
    {
        var shop = DemandTestShop.Create(products: 12, days: 240);
        var model = DemandFitter.Fit(DemandHistory.Build(shop), TestOptions(HolidayCalendar.Parse("closed:sun")));

        var points = model.Forecast(ForecastScope.Shop, 14, 0.8)!;

        var sundays = points.Where(p => p.Date.DayOfWeek == DayOfWeek.Sunday).ToList();
        Assert.Equal(2, sundays.Count);
        Assert.All(sundays, p => Assert.Equal((0.0, 0.0, 0.0), (p.Predicted, p.Lower, p.Upper)));
        Assert.All(points.Except(sundays), p => Assert.True(p.Predicted > 0));
    }

    [Fact]
    public void Forecast_PastTheTrainedHorizon_RepeatsTheLastTrainedWeek()
    {
        var (_, model) = Fitted.Value;

        var points = model.Forecast(ForecastScope.Shop, model.TrainedHorizon + 14, 0.8)!;

        var h = model.TrainedHorizon;
        Assert.Equal(points[h - 7].Predicted, points[h].Predicted, 9);
        Assert.Equal(points[h - 1].Predicted, points[h + 6].Predicted, 9);
    }

    [Fact]
    public void SaveThenRead_GivesTheSameForecasts()
    {
        var (_, model) = Fitted.Value;
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;

        var read = (LightGbmDemandForecaster)new ForecastPipeline().Load(LightGbmDemandForecaster.AlgorithmName, stream);

        Assert.Equal(model.Scopes, read.Scopes);
        Assert.Equal(model.LastObservedDate, read.LastObservedDate);
        Assert.Equal(model.Calendar.Spec, read.Calendar.Spec);
        var before = model.Demand("p003", [7, 30], 0.9)!;
        var after = read.Demand("p003", [7, 30], 0.9)!;
        Assert.Equal(before.Trend, after.Trend);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(before.Totals[i].Predicted, after.Totals[i].Predicted, 3);
            Assert.Equal(before.Totals[i].Upper, after.Totals[i].Upper, 3);
        }
    }

    [Fact]
    public void Read_ATruncatedFile_RefusesWithAClearError()
    {
        var (_, model) = Fitted.Value;
        using var stream = new MemoryStream();
        model.Save(stream);
        using var truncated = new MemoryStream(stream.ToArray()[..(int)(stream.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => new ForecastPipeline().Load(LightGbmDemandForecaster.AlgorithmName, truncated));

        Assert.Contains("ends", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_OnTooShortAHistory_SaysHowManyDaysItNeeds()
    {
        var shop = DemandTestShop.Create(products: 3, days: 100);

        var error = Assert.Throws<ArgumentException>(() => DemandFitter.Fit(DemandHistory.Build(shop), TestOptions()));

        Assert.Contains("the shop has 100", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, 10, DemandTrend.Flat)]
    [InlineData(12, 10, DemandTrend.Rising)]
    [InlineData(8, 10, DemandTrend.Falling)]
    [InlineData(0.04, 0, DemandTrend.Flat)]
    [InlineData(1, 0, DemandTrend.Rising)]
    public void Trend_FollowsTheDocumentedRule(double forecastMean, double recentMean, DemandTrend expected) =>
        Assert.Equal(expected, DemandTrends.Classify(forecastMean, recentMean, 0.1));
}
