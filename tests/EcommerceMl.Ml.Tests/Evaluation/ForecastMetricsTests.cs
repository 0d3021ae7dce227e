using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Tests.Evaluation;

public class ForecastMetricsTests
{
    [Fact]
    public void MaeAndRmse_MatchHandComputedValues()
    {
        double[] actual = [10, 20, 30];
        double[] predicted = [12, 18, 34];

        // Errors 2, 2, 4: MAE 8/3, RMSE √(24/3).
        Assert.Equal(8.0 / 3, ForecastMetrics.Mae(actual, predicted), 12);
        Assert.Equal(Math.Sqrt(8), ForecastMetrics.Rmse(actual, predicted), 12);
    }

    [Fact]
    public void Smape_MatchesHandComputedValueAndScoresZeroForecastOfZeroAsPerfect()
    {
        double[] actual = [100, 0, 50, 0];
        double[] predicted = [80, 0, 50, 10];

        // 2·20/180, 0 (zero-zero), 0, 2·10/10 = 2.
        var expected = (40.0 / 180 + 0 + 0 + 2) / 4;
        Assert.Equal(expected, ForecastMetrics.Smape(actual, predicted), 12);
    }

    [Fact]
    public void Mase_ScalesByTheInSampleSeasonalNaiveError()
    {
        double[] inSample = [1, 2, 3, 4, 6, 8];
        double[] actual = [10, 10];
        double[] predicted = [7, 13];

        // Period 2 in-sample errors: |3−1|, |4−2|, |6−3|, |8−4| → mean 11/4. Out-of-sample MAE 3.
        Assert.Equal(3 / (11.0 / 4), ForecastMetrics.Mase(actual, predicted, inSample, period: 2), 12);
    }

    [Fact]
    public void Mase_WhenTheSeriesRepeatsExactly_IsUndefined()
    {
        Assert.True(double.IsNaN(ForecastMetrics.Mase([1], [2], [5, 5, 5], period: 1)));
    }

    [Fact]
    public void CoverageAndWidth_MatchHandComputedValues()
    {
        double[] actual = [5, 10, 15, 20];
        double[] lower = [4, 10, 16, 0];
        double[] upper = [6, 12, 18, 19];

        // Inside: 5 ∈ [4,6], 10 ∈ [10,12] (bound included); 15 and 20 outside.
        Assert.Equal(0.5, ForecastMetrics.Coverage(actual, lower, upper));
        Assert.Equal((2 + 2 + 2 + 19) / 4.0, ForecastMetrics.MeanIntervalWidth(lower, upper));
    }

    [Fact]
    public void Metrics_WhenLengthsDiffer_SayWhich()
    {
        var error = Assert.Throws<ArgumentException>(() => ForecastMetrics.Mae([1, 2], [1]));

        Assert.Contains("2 actual values but 1", error.Message, StringComparison.Ordinal);
    }
}
