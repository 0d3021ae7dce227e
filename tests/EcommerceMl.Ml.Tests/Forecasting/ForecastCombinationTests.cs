using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Tests.Forecasting;

public class ForecastCombinationTests
{
    private static SeriesForecast Constant(double[] point, double halfWidth) =>
        new(point, (_, _) => (-halfWidth, halfWidth), nonNegative: true);

    [Fact]
    public void Weighted_GivesTheWeightedMeanOfPointsAndOfBounds()
    {
        var a = Constant([10, 20], halfWidth: 2);
        var b = Constant([40, 60], halfWidth: 8);

        var combined = ForecastCombination.Weighted([a, b], [3, 1]);

        // Hand-checked: points 0.75·10 + 0.25·40 = 17.5, 0.75·20 + 0.25·60 = 30;
        // lower bounds 0.75·8 + 0.25·32 = 14 and 0.75·18 + 0.25·52 = 26.5; upper 21 and 33.5.
        Assert.Equal([17.5, 30], combined.Point);
        var (lower, upper) = combined.Interval(0.8);
        Assert.Equal(14, lower[0], 1e-9);
        Assert.Equal(26.5, lower[1], 1e-9);
        Assert.Equal(21, upper[0], 1e-9);
        Assert.Equal(33.5, upper[1], 1e-9);
    }

    [Fact]
    public void Mean_OfSeasonalNaiveAndNaive_IsTheirAverage()
    {
        var history = ForecastTestData.Weekly(28).Values;
        var naive = new NaiveMethod().Forecast(history, 7);
        var seasonal = new SeasonalNaiveMethod().Forecast(history, 7);

        var combined = new MeanCombinationMethod([new NaiveMethod(), new SeasonalNaiveMethod()]);
        var forecast = combined.Forecast(history, 7);

        Assert.Equal("mean(naive,seasonal-naive)", combined.Name);
        for (var h = 0; h < 7; h++)
        {
            Assert.Equal((naive.Point[h] + seasonal.Point[h]) / 2, forecast.Point[h], 1e-9);
        }
    }

    [Fact]
    public void Weighted_WhenWeightsDoNotMatchMembers_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() => ForecastCombination.Weighted([Constant([1], 1)], [1, 1]));
        Assert.Contains("1 members, 2 weights", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MeanCombination_WithOneMember_Refuses()
    {
        var error = Assert.Throws<ArgumentException>(() => new MeanCombinationMethod([new NaiveMethod()]));
        Assert.Contains("two members", error.Message, StringComparison.Ordinal);
    }
}
