using System.Globalization;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Ml.Monitoring;

namespace EcommerceMl.Trainer.Tests.Monitoring;

/// <summary>
/// A measurement, not a unit test (it takes minutes): with ECML_MONITOR_FALSE_ALARM_SEEDS=N it trains N
/// versions on synthetic shops of N seeds and monitors each on its own unshifted next
/// <see cref="MonitoringScenario.MinimumSampleWindowDays"/> days (about the default minimum sample of
/// 1,000 orders), then on the same window shifted (a new product range taking half the order lines;
/// prices up 15 %). It prints the false-alarm rate, the largest score each feature reached, and the
/// detection rates; bench/results/monitoring-false-alarms.md records the figures and the command.
/// </summary>
public sealed class FalseAlarmRateMeasurement(ITestOutputHelper output)
{
    public const string SeedsVariable = "ECML_MONITOR_FALSE_ALARM_SEEDS";

    /// <summary>Optional: another minimum sample to measure (default the monitor's), with the window days that put the per-order features just above it.</summary>
    public const string MinSamplesVariable = "ECML_MONITOR_FALSE_ALARM_MIN_SAMPLES";
    public const string WindowDaysVariable = "ECML_MONITOR_FALSE_ALARM_WINDOW_DAYS";

    [Fact]
    public void FalseAlarmRate_OnUnshiftedSyntheticTraffic_AtTheMinimumSample_IsAtMostOnePercent()
    {
        var seeds = Number(SeedsVariable, 0);
        Assert.SkipUnless(seeds > 0, $"a measurement: set {SeedsVariable}=N to run it over N seeds");
        var minSamples = Number(MinSamplesVariable, DriftSettings.DefaultMinSamples);
        var windowDays = Number(WindowDaysVariable, MonitoringScenario.MinimumSampleWindowDays);
        var settings = new MonitoringSettings { WindowDays = windowDays, Drift = new DriftSettings { MinSamples = minSamples } };

        int alarms = 0, newRangeDetected = 0, priceDetected = 0;
        var largest = new SortedDictionary<string, (double Score, string Method)>(StringComparer.Ordinal);
        var smallestWindow = long.MaxValue;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var scenario = MonitoringScenario.Train(seed, windowDays: windowDays);
            var report = scenario.Monitor(settings: settings);
            var features = report.Drift!.Features.Append(report.PredictionDrift!).ToList();
            alarms += features.Any(f => f.Drifted) ? 1 : 0;
            smallestWindow = Math.Min(smallestWindow, features.Where(f => f.Sufficient).Min(f => f.CurrentCount));
            foreach (var f in features.Where(f => f.Sufficient && !DriftMethods.IsTest(f.Method)))
            {
                largest[f.Name] = largest.TryGetValue(f.Name, out var seen) && seen.Score >= f.Score ? seen : (f.Score, f.Method);
            }

            newRangeDetected += scenario.Monitor(ShopShifts.NewProductRange(scenario.Shop, scenario.Cutoff, share: 0.5), settings).Drift!.Detected ? 1 : 0;
            priceDetected += scenario.Monitor(ShopShifts.Prices(scenario.Shop, scenario.Cutoff, factor: 1.15), settings).Drift!.Detected ? 1 : 0;
        }

        output.WriteLine($"seeds {seeds}; window {windowDays} days; smallest judged live sample {smallestWindow:N0} rows (minimum {minSamples:N0})");
        output.WriteLine($"false alarms on unshifted traffic: {alarms}/{seeds} = {(double)alarms / seeds:P1}");
        output.WriteLine($"detected: new product range taking 50 % of lines {newRangeDetected}/{seeds}; prices +15 % {priceDetected}/{seeds}");
        output.WriteLine("largest score on unshifted traffic (threshold 0.1):");
        foreach (var (name, (score, method)) in largest)
        {
            output.WriteLine(FormattableString.Invariant($"  {name,-36} {method,-15} {score:0.0000}"));
        }

        Assert.True(alarms <= Math.Ceiling(0.01 * seeds), $"{alarms} false alarms in {seeds} runs");
    }

    private static int Number(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;
}
