using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Tests.Evaluation;

public class WindowedForecastMetricsTests
{
    [Fact]
    public void RollingMeanByHorizon_CountsTheWindowsFirstGroupPartly()
    {
        // Groups h1 {1, 2}, h2 {3, 4}, h3 {5, 6}; w = 3. The window ending at h2 is h2's two rows
        // plus one row's worth of h1 at its mean 1.5: (3 + 4 + 1.5) / 3; ending at h3: (5 + 6 + 3.5) / 3.
        var result = WindowedForecastMetrics.RollingMeanByHorizon([1, 1, 2, 2, 3, 3], [1, 2, 3, 4, 5, 6], 3);

        Assert.Equal(2, result.Count);
        Assert.Equal(2, result[0].Horizon);
        Assert.Equal(8.5 / 3, result[0].Mean, 12);
        Assert.Equal(3, result[1].Horizon);
        Assert.Equal(14.5 / 3, result[1].Mean, 12);
    }

    [Fact]
    public void FirstWindow_ReportsTheShortestHorizonsMetrics()
    {
        // 20 rows, horizons 1..10 twice; w = 2: the first window is horizon 1's two rows.
        var rows = Enumerable.Range(0, 20)
            .Select(i => new WindowedForecastMetrics.Row(1 + (i % 10), 10, i % 10 == 0 ? (i == 0 ? 9 : 12) : 10, 9.5, 11))
            .ToList();

        var metrics = WindowedForecastMetrics.FirstWindow(rows);

        Assert.Equal(1, metrics["horizon_days"]);
        Assert.Equal((0.1 + 0.2) / 2, metrics["mape"], 12);
        Assert.Equal(1.5, metrics["mae"], 12);
        Assert.Equal(Math.Sqrt((1 + 4) / 2.0), metrics["rmse"], 12);
        Assert.Equal(1, metrics["coverage"]);
    }
}
