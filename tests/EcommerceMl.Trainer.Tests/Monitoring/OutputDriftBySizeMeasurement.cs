using System.Globalization;
using EcommerceMl.Ml.Monitoring;

namespace EcommerceMl.Trainer.Tests.Monitoring;

/// <summary>
/// A measurement, not a unit test: with ECML_MONITOR_OUTPUT_SEEDS=N it trains N recommendation versions on synthetic
/// shops and scores their output drift (<c>recommended_popularity_rank</c>, ten ranks per customer) on unshifted
/// windows of 2 to 52 days, judged whatever the number of customers, to see how the score's noise grows as the
/// customers fall below <see cref="DriftSettings.MinGroups"/>: per window length the customers, the 95th and 99th
/// percentile and the largest score, and the largest score × √customers (constant if the noise falls as 1/√n).
/// bench/results/monitoring-false-alarms.md records the figures and the command.
/// </summary>
public sealed class OutputDriftBySizeMeasurement(ITestOutputHelper output)
{
    public const string SeedsVariable = "ECML_MONITOR_OUTPUT_SEEDS";

    private static readonly int[] WindowDays = [2, 3, 5, 7, 10, 14, 21, 28, 52];

    [Fact]
    public void OutputDriftScore_OnUnshiftedTraffic_ByNumberOfCustomers()
    {
        var seeds = int.TryParse(Environment.GetEnvironmentVariable(SeedsVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        Assert.SkipUnless(seeds > 0, $"a measurement: set {SeedsVariable}=N to run it over N seeds");
        var scores = WindowDays.ToDictionary(d => d, _ => new List<(int Customers, double Score)>());
        for (var seed = 1; seed <= seeds; seed++)
        {
            var scenario = MonitoringScenario.Train(seed, windowDays: MonitoringScenario.MinimumSampleWindowDays);
            foreach (var days in WindowDays)
            {
                var settings = new MonitoringSettings { WindowDays = days, Drift = new DriftSettings { MinSamples = 1, MinGroups = 1 } };
                var drift = scenario.Monitor(settings: settings).PredictionDrift!;
                scores[days].Add(((int)Math.Round(drift.CurrentCount / 10.0), drift.Score));
            }
        }

        output.WriteLine($"seeds {seeds}; unshifted windows; threshold 0.1 (normalised Wasserstein)");
        output.WriteLine("days  customers(median)  p95     p99     max     over 0.1  max×√customers");
        foreach (var (days, list) in scores)
        {
            var sorted = list.Select(s => s.Score).Order().ToArray();
            var customers = list.Select(s => s.Customers).Order().ToArray()[list.Count / 2];
            output.WriteLine(FormattableString.Invariant(
                $"{days,4}  {customers,17}  {Quantile(sorted, 0.95),6:0.000}  {Quantile(sorted, 0.99),6:0.000}  {sorted[^1],6:0.000}  {sorted.Count(s => s >= 0.1),8}  {list.Max(s => s.Score * Math.Sqrt(s.Customers)),14:0.00}"));
        }
    }

    private static double Quantile(double[] sorted, double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(q * sorted.Length) - 1)];
}
