using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Ml.Monitoring;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Trainer.Tests.Monitoring;

public sealed class MonitoringPipelineTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(101)]
    [InlineData(202)]
    [InlineData(303)]
    public void Run_OnUnshiftedTrafficAtTheMinimumSample_NeverFires(int seed)
    {
        var scenario = MonitoringScenario.Train(seed, windowDays: MonitoringScenario.MinimumSampleWindowDays);

        var report = scenario.Monitor();

        foreach (var f in report.Drift!.Features.Append(report.PredictionDrift!))
        {
            output.WriteLine($"{f.Name,-36} {f.Method,-15} {f.Score,10:0.0000} {f.ReferenceCount,8}/{f.CurrentCount,-8} {(f.Sufficient ? "" : "insufficient")}");
        }

        Assert.InRange(report.Drift.Features.Where(f => f.Sufficient).Min(f => f.CurrentCount), DriftSettings.DefaultMinSamples, 1.5 * DriftSettings.DefaultMinSamples);
        Assert.Contains(report.Drift.Features, f => f.Sufficient && f.Method == DriftMethods.JensenShannon);
        Assert.Contains(report.Drift.Features, f => f.Sufficient && f.Method == DriftMethods.Wasserstein);
        Assert.False(report.Drift.Detected, string.Join(", ", report.Drift.DriftedFeatures()));
        Assert.True(report.PredictionDrift!.Sufficient);
        Assert.False(report.PredictionDrift.Drifted);
    }

    [Fact]
    public void Run_WhenFewerCustomersBoughtThanMinGroups_ReportsTheRecommendationsOutputButDoesNotJudgeIt()
    {
        // A week: about 200 customers bought, so ten recommendations each pass a row minimum of 1,500 but not 500 customers.
        var scenario = MonitoringScenario.Train(101);
        var settings = new MonitoringSettings { WindowDays = 7, Drift = new DriftSettings { MinSamples = 1500 } };

        var report = scenario.Monitor(settings: settings);

        var output = report.PredictionDrift!;
        Assert.InRange(output.CurrentCount, 1500, 10 * (DriftSettings.DefaultMinGroups - 1));
        Assert.Equal((false, false), (output.Sufficient, output.Drifted));
        Assert.Contains(report.Notes, n => n.StartsWith("prediction drift: recommended_popularity_rank comes from", StringComparison.Ordinal) && n.Contains("fewer than the 500 needed", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_WhenANewProductRangeTakesMostPurchases_NamesTheDriftedFeatures()
    {
        var scenario = MonitoringScenario.Train(101);
        var shifted = ShopShifts.NewProductRange(scenario.Shop, scenario.Cutoff, share: 0.6);

        var report = scenario.Monitor(shifted);

        var drifted = report.Drift!.DriftedFeatures().ToList();
        Assert.True(report.Drift.Detected);
        Assert.Contains(RecommendationReferenceFeatures.PurchasedProduct, drifted);
        Assert.Contains(RecommendationReferenceFeatures.ProductCategory, drifted);
        Assert.Contains(RecommendationReferenceFeatures.PurchasedProductPopularityRank, drifted);
    }

    [Fact]
    public void Run_OnAVersionTrainedOnTheShiftedWindow_JudgesOnlyRowsAfterItsDataEnd()
    {
        // `make run` after `simulate --shift`: the retrained version learnt every shifted row in the 1-day window, and
        // with no traffic since, the same rows found the same drift at every monitoring round, a retrain per cool-down.
        var scenario = MonitoringScenario.Train(101);
        var shifted = ShopShifts.NewProductRange(scenario.Shop, scenario.Cutoff, share: 0.6);
        var retrained = MonitoringScenario.TrainOn(shifted, 101, windowDays: 0);

        var report = retrained.Monitor(shifted, new MonitoringSettings { WindowDays = MonitoringScenario.WindowDays });

        Assert.False(report.Drift!.Detected, string.Join(", ", report.Drift.DriftedFeatures()));
        Assert.All(report.Drift.Features, f => Assert.Equal((0, false), (f.CurrentCount, f.Sufficient)));
        Assert.Equal(retrained.Manifest.Data.To!.Value.AddTicks(1), report.Window.From.UtcDateTime);
        Assert.Contains(report.Notes, n => n.StartsWith("window: starts at the version's data end", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_JudgesOrdersDatedBeforeTheDataEnd_ThatReachedTheSinkAfterTheVersionWasCreated()
    {
        // A session's events are sent at its end and a server flushes every few seconds, so purchases dated before a
        // version's data end keep arriving after its run read the sink: `make run` mid-shift, 2,817–5,404 of a minute's
        // 28,719 events. The adapter names them (received after createdAt); here the newest 200 orders stand in for them.
        var scenario = MonitoringScenario.Train(101);
        var shifted = ShopShifts.NewProductRange(scenario.Shop, scenario.Cutoff, share: 0.6);
        var retrained = MonitoringScenario.TrainOn(shifted, 101, windowDays: 0);
        var settings = new MonitoringSettings { WindowDays = MonitoringScenario.WindowDays };
        var late = shifted.Orders.OrderByDescending(o => o.OrderedAt).Take(200).Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);

        var without = retrained.Monitor(shifted, settings);
        var report = retrained.Monitor(shifted, settings, lateOrders: late);

        Assert.Equal(0, without.Drift!.Features.Single(f => f.Name == RecommendationReferenceFeatures.ItemsPerOrder).CurrentCount);
        Assert.Equal(200, report.Drift!.Features.Single(f => f.Name == RecommendationReferenceFeatures.ItemsPerOrder).CurrentCount);
        Assert.Equal(without.NewData.Orders + 200, report.NewData.Orders);
        Assert.Contains(report.Notes, n => n.StartsWith("window: also judges 200 order(s) dated before the data end", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_AfterARetrainOnTheShift_WhileTheShiftGoesOn_FindsNoDrift()
    {
        // A bigger shop (about 90 orders a day): the shift began 120 days before the end, the retrain learnt its first 60.
        var options = MonitoringScenario.Options(202) with { Customers = 6_000 };
        var shop = EcommerceMl.Ml.Data.Synthetic.SyntheticShop.Generate(options);
        var shifted = ShopShifts.NewProductRange(shop, shop.Orders.Max(o => o.OrderedAt).Date.AddDays(-119), share: 0.6);
        var retrained = MonitoringScenario.TrainOn(shifted, 202);

        var report = retrained.Monitor(shifted);

        Assert.All(report.Drift!.Features, f => Assert.True(f.Sufficient, f.Name));
        Assert.False(report.Drift.Detected, string.Join(", ", report.Drift.Features.Select(f => $"{f.Name} {f.Score:0.000}")));
        // The reference is the newest orders the version learnt, not the old range's whole history.
        Assert.InRange(retrained.Manifest.FeatureProfile[RecommendationReferenceFeatures.ItemsPerOrder].Count!.Value, RecommendationReferenceFeatures.ReferenceOrders, 1.2 * RecommendationReferenceFeatures.ReferenceOrders);
    }

    [Fact]
    public void Run_WhenPricesRise_FlagsOrderValueOnly()
    {
        var scenario = MonitoringScenario.Train(202);
        var shifted = ShopShifts.Prices(scenario.Shop, scenario.Cutoff, factor: 1.3);

        var report = scenario.Monitor(shifted);

        Assert.Equal([RecommendationReferenceFeatures.OrderValue], report.Drift!.DriftedFeatures());
    }

    [Fact]
    public void Run_MeasuresRealizedAccuracyAgainstTheHeldOutValue_AndCountsNewOrders()
    {
        var scenario = MonitoringScenario.Train(101);

        var report = scenario.Monitor();

        var performance = report.Performance!;
        Assert.Equal("ndcg_at_10", performance.Metric);
        Assert.Equal(scenario.Manifest.Metrics["ndcg_at_10"], performance.AtTraining);
        Assert.True(performance.Count >= 30);
        Assert.InRange(performance.Value, 0, 1);
        Assert.Equal(scenario.Shop.Orders.Count(o => o.OrderedAt >= scenario.Cutoff), report.NewData.Orders);
        Assert.Equal(scenario.Shop.Events.Count(e => e.OccurredAt > scenario.Manifest.Data.To), report.NewData.Events);
    }

    [Fact]
    public void Run_WhenTheNewRangeTakesOverPurchases_ReportsAccuracyDegraded()
    {
        var scenario = MonitoringScenario.Train(303);
        var shifted = ShopShifts.NewProductRange(scenario.Shop, scenario.Cutoff, share: 0.9);

        var report = scenario.Monitor(shifted);

        Assert.True(report.Performance!.Degraded, $"{report.Performance.Value} against {report.Performance.AtTraining}");
    }

    [Fact]
    public void Run_WithAnUnmeasuredMetric_RefusesNamingTheMeasuredOnes()
    {
        var scenario = MonitoringScenario.Train(101);

        var error = Assert.Throws<ArgumentException>(() => scenario.Monitor(settings: new MonitoringSettings { WindowDays = 60, PerformanceMetric = "auc" }));

        Assert.Contains("'auc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ndcg_at_10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnAForecastVersion_OverLessThanAWeek_LeavesTheWeekdayMixOut_AndSaysSo()
    {
        var scenario = MonitoringScenario.Train(101, ModelTask.Forecast, "seasonal-naive");

        var report = scenario.Monitor(settings: new MonitoringSettings { WindowDays = 1, Drift = new DriftSettings { MinSamples = 5 } });

        // One day holds one weekday: against any reference mix it would always read as drift.
        Assert.DoesNotContain(report.Drift!.Features, f => f.Name == "order_weekday");
        Assert.Contains(report.Notes, n => n.Contains("'order_weekday'", StringComparison.Ordinal) && n.Contains("not measured on this window", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_OnAForecastVersion_ComparesOrderFeaturesAndForecasts_AndMeasuresMase()
    {
        var scenario = MonitoringScenario.Train(101, ModelTask.Forecast, "seasonal-naive");

        var report = scenario.Monitor(settings: new MonitoringSettings { WindowDays = MonitoringScenario.WindowDays, Drift = new DriftSettings { MinSamples = 50 } });

        Assert.Equal(
            ["daily_orders", "daily_revenue", "items_per_order", "order_value", "order_weekday"],
            report.Drift!.Features.Select(f => f.Name));
        Assert.Equal(DriftMethods.JensenShannon, report.Drift.Features.Single(f => f.Name == "order_weekday").Method); // thousands of reference orders
        Assert.Equal(DriftMethods.KolmogorovSmirnov, report.Drift.Features.Single(f => f.Name == "daily_revenue").Method); // 270 reference days
        Assert.Equal(60, report.PredictionDrift!.CurrentCount);
        Assert.Equal("mase", report.Performance!.Metric);
        Assert.Equal(28, report.Performance.Count);
        Assert.True(report.Performance.Value > 0);
    }

    [Fact]
    public void Run_OnAForecastVersion_WhenTheLiveDataRecordsNoDayAfterItsEnd_DoesNotJudgeAccuracy()
    {
        // `make run`: the synthetic shop ends a month before today, and every simulated order lands on today. The 28 days
        // after the forecast's start hold no record at all; scored as zero sales they made MASE 4.4 "degraded".
        var scenario = MonitoringScenario.Train(101, ModelTask.Forecast, "seasonal-naive");
        var today = scenario.Cutoff.AddDays(40);
        var live = ShopShifts.OnOneDay(scenario.Shop, scenario.Cutoff, today);

        var report = scenario.Monitor(live, new MonitoringSettings { WindowDays = 1, Drift = new DriftSettings { MinSamples = 5 } }, new DateTimeOffset(today.AddHours(23), TimeSpan.Zero));

        Assert.Null(report.Performance);
        Assert.Contains(report.Notes, n => n.StartsWith("realized accuracy: the live data records 0 of the 28 day(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_OnAForecastVersion_ScoresOnlyTheDaysTheLiveDataRecords()
    {
        // The source stops 10 days after the forecast's start; a month later one day of orders comes in. The 10
        // recorded days are scored, not 28 of which 18 are unrecorded and would count as zero sales.
        var scenario = MonitoringScenario.Train(101, ModelTask.Forecast, "seasonal-naive");
        var today = scenario.Cutoff.AddDays(40);
        var live = ShopShifts.OnOneDay(scenario.Shop, scenario.Cutoff.AddDays(10), today);

        var report = scenario.Monitor(live, new MonitoringSettings { WindowDays = 1, Drift = new DriftSettings { MinSamples = 5 } }, new DateTimeOffset(today.AddHours(23), TimeSpan.Zero));

        output.WriteLine($"mase {report.Performance!.Value:0.000} on {report.Performance.Count} days against {report.Performance.AtTraining:0.000} at training");
        Assert.Equal(10, report.Performance.Count);
        Assert.False(report.Performance.Degraded);
    }

    [Fact]
    public void Run_OnAChurnVersion_OnceTheLabelHorizonHasPassed_MeasuresAuc()
    {
        var scenario = MonitoringScenario.Train(101, ModelTask.Churn, "logistic");

        var report = scenario.Monitor();

        Assert.Equal(["avg_monetary", "frequency", "loyalty_member", "recency_days", "tenure_days"], report.Drift!.Features.Select(f => f.Name));
        Assert.Equal("churn_probability", report.PredictionDrift!.Name);
        Assert.Equal("auc", report.Performance!.Metric);
        Assert.InRange(report.Performance.Value, 0.5, 1);
    }

    [Fact]
    public void Run_OnAChurnVersion_BeforeTheLabelHorizon_SaysWhenAccuracyWillBeKnown()
    {
        var scenario = MonitoringScenario.Train(101, ModelTask.Churn, "logistic");
        var early = EcommerceMl.Ml.Evaluation.TemporalSplit.At(scenario.Shop, scenario.Cutoff.AddDays(20)).Train;

        var report = scenario.Monitor(early);

        Assert.Null(report.Performance);
        Assert.Contains(report.Notes, n => n.Contains("churn label", StringComparison.Ordinal) && n.Contains("is known on", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_WhenTheLiveDataIsOlderThanNow_EndsTheWindowAtItsNewestDay_AndSaysSo()
    {
        var scenario = MonitoringScenario.Train(202);
        var end = scenario.Shop.Orders.Max(o => o.OrderedAt).Date.AddDays(1);

        var report = scenario.Monitor(now: new DateTimeOffset(end.AddDays(90), TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(end, TimeSpan.Zero), report.Window.To);
        Assert.Equal(new DateTimeOffset(end.AddDays(-MonitoringScenario.WindowDays), TimeSpan.Zero), report.Window.From);
        Assert.Contains(report.Notes, n => n.StartsWith("window: the newest live data is from", StringComparison.Ordinal));
        Assert.Equal(end.AddDays(90), report.CheckedAt.UtcDateTime);
    }

    [Fact]
    public void Run_OnAManifestWithoutCountsOrOutputProfile_ComparesByPsi_AndNotesTheMissingOutputs()
    {
        var scenario = MonitoringScenario.Train(303);
        var old = scenario with
        {
            Manifest = scenario.Manifest with
            {
                PredictionProfile = null,
                FeatureProfile = scenario.Manifest.FeatureProfile
                    .Where(p => p.Value.IsNumeric)
                    .ToDictionary(p => p.Key, p => p.Value with { Count = null, Quantiles = null }),
            },
        };

        var report = old.Monitor();

        Assert.All(report.Drift!.Features, f => Assert.Equal(DriftMethods.Psi, f.Method));
        Assert.Null(report.PredictionDrift);
        Assert.Contains(report.Notes, n => n.Contains("'purchased_product' has no reference profile", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.StartsWith("prediction drift: the version recorded no output profile", StringComparison.Ordinal));
    }
}
