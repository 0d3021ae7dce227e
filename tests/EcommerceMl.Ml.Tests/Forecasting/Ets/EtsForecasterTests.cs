using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Forecasting.Ets;
using EcommerceMl.Ml.Tests.Forecasting;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Forecasting.Ets;

/// <summary>The served ETS forecaster: through the forecast pipeline, its file, and bad files.</summary>
public class EtsForecasterTests
{
    // Monday first; closed on Saturdays; slowly growing.
    private static readonly double[] Pattern = [100, 120, 130, 110, 150, 0, 60];

    private static double[] Revenue(int days, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, days).Select(i => Pattern[i % 7] == 0 ? 0 : Math.Round((Pattern[i % 7] * (1 + (i / 400.0))) + (8 * ForecastTestData.Gaussian(random)), 2))];
    }

    private static TrainingOutcome Train(double[] revenue, Dictionary<string, string>? hyperparameters = null) =>
        new ForecastPipeline().Train(new TrainingRequest(ForecastTestData.ShopFromDailyRevenue(revenue), EtsForecaster.AlgorithmName, hyperparameters ?? []));

    [Fact]
    public void Pipeline_TrainsEtsAndForecastsClosedDaysAsZero()
    {
        var outcome = Train(Revenue(200, seed: 2));

        var model = Assert.IsType<EtsForecaster>(outcome.Model);
        Assert.Contains(ForecastScope.Shop, model.Scopes);
        Assert.True(outcome.Metrics["mase"] < 1.2, $"mase {outcome.Metrics["mase"]}");
        var points = model.Forecast(ForecastScope.Shop, 14, 0.8)!;
        Assert.Equal(14, points.Count);
        Assert.All(points, p => Assert.True(p.Lower <= p.Predicted && p.Predicted <= p.Upper));
        var saturdays = points.Where(p => p.Date.DayOfWeek == DayOfWeek.Saturday).ToList();
        Assert.NotEmpty(saturdays);
        Assert.All(saturdays, p => Assert.Equal(0, p.Upper));
        Assert.Equal("1", outcome.Hyperparameters[ForecastPipeline.ConformalKey]);
    }

    [Fact]
    public void SaveThenLoad_GivesTheSameForecasts()
    {
        var model = (IForecaster)Train(Revenue(200, seed: 5)).Model;
        using var file = new MemoryStream();
        model.Save(file);
        file.Position = 0;

        var loaded = (IForecaster)new ForecastPipeline().Load(EtsForecaster.AlgorithmName, file);

        Assert.Equal(model.Scopes, loaded.Scopes);
        Assert.Equal(model.LastObservedDate, loaded.LastObservedDate);
        Assert.Equal(model.Forecast(ForecastScope.Shop, 30, 0.9), loaded.Forecast(ForecastScope.Shop, 30, 0.9));
    }

    [Fact]
    public void Load_WhenTruncated_Refuses()
    {
        var model = (IForecaster)Train(Revenue(120, seed: 1), new() { [ForecastPipeline.ConformalKey] = "0" }).Model;
        using var file = new MemoryStream();
        model.Save(file);
        using var truncated = new MemoryStream(file.ToArray()[..^5]);

        var error = Assert.Throws<InvalidDataException>(() => new ForecastPipeline().Load(EtsForecaster.AlgorithmName, truncated));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenMarkerIsWrong_Refuses()
    {
        using var file = new MemoryStream("ECMLFCST and more"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => new ForecastPipeline().Load(EtsForecaster.AlgorithmName, file));

        Assert.Contains("ECMLETSF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WhenConformalIsNotZeroOrOne_SaysWhichKey()
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(() => Train(Revenue(120, seed: 1), new() { [ForecastPipeline.ConformalKey] = "7" }));

        Assert.Contains(ForecastPipeline.ConformalKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WhenCalendarIsUnknown_SaysWhichKeyAndTheAcceptedNames()
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(() => Train(Revenue(120, seed: 1), new() { [ForecastPipeline.CalendarKey] = "mars" }));

        Assert.Contains(ForecastPipeline.CalendarKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("uk", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WithCalendarLogAndFitHorizon_RecordsThemAndSurvivesSaveAndLoad()
    {
        var outcome = Train(Revenue(200, seed: 3), new() { [ForecastPipeline.CalendarKey] = "uk-closed; holiday:12-24 name=eve before=1", [ForecastPipeline.TransformKey] = "log", [ForecastPipeline.FitHorizonKey] = "14" });
        var model = (IForecaster)outcome.Model;
        using var file = new MemoryStream();
        model.Save(file);
        file.Position = 0;

        var loaded = (IForecaster)new ForecastPipeline().Load(EtsForecaster.AlgorithmName, file);

        Assert.Equal("uk-closed; holiday:12-24 name=eve before=1", outcome.Hyperparameters[ForecastPipeline.CalendarKey]);
        Assert.Equal("log", outcome.Hyperparameters[ForecastPipeline.TransformKey]);
        Assert.Equal(model.Forecast(ForecastScope.Shop, 30, 0.8), loaded.Forecast(ForecastScope.Shop, 30, 0.8));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("nfl-peyton-manning")]
    public void Load_OfAVersion2File_WithACalendarThatKeptItsMeaning_GivesTheSameForecasts(string calendar)
    {
        var model = (IForecaster)Train(Revenue(120, seed: 4), new() { [ForecastPipeline.CalendarKey] = calendar, [ForecastPipeline.ConformalKey] = "0" }).Model;

        var loaded = (IForecaster)new ForecastPipeline().Load(EtsForecaster.AlgorithmName, AsVersion2(model));

        Assert.Equal(model.Forecast(ForecastScope.Shop, 30, 0.8), loaded.Forecast(ForecastScope.Shop, 30, 0.8));
    }

    [Fact]
    public void Load_OfAVersion2File_WithTheOldUkCalendar_AsksForARetrain()
    {
        var model = (IForecaster)Train(Revenue(120, seed: 4), new() { [ForecastPipeline.CalendarKey] = "uk", [ForecastPipeline.ConformalKey] = "0" }).Model;

        var error = Assert.Throws<InvalidDataException>(() => new ForecastPipeline().Load(EtsForecaster.AlgorithmName, AsVersion2(model)));

        Assert.Contains("retrain", error.Message, StringComparison.Ordinal);
        Assert.Contains("uk-closed", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Version 2 differed from 3 only in storing a calendar name where 3 stores a spec; the presets' specs are their names.</summary>
    private static MemoryStream AsVersion2(IForecaster model)
    {
        var file = new MemoryStream();
        model.Save(file);
        file.Position = "ECMLETSF"u8.Length;
        file.Write(BitConverter.GetBytes(2));
        file.Position = 0;
        return file;
    }
}
