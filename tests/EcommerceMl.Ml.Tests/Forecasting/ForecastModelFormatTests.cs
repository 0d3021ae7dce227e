using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Tests.Forecasting;

public class ForecastModelFormatTests
{
    private static SeasonalNaiveForecaster Model()
    {
        var shop = ForecastTestData.Weekly(days: 300, noise: 10, seed: 11);
        var product = new DailySeries(ForecastScope.Product("p1"), shop.Start, [.. shop.Values.ToArray().Select(v => v / 4)]);
        return SeasonalNaiveForecaster.Fit([shop, product], new SeasonalNaiveOptions());
    }

    private static byte[] Bytes(SeasonalNaiveForecaster model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private static IForecaster Load(byte[] bytes) => (IForecaster)new ForecastPipeline().Load("seasonal-naive", new MemoryStream(bytes));

    [Fact]
    public void SaveThenLoad_GivesTheSameForecasts()
    {
        var model = Model();

        var loaded = Load(Bytes(model));

        Assert.Equal(model.Scopes, loaded.Scopes);
        Assert.Equal(model.LastObservedDate, loaded.LastObservedDate);
        Assert.Equal("revenue", loaded.Measure);
        foreach (var scope in model.Scopes)
        {
            Assert.Equal(model.Forecast(scope, 90, 0.8), loaded.Forecast(scope, 90, 0.8));
        }
    }

    [Fact]
    public void Save_IsCompact()
    {
        // Two scopes: 7 float64 values and at most MaxBuckets × MaxSamplesPerBucket float32 residuals each, plus headers.
        var perScope = (7 * 8) + (ResidualBuckets.MaxBuckets * (4 + (ResidualBuckets.MaxSamplesPerBucket * 4)));
        Assert.True(Bytes(Model()).Length < (2 * perScope) + 200);
    }

    [Fact]
    public void Load_WhenTruncated_Refuses()
    {
        var bytes = Bytes(Model());

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes[..(bytes.Length / 2)]));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenMarkerIsWrong_Refuses()
    {
        var bytes = Bytes(Model());
        bytes[0] = (byte)'X';

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes));
        Assert.Contains("ECMLFCST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenBytesFollowTheModel_Refuses()
    {
        var bytes = Bytes(Model());

        Assert.Throws<InvalidDataException>(() => Load([.. bytes, 0]));
    }

    [Fact]
    public void Load_WhenACountIsCorrupted_Refuses()
    {
        var bytes = Bytes(Model());
        // The version field follows the 8-byte marker.
        BitConverter.GetBytes(99).CopyTo(bytes, 8);

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes));
        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenAlgorithmIsUnknown_SaysWhichAreAccepted()
    {
        var error = Assert.Throws<ArgumentException>(() => new ForecastPipeline().Load("prophet", new MemoryStream(Bytes(Model()))));

        Assert.Contains("seasonal-naive", error.Message, StringComparison.Ordinal);
    }
}
