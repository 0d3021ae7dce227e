using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Forecasting.Demand;
using EcommerceMl.Ml.Forecasting.Ets;
using EcommerceMl.Ml.Tests.Forecasting.Demand;

namespace EcommerceMl.Ml.Tests.Forecasting;

/// <summary>Where a forecast starts, and what forecasting through the gap since the data ended does to every algorithm.</summary>
public sealed class ForecastWindowTests
{
    private static readonly DateOnly DataEnd = new(2026, 3, 31);

    private static readonly Lazy<LightGbmDemandForecaster> Demand = new(() =>
        DemandFitter.Fit(DemandHistory.Build(DemandTestShop.Create(products: 12, days: 240)), LightGbmDemandForecasterTests.TestOptions()));

    [Fact]
    public void Resolve_WithoutStart_StartsTodayAndCountsTheGap()
    {
        var result = ForecastWindow.Resolve(DataEnd, today: new(2026, 4, 20), start: null, horizon: 14, maxGapDays: 90);

        var window = Assert.NotNull(result.Window);
        Assert.Equal(new DateOnly(2026, 4, 20), window.Start);
        Assert.Equal(19, window.GapDays); // April 1..19
        Assert.Equal(33, window.Steps);
        Assert.Equal(new DateOnly(2026, 5, 3), window.End);
    }

    [Fact]
    public void Resolve_WhenTheDataCoversToday_StartsTheDayAfterTheData()
    {
        var window = ForecastWindow.Resolve(DataEnd, today: DataEnd, start: null, horizon: 7, maxGapDays: 90).Window;

        Assert.Equal(new ForecastWindow(DataEnd, DataEnd.AddDays(1), 7), window);
        Assert.Equal(0, window!.Value.GapDays);
    }

    [Fact]
    public void Resolve_WithAStart_UsesItWhateverTheDay()
    {
        var window = ForecastWindow.Resolve(DataEnd, today: new(2026, 4, 20), start: new DateOnly(2026, 4, 1), horizon: 7, maxGapDays: 0).Window;

        Assert.Equal(new DateOnly(2026, 4, 1), window!.Value.Start);
        Assert.Equal(0, window.Value.GapDays);
    }

    [Theory]
    [InlineData("2026-03-31")]
    [InlineData("2026-01-01")]
    public void Resolve_StartNotAfterTheData_IsRefusedNamingTheDataEnd(string start)
    {
        var result = ForecastWindow.Resolve(DataEnd, today: new(2026, 4, 20), DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), 7, 90);

        Assert.Null(result.Window);
        Assert.Equal(ForecastWindowProblem.StartNotAfterData, result.Problem);
        Assert.Contains("ends 2026-03-31", result.Error, StringComparison.Ordinal);
        Assert.Contains("2026-04-01 at the earliest", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_WhenTheGapIsLongerThanAllowed_SaysTheModelIsTooOld()
    {
        var result = ForecastWindow.Resolve(DataEnd, today: new(2026, 7, 31), start: null, horizon: 7, maxGapDays: 90);

        Assert.Equal(ForecastWindowProblem.ModelTooOld, result.Problem);
        Assert.Contains("data ends 2026-03-31: a forecast from 2026-07-31 would first forecast the 121 days between", result.Error, StringComparison.Ordinal);
        Assert.Contains("no later than 2026-06-30", result.Error, StringComparison.Ordinal);

        // The last start allowed is accepted.
        Assert.NotNull(ForecastWindow.Resolve(DataEnd, new(2026, 7, 31), new DateOnly(2026, 6, 30), 7, 90).Window);
    }

    [Fact]
    public void Resolve_PastWhatModelsForecast_IsRefused()
    {
        var result = ForecastWindow.Resolve(DataEnd, today: DataEnd.AddDays(400), start: null, horizon: 365, maxGapDays: 1000);

        Assert.Equal(ForecastWindowProblem.ModelTooOld, result.Problem);
        Assert.Contains($"at most {ForecastWindow.MaxStepsPastData}", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UTC", "2026-11-23")]
    [InlineData("America/New_York", "2026-11-22")] // 02:00 UTC is 21:00 the evening before
    [InlineData("Asia/Tokyo", "2026-11-23")]
    public void Today_IsTheCalendarDayInTheShopsTimeZone(string zone, string expected)
    {
        var today = ForecastWindow.Today(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), today);
        Assert.Equal(2, ForecastWindow.DataAgeDays(new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 23)));
    }

    public static TheoryData<string> Algorithms => [SeasonalNaiveForecaster.AlgorithmName, EtsForecaster.AlgorithmName, LightGbmDemandForecaster.AlgorithmName];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Forecast_FromALaterStart_IsTheTailOfTheLongForecastWithWiderIntervals(string algorithm)
    {
        var model = Fit(algorithm);
        var scope = ForecastScope.Shop;
        var fresh = new ForecastWindow(model.LastObservedDate, model.LastObservedDate.AddDays(1), 14);
        var stale = new ForecastWindow(model.LastObservedDate, model.LastObservedDate.AddDays(71), 14);

        var first = model.Forecast(scope, fresh, 0.8)!;
        var later = model.Forecast(scope, stale, 0.8)!;
        var through = model.Forecast(scope, stale.Steps, 0.8)!;

        Assert.Equal(14, later.Count);
        Assert.Equal(stale.Start, later[0].Date);
        Assert.Equal(through.Skip(70), later);
        Assert.Equal(model.Forecast(scope, 14, 0.8), first);

        // Same weekdays, seventy days further out: at least as uncertain, and wider overall.
        var width = (IReadOnlyList<ForecastPoint> points) => points.Sum(p => p.Upper - p.Lower);
        Assert.True(width(later) > width(first), $"{algorithm}: width {width(later):0.0} 70 days out should exceed {width(first):0.0} from the data end");
    }

    [Fact]
    public void Demand_AfterAGap_CountsTheLaterDaysWithAWiderInterval()
    {
        var model = Demand.Value;
        var product = model.ProductIds[0];

        var fresh = model.Demand(product, [7, 30], 0.8)!;
        var later = model.Demand(product, [7, 30], 0.8, gapDays: 60)!;
        var daily = model.Forecast(ForecastScope.Product(product), 90, 0.8)!;

        Assert.Equal(daily.Skip(60).Take(7).Sum(p => p.Predicted), later.Totals[0].Predicted, 6);
        Assert.Equal(daily.Skip(60).Take(30).Sum(p => p.Predicted), later.Totals[1].Predicted, 6);
        for (var i = 0; i < 2; i++)
        {
            var (f, l) = (fresh.Totals[i], later.Totals[i]);
            Assert.True(l.Upper - l.Lower > f.Upper - f.Lower, $"{l.Days} days: {l.Lower:0.0}..{l.Upper:0.0} after 60 days should be wider than {f.Lower:0.0}..{f.Upper:0.0}");
        }

        Assert.Equal(fresh, model.Demand(product, [7, 30], 0.8, gapDays: 0), new DemandForecastComparer());
    }

    [Fact]
    public void LightGbmDemand_PastTheTrainedHorizon_WidensItsDailyIntervals()
    {
        var model = Demand.Value;
        var points = model.Forecast(ForecastScope.Shop, model.TrainedHorizon + 63, 0.8)!;

        // The same weekday in the trained horizon's last week and nine weeks later: the point repeats, the interval grows.
        var (inside, outside) = (points[model.TrainedHorizon - 1], points[model.TrainedHorizon + 62]);
        Assert.Equal(inside.Date.DayOfWeek, outside.Date.DayOfWeek);
        Assert.Equal(inside.Predicted, outside.Predicted, 9);
        Assert.True(outside.Upper - outside.Lower > inside.Upper - inside.Lower);
    }

    private static IForecaster Fit(string algorithm) => algorithm switch
    {
        SeasonalNaiveForecaster.AlgorithmName => SeasonalNaiveForecaster.Fit([ForecastTestData.Weekly(days: 400, noise: 20, seed: 5)], new SeasonalNaiveOptions()),
        EtsForecaster.AlgorithmName => EtsForecaster.Fit([ForecastTestData.Weekly(days: 200, noise: 20, seed: 5)], new EtsForecasterOptions(Conformal: false)),
        _ => Demand.Value,
    };

    private sealed class DemandForecastComparer : IEqualityComparer<DemandForecast>
    {
        public bool Equals(DemandForecast? x, DemandForecast? y) =>
            x is not null && y is not null && x.ProductId == y.ProductId && x.Trend == y.Trend && x.Totals.SequenceEqual(y.Totals);

        public int GetHashCode(DemandForecast obj) => obj.ProductId.GetHashCode(StringComparison.Ordinal);
    }
}
