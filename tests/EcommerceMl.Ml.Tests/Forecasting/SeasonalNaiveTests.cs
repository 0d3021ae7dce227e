using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Tests.Forecasting;

public class SeasonalNaiveTests
{
    [Fact]
    public void Forecast_ReachesBackWholeSeasonsFromTheLastObservedSeason()
    {
        // Season 3 over [1..5]: the last season is 3,4,5, repeated.
        var forecast = SeasonalNaive.Forecast([1, 2, 3, 4, 5], season: 3, horizon: 7);

        Assert.Equal([3, 4, 5, 3, 4, 5, 3], forecast);
    }

    [Fact]
    public void Forecast_WithLessThanOneSeason_SaysHowMuchIsNeeded()
    {
        var error = Assert.Throws<ArgumentException>(() => SeasonalNaive.Forecast([1, 2], season: 7, horizon: 1));

        Assert.Contains("7 days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LagDifferences_AreTheErrorsOfEveryRollingOrigin()
    {
        double[] values = [5, 1, 7, 2, 9, 4, 6, 3];
        var differences = SeasonalNaive.LagDifferences(values, lag: 3, window: 100);

        // Brute force: from every origin T, steps h with ⌈h/3⌉ = 1 predict values[T+h-3].
        var rolling = new HashSet<double>();
        for (var origin = 2; origin < values.Length - 1; origin++)
        {
            var forecast = SeasonalNaive.Forecast(values.AsSpan(0, origin + 1), 3, 3);
            for (var h = 1; h <= 3 && origin + h < values.Length; h++)
            {
                rolling.Add(values[origin + h] - forecast[h - 1]);
            }
        }

        Assert.Equal(rolling.Order(), differences.Distinct().Order());
    }

    [Fact]
    public void LagDifferences_KeepOnlyTargetsInsideTheWindow()
    {
        var differences = SeasonalNaive.LagDifferences([1, 2, 4, 8, 16], lag: 1, window: 2);

        Assert.Equal([4.0, 8.0], differences);
    }
}
