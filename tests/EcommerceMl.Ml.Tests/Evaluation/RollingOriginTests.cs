using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Tests.Evaluation;

public class RollingOriginTests
{
    private static DailySeries Days(DateOnly start, DateOnly end) =>
        new(ForecastScope.Shop, start, [.. Enumerable.Range(0, end.DayNumber - start.DayNumber + 1).Select(i => (double)i)]);

    [Fact]
    public void Cutoffs_OverPeytonMannningsSpan_AreProphetsElevenCutoffs()
    {
        var series = Days(new DateOnly(2007, 12, 10), new DateOnly(2016, 1, 20));

        var cutoffs = RollingOrigin.Cutoffs(series, 730, 180, 365);

        Assert.Equal(11, cutoffs.Count);
        Assert.Equal(new DateOnly(2010, 2, 15), cutoffs[0]);
        Assert.Equal(new DateOnly(2015, 1, 20), cutoffs[^1]);
        Assert.All(cutoffs.Zip(cutoffs.Skip(1)), pair => Assert.Equal(180, pair.Second.DayNumber - pair.First.DayNumber));
    }

    [Fact]
    public void Split_NeverTrainsOnADayAfterTheCutoff()
    {
        var series = Days(new DateOnly(2020, 1, 1), new DateOnly(2021, 12, 31));
        foreach (var cutoff in RollingOrigin.Cutoffs(series, 200, 30, 60))
        {
            var fold = RollingOrigin.Split(series, cutoff, 60);

            Assert.Equal(cutoff, fold.Train.End);
            var lastTrainValue = cutoff.DayNumber - series.Start.DayNumber;
            Assert.All(fold.Train.Values.ToArray(), v => Assert.True(v <= lastTrainValue));
            Assert.Equal(Enumerable.Range(1, 60), fold.Test.Select(t => t.Step));
            Assert.All(fold.Test, t => Assert.Equal(lastTrainValue + t.Step, t.Actual));
        }
    }

    [Fact]
    public void Split_ScoresOnlyObservedDays()
    {
        double[] values = [1, 2, 3, double.NaN, 5, 6];
        var fold = RollingOrigin.Split(new DailySeries(ForecastScope.Shop, new DateOnly(2020, 1, 1), values), new DateOnly(2020, 1, 3), 3);

        Assert.Equal([(2, 5.0), (3, 6.0)], fold.Test);
    }
}
